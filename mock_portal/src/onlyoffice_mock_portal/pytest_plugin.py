"""The ``onlyoffice_portal`` pytest fixture: a mock portal for the tests of code built on ``onlyoffice_crm``.

Installed with the kit (entry point ``pytest11``: ``onlyoffice_portal``), so nothing is to be configured::

    from onlyoffice_crm import Portal

    def test_paid_invoices_are_read(onlyoffice_portal):
        onlyoffice_portal.set_invoices([onlyoffice_portal.invoice(status="paid", cost=99) for _ in range(3)])
        with Portal(onlyoffice_portal.url, onlyoffice_portal.token) as portal:
            assert len(list(portal.invoices(status="paid"))) == 3
        assert onlyoffice_portal.requests[0].path == "/api/2.0/crm/invoice/filter"

As with pytest-httpserver, one server serves the whole session (started when a test first asks for it, on a
free port of 127.0.0.1) and its state is reset before each test that uses it: the seeded invoices, the faults
(the configuration's), the requests received, the edits. The configuration is the fixture
``onlyoffice_portal_config`` (rate limit off, 20 seeded invoices); override it in a ``conftest.py`` to change it.

The plugin loads in every pytest run of whoever installed the kit, so it imports nothing of the server until a
test uses the fixture; without the ``[mock]`` extra, such a test fails with one line saying what to install.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from importlib import import_module
from typing import TYPE_CHECKING, Any, TypedDict, Unpack

import pytest

if TYPE_CHECKING:
    from .config import PortalConfig
    from .control import PortalControl, ReceivedRequest
    from .edits import EditCounts
    from .records import InvoiceFields, InvoiceRecords
    from .testing import RunningPortal

__all__ = ["MISSING_MOCK", "Faults", "MockPortal"]

MISSING_MOCK = 'onlyoffice_portal needs the mock portal: pip install "onlyoffice-crm-client[mock]"'
"""The failure of a test that uses the fixture where the ``[mock]`` extra is not installed."""
_MOCK_EXTRA = frozenset({"starlette", "uvicorn", "h11", "numpy", "yaml", "jsonschema", "referencing"})
"""The top-level modules of the ``[mock]`` extra's distributions (and their own dependencies the mock imports)."""
SEEDED_INVOICES = 20
UNCAPPED_ATTEMPTS = 1_000
"""stamina's testing mode caps each call's attempts at this: far above any the library makes, so none is cut."""


class Faults(TypedDict, total=False):
    """What :meth:`MockPortal.set_faults` takes, with the meanings of the
    :class:`~onlyoffice_mock_portal.PortalConfig` fields of the same names."""

    rate_limit: int
    rate_limit_window_s: float
    fail_first: int
    error_share: float
    latency_ms: float
    drop_share: float
    edits_per_request: float
    edit_early_numbers: bool


class MockPortal:
    """The mock portal a test talks to: where it is, how to log in, and what the test may change or read.

    Changes last until the next test that uses the fixture, which starts from the configuration's state.
    """

    def __init__(self, running: RunningPortal, config: PortalConfig, records: InvoiceRecords) -> None:
        self._running = running
        self._config = config
        self._records = records

    @property
    def url(self) -> str:
        """The portal's base URL, ``http://127.0.0.1:<port>``."""
        return self._running.url

    @property
    def token(self) -> str:
        """A token the portal accepts (``Portal(url, token)``)."""
        return self._config.token

    @property
    def user_name(self) -> str:
        """The user name the portal lets in (``Portal.login(url, user_name, password)``)."""
        return self._config.user_name

    @property
    def password(self) -> str:
        """That user's password.

        Raises:
            RuntimeError: no password logs in, as with a token of one's own and no password of one's own (the
                documented password logs in only beside the documented token): the message says what to set.
        """
        from .auth import login_password

        password = login_password(self._config)
        if password is None:
            raise RuntimeError(
                "onlyoffice_portal.password: no password logs in to this portal: with a token of your own, the "
                "default password is refused; give onlyoffice_portal_config a password (PortalConfig(password=...))"
            )
        return password

    def set_invoices(self, records: Iterable[Mapping[str, Any]]) -> None:
        """Serve exactly these invoices (wire records, as :meth:`invoice` makes them or a ``--data`` file holds
        them) for the rest of this test.

        Raises:
            DataFileError: every problem of the records, each with its path (``invoices[2].issueDate: ...``);
                the portal keeps serving what it served before.
        """
        self._running.control.set_invoices([dict(record) for record in records])

    def invoice(self, **fields: Unpack[InvoiceFields]) -> dict[str, Any]:
        """A complete wire record of a typical invoice, with ``fields`` (wire names) instead of the defaults:
        ``invoice(status="paid", currency="USD", issueDate=date(2024, 3, 1), contact="Contoso", cost=99)``.

        Ids and numbers are unique within the test (1, 2, 3... unless given); dates are written in the
        portal's time zone. See :mod:`onlyoffice_mock_portal.records` for what each field takes."""
        return self._records(**fields)

    def set_faults(self, **faults: Unpack[Faults]) -> None:
        """Inject faults from the next request on, for this test only: ``set_faults(fail_first=2)`` (the next two
        answers 503, then the real ones: no draw, the same in every run), ``error_share=1.0`` (every answer a 503
        or 502), ``rate_limit=5``, ``latency_ms=200``, ``drop_share=0.5``, ``edits_per_request=1``.

        The shares are drawn per request from a sequence seeded by the configuration's ``seed``, started afresh
        for each test: the same test sees the same faults in every run, but ``error_share=0.5`` may well spare
        the first request (or the first three). Use ``fail_first`` where a test needs the first answers to fail.

        Raises:
            TypeError: an unknown name or a value of the wrong type (nothing is changed).
            ValueError: a value out of range (nothing is changed).
        """
        self._running.control.set_faults(**faults)

    @property
    def requests(self) -> list[ReceivedRequest]:
        """The requests received in this test, oldest first: each with ``method``, ``path``, ``query`` (pairs of
        wire values), ``headers`` (lower-case names, without ``Authorization`` and ``Cookie``), the ``status`` of
        its answer (``[r.status for r in onlyoffice_portal.requests] == [503, 200]``), and ``filters``, the query
        in the library's words (``{"status": "paid", "order_by": "number", "descending": False}``)."""
        return self._running.control.requests

    @property
    def edits(self) -> EditCounts:
        """The invoices added, deleted and changed by ``edits_per_request`` in this test."""
        return self._running.control.edits

    @property
    def control(self) -> PortalControl:
        """The portal's control, for anything the methods above do not cover."""
        return self._running.control


def _missing_mock_module() -> str | None:
    """The module of the ``[mock]`` extra the server cannot import, or None when it has them all."""
    try:
        import_module(".testing", __package__)
    except ModuleNotFoundError as error:
        if (error.name or "").partition(".")[0] not in _MOCK_EXTRA:
            raise
        return error.name
    return None


ROLE_OPTION = "--onlyoffice-portal-role"
ROLE_INI = "onlyoffice_portal_role"
ROLE_CHOICES = ("admin", "user", "guest")
""":attr:`PortalConfig.role`'s choices (kept equal to it by the plugin's tests: nothing of the mock is imported
while pytest reads its options)."""


def pytest_addoption(parser: pytest.Parser) -> None:
    """``--onlyoffice-portal-role`` (or the ini value ``onlyoffice_portal_role``): whom the session portal's
    token belongs to, ``admin`` (the default), ``user`` or ``guest`` (:attr:`PortalConfig.role`)."""
    group = parser.getgroup("onlyoffice_portal")
    group.addoption(
        ROLE_OPTION,
        choices=ROLE_CHOICES,
        default=None,
        help="the onlyoffice_portal fixture's caller role (default: the ini value, else admin)",
    )
    parser.addini(ROLE_INI, "the onlyoffice_portal fixture's caller role: admin, user or guest", default="admin")


def portal_role(config: pytest.Config) -> str:
    """The role the session's portal answers as: the command-line option, else the ini value."""
    given = config.getoption(ROLE_OPTION)
    role = str(given if given is not None else config.getini(ROLE_INI))
    if role not in ROLE_CHOICES:
        raise pytest.UsageError(f"{ROLE_INI} must be one of {', '.join(ROLE_CHOICES)}, not {role!r}")
    return role


@pytest.fixture(scope="session")
def onlyoffice_portal_config(pytestconfig: pytest.Config) -> PortalConfig:
    """The configuration of the session's mock portal: its rate limit off, 20 seeded invoices, the default token,
    user name and password, the caller role of ``--onlyoffice-portal-role`` / ``onlyoffice_portal_role``
    (``admin`` unless given). Override this fixture (session scope) in a ``conftest.py`` to serve another."""
    from .config import PortalConfig

    return PortalConfig(invoices=SEEDED_INVOICES, rate_limit=0, role=portal_role(pytestconfig))


@pytest.fixture(scope="session")
def onlyoffice_portal_server(onlyoffice_portal_config: PortalConfig) -> Iterator[RunningPortal]:
    """The session's mock portal, served in a background thread on a free port of 127.0.0.1 from the first
    test that asks for it to the end of the session. Tests use ``onlyoffice_portal``, which resets it."""
    missing = _missing_mock_module()
    if missing is not None:  # failed outside the except block: no chained traceback, just the line
        pytest.fail(f"{MISSING_MOCK} (no module named {missing!r})", pytrace=False)
    from .testing import serve_portal

    with serve_portal(onlyoffice_portal_config) as running:
        yield running


@pytest.fixture
def onlyoffice_portal(
    onlyoffice_portal_server: RunningPortal, onlyoffice_portal_config: PortalConfig
) -> Iterator[MockPortal]:
    """A mock ONLYOFFICE portal, reset for this test: ``url``, ``token``, ``user_name``, ``password``;
    ``set_invoices(records)`` and ``invoice(**fields)`` to seed it; ``set_faults(...)`` for this test;
    ``requests`` received in this test.

    While the test runs, the library retries without waiting (stamina's testing mode, each call keeping its own
    number of attempts): a test of a failing portal sees every retry and ends at once, instead of waiting out
    the backoff and the portal's ``Retry-After``."""
    import stamina

    from .records import InvoiceRecords

    onlyoffice_portal_server.control.reset()
    records = InvoiceRecords(onlyoffice_portal_config.utc_offset_minutes)
    with stamina.set_testing(True, attempts=UNCAPPED_ATTEMPTS, cap=True):
        yield MockPortal(onlyoffice_portal_server, onlyoffice_portal_config, records)
