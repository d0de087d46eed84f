"""What a contract run did, kept in memory for its summary and artefacts: every exchange (secrets already masked),
every wait for a busy portal, and how many cases each schemathesis check ran and failed."""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass, field

from ..interface import CheckFailure

BETWEEN_TESTS = "between tests"
"""Where a run is when no test is running (the verdict says "stopped by SIGINT between tests")."""


@dataclass(frozen=True)
class Exchange:
    """One request and its answer, as recorded: credential headers and login fields already masked."""

    started: float
    """Wall-clock time (epoch seconds) the request left."""
    method: str
    url: str
    request_headers: list[tuple[str, str]]
    request_body: str
    status: int
    response_headers: list[tuple[str, str]]
    response_body: str
    body_truncated: bool
    elapsed_s: float
    test: str
    """The pytest node that sent it, or ``"preflight"``."""
    response_size: int = -1
    """Bytes of the whole answer's body as it came (-1: not measured)."""
    response_sha256: str = ""
    """SHA-256 of those bytes (of the masked body, for a login), in hexadecimal."""
    login: bool = False
    """The run's login: its request body (user name, password) is never kept, nor its length."""


@dataclass(frozen=True)
class Retry:
    """A 503 or 429 that was waited out and sent again (a warning, never a contract failure)."""

    method: str
    url: str
    status: int
    waited_s: float
    test: str


@dataclass
class RunRecord:
    """The record of one run: its gate writes every exchange and wait, its pytest plugin the tests' check counts
    and failures (pytest runs in the runner's process)."""

    exchanges: list[Exchange] = field(default_factory=list)
    retries: list[Retry] = field(default_factory=list)
    check_cases: Counter[str] = field(default_factory=Counter)
    check_failures: list[CheckFailure] = field(default_factory=list)
    current_test: str = "preflight"
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def add_exchange(self, exchange: Exchange) -> None:
        """Keep one recorded exchange."""
        with self._lock:
            self.exchanges.append(exchange)

    def add_retry(self, retry: Retry) -> None:
        """Keep one waited-out 503/429."""
        with self._lock:
            self.retries.append(retry)

    def count_check(self, name: str, cases: int) -> None:
        """``cases`` cases went through check ``name``."""
        with self._lock:
            self.check_cases[name] += cases

    def add_check_failure(self, failure: CheckFailure) -> None:
        """One case failed one check."""
        with self._lock:
            self.check_failures.append(failure)
