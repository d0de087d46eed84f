"""The one gate every HTTP request of a contract run passes through, as the transport of every client the run
builds: the login, the preflight, the suite's generated clients (:class:`GatedTransport`) and schemathesis (through
the gateway application of ``gateway.py``, which sends with a gated client). For each request it

1. refuses, against a read-only (live) target, anything but a GET of the invoice filter (also as ``filter.json``)
   and one login POST;
2. waits for the run's single rate limiter;
3. waits out a 503 or 429 (its ``Retry-After``, capped) and sends again, noting a warning;
4. records the exchange for the run's HAR file, with credentials masked as it copies them (of the login, neither
   the request body nor its length).

The gate sends synchronously: an async client gets :class:`RefusingAsyncTransport`, which sends nothing.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx

import onlyoffice_crm_spec as spec
from onlyoffice_crm import parse_retry_after

from .masking import masked_headers, masked_json_body
from .ratelimit import SlidingWindowLimiter
from .run_record import Exchange, Retry, RunRecord

RETRIED_STATUSES = frozenset({429, 503})
JSON_SUFFIX = ".json"  # the same route, the spec says: a read like the plain path
RECORDED_BODY_BYTES = 256 * 1024
LOGIN_UNRECORDED_HEADERS = frozenset({"content-length"})


class ReadOnlyViolationError(Exception):
    """A request a live portal must never receive; raised before anything is sent (a test that sends one fails)."""


class AsyncRequestRefusedError(Exception):
    """An async client of a contract run sent a request: the gate sends synchronously, so it is refused."""


@dataclass(frozen=True)
class Policy:
    """What the gate lets through, how fast, and how patiently."""

    base_url: str
    read_only: bool
    requests_per_second: int
    max_logins: int = 1
    retries: int = 3
    longest_wait_s: float = 60.0
    wait_without_retry_after_s: float = 1.0


class Gate:
    """Admission, rate limit, retries and recording for one run (see the module's description)."""

    def __init__(self, policy: Policy, record: RunRecord) -> None:
        self.policy, self.record = policy, record
        self.limiter = SlidingWindowLimiter(policy.requests_per_second)
        parts = urlsplit(policy.base_url)
        self._origin = (parts.scheme, parts.netloc.lower())
        prefix = parts.path.rstrip("/")
        self._filter_path, self._login_path = prefix + spec.FILTER_PATH, prefix + spec.AUTHENTICATION_PATH
        self._lock = threading.Lock()
        self.logins = 0
        self.retries = policy.retries

    @contextmanager
    def impatient(self) -> Iterator[None]:
        """Within the block a 503/429 is returned at once, not waited out (the preflight must end in seconds)."""
        self.retries = 0
        try:
            yield
        finally:
            self.retries = self.policy.retries

    def admit(self, method: str, url: str) -> None:
        """Raise :class:`ReadOnlyViolationError` for a request a read-only target must not receive."""
        if not self.policy.read_only:
            return
        parts = urlsplit(url)
        if (parts.scheme, parts.netloc.lower()) == self._origin:
            if method == "GET" and parts.path in (self._filter_path, self._filter_path + JSON_SUFFIX):
                return
            if method == "POST" and parts.path == self._login_path:
                with self._lock:
                    if self.logins < self.policy.max_logins:
                        self.logins += 1
                        return
                raise ReadOnlyViolationError(f"refused a second login to {parts.netloc}: a live run logs in once")
        raise ReadOnlyViolationError(
            f"refused {method} {parts.scheme}://{parts.netloc}{parts.path}: a live portal is sent only GET "
            f"{self._filter_path} (and one login)"
        )

    def send(self, request: httpx.Request, transmit: Callable[[httpx.Request], httpx.Response]) -> httpx.Response:
        """Admit, rate-limit, send with ``transmit`` (again after a 503/429 while the policy allows) and record."""
        method, url = request.method.upper(), str(request.url)
        self.admit(method, url)
        sent = (list(request.headers.multi_items()), request.read())
        retries = self.retries
        for attempt in range(retries + 1):
            self.limiter.acquire()
            started, clock = time.time(), time.monotonic()
            response = transmit(request)
            response.read()  # recorded, and the retry decision needs the whole answer
            self._record(method, url, sent, response, started, time.monotonic() - clock)
            if response.status_code not in RETRIED_STATUSES or attempt == retries:
                return response
            wait = parse_retry_after(response.headers.get("retry-after"))
            wait = self.policy.wait_without_retry_after_s if wait is None else wait
            if wait > self.policy.longest_wait_s:
                return response
            self.record.add_retry(Retry(method, url, response.status_code, wait, self.record.current_test))
            response.close()
            time.sleep(wait)
        raise AssertionError("unreachable: the last attempt returns")  # pragma: no cover

    def _record(
        self,
        method: str,
        url: str,
        request: tuple[list[tuple[str, str]], bytes],
        answer: httpx.Response,
        started: float,
        elapsed_s: float,
    ) -> None:
        login = urlsplit(url).path == self._login_path
        headers, body = request
        if login:
            # Neither the user name nor the password, nor their length (content-length), is kept.
            request_text, response_text = "", masked_json_body(answer.content)
            headers = [(name, value) for name, value in headers if name.lower() not in LOGIN_UNRECORDED_HEADERS]
            measured = response_text.encode("utf-8")
        else:
            request_text = body.decode("utf-8", "replace")
            response_text = answer.content[:RECORDED_BODY_BYTES].decode("utf-8", "replace")
            measured = answer.content
        self.record.add_exchange(
            Exchange(
                started=started, method=method, url=url, request_headers=masked_headers(headers),
                request_body=request_text, status=answer.status_code,
                response_headers=masked_headers(answer.headers.multi_items()), response_body=response_text,
                body_truncated=len(answer.content) > RECORDED_BODY_BYTES and not login,
                elapsed_s=elapsed_s, test=self.record.current_test, response_size=len(measured),
                response_sha256=hashlib.sha256(measured).hexdigest(), login=login,
            )
        )  # fmt: skip


class GatedTransport(httpx.BaseTransport):
    """An ``httpx`` transport that sends every request through ``gate`` (on ``inner``, by default a plain
    ``httpx.HTTPTransport``)."""

    def __init__(self, gate: Gate, inner: httpx.BaseTransport | None = None) -> None:
        self.gate = gate
        self.inner = inner or httpx.HTTPTransport()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        """Send ``request`` through the gate."""
        return self.gate.send(request, self.inner.handle_request)

    def close(self) -> None:
        """Close the inner transport."""
        self.inner.close()


class RefusingAsyncTransport(httpx.AsyncBaseTransport):
    """The transport of a contract run's async clients: it sends nothing, so no request goes around the gate
    (against a live portal, around its read-only rule; against any target, around its rate limit and record)."""

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Raise :class:`AsyncRequestRefusedError`."""
        raise AsyncRequestRefusedError(
            f"refused {request.method} {request.url.copy_with(query=None)}: a contract run sends synchronously, "
            "through its gate"
        )
