"""What the runner and the suite agree on, and all they share: the runner imports the suite only to locate its
files, and the suite never imports the runner.

The runner hands the suite its run as a :class:`SuiteRun` in pytest's stash (:data:`RUN_KEY`), from a plugin it
passes to ``pytest.main``; a plain ``pytest`` run of the suite finds none and tests the in-process mock portal.
The suite reports back through pytest's test properties (``record_property``), under the names below.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

import pytest

if TYPE_CHECKING:
    from onlyoffice_crm_client import AuthenticatedClient

KNOWN_DEFECT_PROPERTY = "known_server_defect"
"""A defect the spec lists for the real server, shown by the target: a warning of the run."""
INCONCLUSIVE_PROPERTY = "inconclusive"
"""A check without a verdict (``suite/paging.py``): the target changed during it, twice running."""
CHECK_CASES_PROPERTY = "schemathesis_check_cases"
"""``(check, cases)``: how many cases one schemathesis check ran in one test."""
CHECK_FAILURE_PROPERTY = "schemathesis_check_failure"
"""``(check, title, message, reproduce)``: one case that failed one schemathesis check (a :class:`CheckFailure`)."""


@dataclass(frozen=True)
class CheckFailure:
    """One schemathesis check that failed on one case: what the suite reports and the runner summarises."""

    check: str
    title: str
    message: str
    reproduce: str


class Target(Protocol):
    """A server under contract, as the suite uses it."""

    @property
    def base_url(self) -> str:
        """Where the target is (a reproduce command names it)."""

    @property
    def token(self) -> str:
        """The token it accepts."""

    @property
    def is_live(self) -> bool:
        """Only GET requests to the filter (and the runner's one login) may be sent to it."""

    @property
    def app(self) -> Any:
        """The ASGI application schemathesis sends its requests to: the target itself in-process, or a gateway
        that passes each request on to the target through the run's gate."""

    def client(self, token: str | None = None) -> AuthenticatedClient:
        """A generated client of the target with its token (or ``token``; ``""`` sends none)."""


@dataclass(frozen=True)
class SuiteRun:
    """What the runner hands the suite: the target and how deep to test it."""

    target: Target
    max_examples: int | None = None
    """Generated cases per fuzzed operation and property; None for the suite's own default."""


RUN_KEY = pytest.StashKey[SuiteRun]()
"""Where the runner's plugin puts the run in ``config.stash``."""
