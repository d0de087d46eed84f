"""``Portal``: the synchronous entry point of the library, a thin driver of the sans-I/O walk and plans."""

from __future__ import annotations

import datetime as dt
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from types import TracebackType
from typing import Self, TypeVar, Unpack

import httpx

from onlyoffice_crm_client.models import Invoice

from ._errors import PortalError
from ._filters import Filters, InvoiceFilter, OrderedFilters, build_filter
from ._iterators import DEFAULT_CONCURRENCY, InvoiceWalk, check_concurrency
from ._operations import Page, check_paging, login_error, login_request, read_login
from ._portal_base import DEFAULTS, Plan, PortalBase, PortalOptions, count_plan, page_plan, policy_of
from ._settings import check_base_url, check_text, credentials_from_env
from ._signatures import with_keywords
from ._transport import Sender
from ._walk import PageRequest, WalkCore, WalkReport

__all__ = ["Portal"]

T = TypeVar("T")


class Portal(PortalBase):
    """A connection to one ONLYOFFICE portal's CRM invoices, with a token.

    Args:
        base_url: the portal's address, e.g. ``https://example.onlyoffice.com``.
        token: a token from :meth:`login` (sent raw in ``Authorization``, as the portal issues it).
        transport: an httpx transport to send through (a proxy, a test double).
        **options: see :class:`~onlyoffice_crm.PortalOptions`.

    The portal object is a context manager; :meth:`close` releases its connections.
    """

    @with_keywords(PortalOptions, defaults=DEFAULTS)
    def __init__(
        self,
        base_url: str,
        token: str,
        *,
        transport: httpx.BaseTransport | None = None,
        **options: Unpack[PortalOptions],
    ) -> None:
        super().__init__(base_url, token, options, transport)
        self._sender = Sender(self._client.get_httpx_client(), self._policy)

    @classmethod
    @with_keywords(PortalOptions, defaults=DEFAULTS)
    def login(
        cls,
        base_url: str,
        user_name: str,
        password: str,
        *,
        transport: httpx.BaseTransport | None = None,
        **options: Unpack[PortalOptions],
    ) -> Self:
        """Log in with a user name and password (``POST /api/2.0/authentication``) and return a portal.

        Raises:
            AuthenticationError: wrong credentials (the portal answers 401 or 500), or two-factor
                authentication is on for the user.
            PortalError: any other failure.
        """
        url = check_base_url(base_url)
        request = login_request(check_text("user_name", user_name), check_text("password", password))
        policy = policy_of(options, rate_limit=False)
        with httpx.Client(base_url=url, timeout=httpx.Timeout(policy.timeout), transport=transport) as http:
            try:
                response = Sender(http, policy).send(request, retry=False)
            except PortalError as error:
                raise login_error(error) from error
            token = read_login(response)
        return cls(url, token, transport=transport, **options)

    @classmethod
    @with_keywords(PortalOptions, defaults=DEFAULTS)
    def from_env(cls, *, transport: httpx.BaseTransport | None = None, **options: Unpack[PortalOptions]) -> Self:
        """A portal from ``ONLYOFFICE_URL`` and ``ONLYOFFICE_TOKEN``, or by logging in with
        ``ONLYOFFICE_USER_NAME`` and ``ONLYOFFICE_PASSWORD`` (the token wins when both are set).

        Raises:
            ValueError: a variable is missing (the message names it).
            AuthenticationError: the login failed.
        """
        found = credentials_from_env()
        if found.token is not None:
            return cls(found.base_url, found.token, transport=transport, **options)
        assert found.user_name is not None
        assert found.password is not None
        return cls.login(found.base_url, found.user_name, found.password, transport=transport, **options)

    def close(self) -> None:
        """Close the connections."""
        self._sender.close()
        self._client.get_httpx_client().close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.close()

    def utc_offset(self) -> dt.timedelta:
        """The portal's time zone as a UTC offset: the one given, else the offset on the first invoice
        date the layer has seen (one request for an invoice if none yet); UTC for a portal with no invoices.

        Aware datetimes in ``issued=``/``due=`` are converted with it; dates and naive datetimes are
        sent as the portal's own wall-clock time and need no offset.
        """
        return self._run(self._offset_plan())

    @with_keywords(OrderedFilters, defaults={"descending": False})
    def invoices(self, *, concurrency: int = DEFAULT_CONCURRENCY, **filters: Unpack[OrderedFilters]) -> InvoiceWalk:
        """Every invoice that matches, exactly once, in the order asked, fetching pages of 1,000 lazily.

        Invoices added, removed or changed while the walk runs do not make it repeat or skip the others:
        see how the walk keeps its promise (the ``onlyoffice_crm._walk`` module, shown in the guide) and the
        returned walk's ``report``.

        Args:
            concurrency: pages requested at once (1..32): while one page is read, the next ones are fetched
                by as many threads; at most this many pages are held.
            **filters: see :class:`~onlyoffice_crm.OrderedFilters`.

        Raises:
            TypeError, ValueError: a bad filter (the message names it), before any request.
            PortalError: a request failed after its retries, or the portal's answers contradict each other.
        """
        query = build_filter(filters)
        report = WalkReport()
        return InvoiceWalk(self._walk(query, check_concurrency(concurrency), report), report)

    @with_keywords(Filters)
    def count_invoices(self, **filters: Unpack[Filters]) -> int:
        """How many invoices match (one request). Filters as for :meth:`invoices`."""
        return self._run(count_plan(build_filter(filters, ordered=False)))

    @with_keywords(OrderedFilters, defaults={"descending": False})
    def page(self, *, limit: int = 25, offset: int = 0, **filters: Unpack[OrderedFilters]) -> Page:
        """One page: the first ``limit`` (0..1000) matching invoices after ``offset``, and the total.

        One request (two when ``offset`` is past the end). Paging through ``issue_date``,
        ``due_date`` or ``status`` order with offsets can repeat or skip invoices with equal keys
        on a real portal, as can any offset paging while the portal changes: use :meth:`invoices` to walk them.
        """
        query = build_filter(filters)
        limit, offset = check_paging(limit, offset)
        return self._run(page_plan(query, limit, offset))

    def _fetch(self, request: PageRequest) -> httpx.Response:
        return self._sender.send(self._httpx_request(request))

    def _run(self, plan: Plan[T]) -> T:
        try:
            request = next(plan)
            while True:
                request = plan.send(self._read(request, self._fetch(request)))
        except StopIteration as done:
            return done.value  # type: ignore[no-any-return]

    def _walk(self, query: InvoiceFilter, concurrency: int, report: WalkReport) -> Iterator[Invoice]:
        core = WalkCore(self._run(self._localize_plan(query)), concurrency, report)
        in_flight: deque[tuple[PageRequest, Future[httpx.Response]]] = deque()
        # Threads only wait for answers (httpx releases the GIL); parsing and the walk's logic stay here.
        pool = ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="onlyoffice-crm-walk")
        try:
            while not core.done:
                while len(in_flight) < concurrency and (request := core.next_request(len(in_flight))) is not None:
                    in_flight.append((request, pool.submit(self._fetch, request)))
                if not in_flight:
                    break
                request, answer = in_flight.popleft()
                yield from core.receive(request, self._read(request, answer.result()))
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
