"""The one gate every HTTP request of a contract run passes through, whichever library sends it.

Installed for the run, it wraps the lowest sending layer of both libraries the suite uses: ``httpx``'s
``HTTPTransport`` (the generated client, the preflight) and ``requests``' ``HTTPAdapter`` (schemathesis, including the
extra requests its checks send on sessions of their own). For each request it

1. refuses, against a read-only (live) target, anything but a GET of the invoice filter and one login POST;
2. waits for the run's single rate limiter;
3. waits out a 503 or 429 (its ``Retry-After``, capped) and sends again, noting a warning;
4. records the exchange for the run's HAR file, with credentials masked as it copies them.
"""

from __future__ import annotations

import email.utils
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.parse import urlsplit

import httpx
import requests
import requests.adapters

import onlyoffice_crm_spec as spec

from .masking import masked_headers, masked_json_body
from .ratelimit import SlidingWindowLimiter
from .run_record import RECORD, Exchange, Retry, RunRecord

RETRIED_STATUSES = frozenset({429, 503})
RECORDED_BODY_BYTES = 256 * 1024
Sent = TypeVar("Sent")


class ReadOnlyViolationError(requests.exceptions.RequestException):
    """A request a live portal must never receive; raised before anything is sent.

    A ``requests`` error, so that schemathesis treats it as a request that could not be sent: its start-up probes
    of the server's root are skipped, and a generated case that would break the rule fails its test loudly."""


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


@dataclass(frozen=True)
class Answer:
    """What the gate needs to know of a response, whichever library received it."""

    status: int
    headers: list[tuple[str, str]]
    body: bytes


def retry_after_s(headers: Mapping[str, str], default: float) -> float:
    """Seconds to wait as ``Retry-After`` says (a number of seconds or an HTTP date), else ``default``."""
    value = next((v for k, v in headers.items() if k.lower() == "retry-after"), "").strip()
    if value.isdigit():
        return float(value)
    try:
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return default
    return max(0.0, moment.timestamp() - time.time())


class Gate:
    """Admission, rate limit, retries and recording for one run (see the module's description)."""

    def __init__(self, policy: Policy, record: RunRecord = RECORD) -> None:
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
            if method == "GET" and parts.path == self._filter_path:
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

    def send(
        self,
        method: str,
        url: str,
        request: tuple[list[tuple[str, str]], bytes],
        transmit: Callable[[], Sent],
        read: Callable[[Sent], Answer],
        discard: Callable[[Sent], None],
    ) -> Sent:
        """Admit, rate-limit, send (again after a 503/429 while the policy allows) and record one request."""
        method = method.upper()
        self.admit(method, url)
        retries = self.retries
        for attempt in range(retries + 1):
            self.limiter.acquire()
            started, clock = time.time(), time.monotonic()
            sent = transmit()
            answer = read(sent)
            self._record(method, url, request, answer, started, time.monotonic() - clock)
            if answer.status not in RETRIED_STATUSES or attempt == retries:
                return sent
            wait = retry_after_s(dict(answer.headers), self.policy.wait_without_retry_after_s)
            if wait > self.policy.longest_wait_s:
                return sent
            self.record.add_retry(Retry(method, url, answer.status, wait, self.record.current_test))
            discard(sent)
            time.sleep(wait)
        raise AssertionError("unreachable: the last attempt returns")  # pragma: no cover

    def _record(
        self,
        method: str,
        url: str,
        request: tuple[list[tuple[str, str]], bytes],
        answer: Answer,
        started: float,
        elapsed_s: float,
    ) -> None:
        login = urlsplit(url).path == self._login_path
        headers, body = request
        if login:
            request_text, response_text = masked_json_body(body), masked_json_body(answer.body)
        else:
            request_text = body.decode("utf-8", "replace")
            response_text = answer.body[:RECORDED_BODY_BYTES].decode("utf-8", "replace")
        self.record.add_exchange(
            Exchange(
                started=started, method=method, url=url, request_headers=masked_headers(headers),
                request_body=request_text, status=answer.status, response_headers=masked_headers(answer.headers),
                response_body=response_text, body_truncated=len(answer.body) > RECORDED_BODY_BYTES and not login,
                elapsed_s=elapsed_s, test=self.record.current_test,
            )
        )  # fmt: skip


_current: Gate | None = None


def current_gate() -> Gate | None:
    """The gate installed in this process, if any."""
    return _current


def _httpx_answer(response: httpx.Response) -> Answer:
    return Answer(response.status_code, list(response.headers.multi_items()), response.content)


def _requests_answer(response: requests.Response) -> Answer:
    return Answer(response.status_code, list(response.headers.items()), response.content or b"")


def _as_bytes(body: Any) -> bytes:
    if body is None:
        return b""
    return body.encode() if isinstance(body, str) else bytes(body) if isinstance(body, bytes | bytearray) else b""


@contextmanager
def installed(gate: Gate) -> Iterator[Gate]:
    """Route every ``httpx`` and ``requests`` request of this process through ``gate`` until the block ends."""
    global _current
    if _current is not None:
        raise RuntimeError("a gate is already installed in this process")
    httpx_send = httpx.HTTPTransport.handle_request
    requests_send = requests.adapters.HTTPAdapter.send

    def handle_request(transport: httpx.HTTPTransport, request: httpx.Request) -> httpx.Response:
        def transmit() -> httpx.Response:
            response = httpx_send(transport, request)
            response.read()  # recorded, and the retry decision needs the whole answer
            return response

        headers = list(request.headers.multi_items())
        return gate.send(request.method, str(request.url), (headers, request.read()), transmit, _httpx_answer,
                         httpx.Response.close)  # fmt: skip

    def adapter_send(adapter: requests.adapters.HTTPAdapter, request: requests.PreparedRequest,
                     *args: Any, **kwargs: Any) -> requests.Response:  # fmt: skip
        def transmit() -> requests.Response:
            response = requests_send(adapter, request, *args, **kwargs)
            response.content  # noqa: B018  (read once; requests keeps it for every later reader)
            return response

        headers = [(name, str(value)) for name, value in request.headers.items()]
        return gate.send(str(request.method), str(request.url), (headers, _as_bytes(request.body)), transmit,
                         _requests_answer, requests.Response.close)  # fmt: skip

    httpx.HTTPTransport.handle_request = handle_request  # type: ignore[method-assign,assignment]
    requests.adapters.HTTPAdapter.send = adapter_send  # type: ignore[method-assign,assignment]
    _current = gate
    try:
        yield gate
    finally:
        httpx.HTTPTransport.handle_request = httpx_send  # type: ignore[method-assign]
        requests.adapters.HTTPAdapter.send = requests_send  # type: ignore[method-assign]
        _current = None
