"""Sending one request within bounds: the rate limit, retries, a deadline and a size limit per answer.

* Rate limit: ``pyrate-limiter``, a sliding window of ``RateLimit.requests`` per ``RateLimit.per``
  seconds (the portal's documented 500 per 10 s by default), taken before every attempt, retries
  included.
* Retries: ``stamina``, with a backoff hook that chooses each wait (the server's ``Retry-After``
  when it sent a readable one, else exponential backoff with jitter) and stops once the waits of one
  request would pass ``Policy.max_retry_wait``. GETs are retried on 429, 502, 503, 504, on
  connection errors and on connect timeouts; a login (POST) is never retried.
* Deadline: ``Policy.timeout`` bounds one attempt's whole exchange, from connect to the last byte
  of the body, not each socket operation as httpx's own timeout does.
* Size: an answer's body is read as a stream and refused once it passes ``Policy.max_response_bytes``
  after decompression (a declared ``Content-Length`` above it is refused before reading).
* Every answer that is not a success, and every httpx error, becomes a :class:`PortalError`.
* Each retry is logged, at INFO, on the ``onlyoffice_crm`` logger as one readable line ("portal busy (503),
  retrying 2/4 in 3 s"), with the numbers in the record (``retry_number``, ``retry_limit``, ``retry_wait``,
  ``retry_reason``); the logger stays silent until the application configures logging. stamina's own
  ``stamina.retry_scheduled`` log lines are turned off when a portal object is made, unless the application
  has set stamina's hooks itself (:func:`quiet_stamina_logging`).
* In tests, ``stamina.set_testing(True, attempts=1)`` (or ``max_retries=0``) makes a failing portal fail at
  once instead of after the backoff waits.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import math
import random
import time
from collections.abc import AsyncIterator, Callable, Iterable
from dataclasses import dataclass
from typing import Any, NoReturn, TypeVar

import anyio
import httpx
import stamina
from pyrate_limiter import Duration, Limiter, Rate

from ._errors import (
    PortalConnectionError,
    PortalError,
    PortalTimeoutError,
    ResponseTooLargeError,
    UnexpectedResponseError,
    error_for_response,
    error_for_transport,
)

__all__ = [
    "DEFAULT_RATE_LIMIT",
    "LOGGER",
    "AsyncSender",
    "Policy",
    "RateLimit",
    "Sender",
    "parse_body",
    "quiet_stamina_logging",
    "retry_reason",
]

T = TypeVar("T")

LOGGER = logging.getLogger("onlyoffice_crm")
"""Where the library logs (retries, at INFO); quiet unless the application configures logging."""
LOGGER.addHandler(logging.NullHandler())  # the logging HOWTO's rule for libraries: no "last resort" output
# stamina's hooks that write log lines (stdlib logging, structlog); its Prometheus hook is kept.
_STAMINA_LOG_HOOKS = ("stamina.instrumentation._logging", "stamina.instrumentation._structlog")

# stamina's default jitter: up to one second added to each exponential backoff wait.
WAIT_JITTER = 1.0
# Headers that describe the encoded body; the body handed on is decoded and complete.
_BODY_HEADERS = frozenset({b"content-encoding", b"content-length", b"transfer-encoding"})


@dataclass(frozen=True)
class RateLimit:
    """At most ``requests`` requests in any window of ``per`` seconds."""

    requests: int = 500
    per: float = 10.0

    def __post_init__(self) -> None:
        if isinstance(self.requests, bool) or not isinstance(self.requests, int) or self.requests < 1:
            raise ValueError(f"rate_limit: requests must be a positive int, got {self.requests!r}")
        if not isinstance(self.per, int | float) or not math.isfinite(self.per) or self.per <= 0:
            raise ValueError(f"rate_limit: per must be a positive number of seconds, got {self.per!r}")


DEFAULT_RATE_LIMIT = RateLimit()


def _check_seconds(name: str, value: object, *, zero: bool) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"{name}: expected seconds as a float, got {type(value).__name__}")
    if not math.isfinite(value) or value < 0 or (value == 0 and not zero):
        least = "0 or more" if zero else "a positive"
        raise ValueError(f"{name}: expected {least} finite number of seconds, got {value!r}")


@dataclass(frozen=True)
class Policy:
    """How requests are sent: the bounds of each request, retries, rate limit and backoff.

    Attributes:
        timeout: seconds for one attempt's whole exchange, from connect to the last byte of the body.
        max_retries: further attempts of a retryable request.
        rate_limit: the client-side rate limit, ``None`` for none.
        wait_initial: the first backoff wait in seconds (before jitter).
        wait_max: the longest backoff wait in seconds.
        max_response_bytes: the largest body accepted, counted after decompression.
        max_retry_wait: the most seconds spent waiting between the attempts of one request.
    """

    timeout: float = 30.0
    max_retries: int = 4
    rate_limit: RateLimit | None = DEFAULT_RATE_LIMIT
    wait_initial: float = 0.5
    wait_max: float = 16.0
    max_response_bytes: int = 10 * 1024 * 1024
    max_retry_wait: float = 60.0

    def __post_init__(self) -> None:
        _check_seconds("timeout", self.timeout, zero=False)
        if isinstance(self.max_retries, bool) or not isinstance(self.max_retries, int):
            raise TypeError(f"max_retries: expected an int, got {type(self.max_retries).__name__}")
        if self.max_retries < 0:
            raise ValueError(f"max_retries: expected 0 or more, got {self.max_retries}")
        if self.rate_limit is not None and not isinstance(self.rate_limit, RateLimit):
            raise TypeError(f"rate_limit: expected a RateLimit or None, got {type(self.rate_limit).__name__}")
        _check_seconds("wait_initial", self.wait_initial, zero=True)
        _check_seconds("wait_max", self.wait_max, zero=True)
        if isinstance(self.max_response_bytes, bool) or not isinstance(self.max_response_bytes, int):
            raise TypeError(f"max_response_bytes: expected an int, got {type(self.max_response_bytes).__name__}")
        if self.max_response_bytes < 1:
            raise ValueError(f"max_response_bytes: expected 1 or more, got {self.max_response_bytes}")
        _check_seconds("max_retry_wait", self.max_retry_wait, zero=True)

    def limiter(self) -> Limiter | None:
        """A fresh limiter for one portal object (``None`` when unlimited)."""
        if self.rate_limit is None:
            return None
        window_ms = max(1, round(self.rate_limit.per * Duration.SECOND))
        return Limiter(Rate(self.rate_limit.requests, window_ms))


def backoff_for(error: Exception) -> bool | float:
    """Whether to retry ``error``, or how many seconds the server asked to wait before retrying it."""
    if isinstance(error, PortalTimeoutError):
        return error.connecting
    if isinstance(error, PortalConnectionError):
        return True
    if isinstance(error, PortalError) and error.retryable:
        return True if error.retry_after is None else error.retry_after
    return False


class RetryBudget:
    """stamina's backoff hook for one request: chooses each wait and keeps their sum within the policy."""

    def __init__(self, policy: Policy) -> None:
        self._policy = policy
        self.retries = 0
        self.waited = 0.0

    def backoff(self, retry: int) -> float:
        """The exponential wait with jitter before retry number ``retry`` (1-based), as stamina computes it."""
        try:
            wait = self._policy.wait_initial * 2.0 ** (retry - 1) + random.uniform(0.0, WAIT_JITTER)
        except OverflowError:
            return self._policy.wait_max
        return min(self._policy.wait_max, wait)

    def __call__(self, error: Exception) -> bool | float:
        decision = backoff_for(error)
        if decision is False or self.retries >= self._policy.max_retries:
            return False  # stamina asks after the last attempt too
        wait = self.backoff(self.retries + 1) if decision is True else float(decision)
        if self.waited + wait > self._policy.max_retry_wait:
            return False  # stamina re-raises the error in hand
        self.retries += 1
        self.waited += wait
        reason = retry_reason(error)
        LOGGER.info(
            "%s, retrying %d/%d in %s s",
            reason,
            self.retries,
            self._policy.max_retries,
            _seconds(wait),
            extra={
                "retry_reason": reason,
                "retry_number": self.retries,
                "retry_limit": self._policy.max_retries,
                "retry_wait": wait,
            },
        )
        return wait


def retry_reason(error: Exception) -> str:
    """Why a request is retried, in a few words: ``portal busy (503)``, ``cannot connect to …: refused``."""
    if isinstance(error, PortalTimeoutError | PortalConnectionError):
        return error.message
    if isinstance(error, PortalError) and error.status_code in {429, 503}:
        return f"portal busy ({error.status_code})"
    if isinstance(error, PortalError) and error.status_code is not None:
        return f"portal unavailable ({error.status_code})"
    return str(error)


def _seconds(wait: float) -> str:
    return f"{wait:.0f}" if wait >= 10 else f"{wait:.1f}".removesuffix(".0")


def quiet_stamina_logging() -> None:
    """Turn off stamina's own ``stamina.retry_scheduled`` log lines, keeping its other hooks: the library logs
    each retry itself (see the module's docstring). Hooks an application set itself (any hook not from stamina)
    are left alone. Called when a portal object is made, never at import; once done, it changes nothing."""
    hooks = stamina.instrumentation.get_on_retry_hooks()
    modules = [getattr(hook, "__module__", "") or "" for hook in hooks]
    if all(module.startswith("stamina.") for module in modules):
        kept = [hook for hook, module in zip(hooks, modules, strict=True) if module not in _STAMINA_LOG_HOOKS]
        if len(kept) != len(hooks):
            stamina.instrumentation.set_on_retry_hooks(kept)


def _never(error: Exception) -> bool:
    return False


def retrying(policy: Policy, retry: bool) -> Any:  # stamina exports no name for its iterator
    """The attempts of one request under ``policy`` (``for`` or ``async for``); a single one without ``retry``."""
    return stamina.retry_context(
        on=RetryBudget(policy) if retry else _never,
        attempts=policy.max_retries + 1 if retry else 1,
        timeout=None,
        wait_initial=policy.wait_initial,
        wait_max=policy.wait_max,
    )


def _refuse_constant(name: str) -> NoReturn:
    raise ValueError(f"{name} is not a JSON number")


def parse_body(response: httpx.Response, parse: Callable[[Any], T]) -> T:
    """Parse a success answer's JSON with a generated ``from_dict``; any failure is an UnexpectedResponseError.

    ``NaN`` and ``Infinity`` (which Python's ``json`` accepts but JSON has not) are refused, and so is
    nesting deeper than Python's recursion limit.
    """
    try:
        return parse(json.loads(response.content, parse_constant=_refuse_constant))
    except (ValueError, KeyError, IndexError, TypeError, AttributeError, OverflowError, RecursionError) as error:
        excerpt = response.content[:120].decode("utf-8", errors="replace")
        detail = "nested too deeply" if isinstance(error, RecursionError) else f"{type(error).__name__}: {error}"
        raise UnexpectedResponseError(
            f"the answer is not the JSON the spec describes ({detail}); it begins {excerpt!r}",
            status_code=response.status_code,
            response=response,
        ) from error


def _check(response: httpx.Response) -> httpx.Response:
    if response.is_success:
        return response
    raise error_for_response(response)


class _DeadlinePassedError(Exception):
    """Raised from the trace hook when a phase of the exchange would start after the deadline."""

    def __init__(self, connecting: bool) -> None:
        super().__init__("deadline passed")
        self.connecting = connecting


class Deadline:
    """The end of one attempt's exchange, ``seconds`` from now."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._end = time.monotonic() + seconds

    def remaining(self) -> float:
        """Seconds left (0 or less once passed)."""
        return self._end - time.monotonic()

    def timeouts(self) -> dict[str, float]:
        """httpx's per-operation timeouts, each the time left."""
        left = max(self.remaining(), 0.001)
        return {"connect": left, "read": left, "write": left, "pool": left}

    def error(self, *, connecting: bool = False) -> PortalTimeoutError:
        """The error for a breach."""
        return PortalTimeoutError(f"no complete answer within {self.seconds} s", connecting=connecting)

    def trace(self, event: str, info: dict[str, Any]) -> None:
        """httpcore's ``trace`` extension (sync): refuse a phase that starts late, and bound it by the time left.

        httpcore reads the request's timeouts at the start of each phase (connect, send, receive the
        headers, receive the body), just after this event, and a ``connect_tcp`` phase's from ``info``.
        """
        if not event.endswith(".started") or "close" in event:
            return
        if self.remaining() <= 0:
            raise _DeadlinePassedError(connecting=event.startswith("connection."))
        timeouts = self.timeouts()
        if "timeout" in info:
            info["timeout"] = timeouts["connect"]
        request = info.get("request")
        if request is not None:
            request.extensions["timeout"] = timeouts


def _too_large(response: httpx.Response, limit: int) -> ResponseTooLargeError:
    return ResponseTooLargeError(
        f"the answer is larger than {limit} bytes", status_code=response.status_code, limit=limit
    )


def _check_declared_size(response: httpx.Response, limit: int) -> None:
    declared = response.headers.get("Content-Length", "")
    if declared.isascii() and declared.isdigit() and int(declared) > limit:
        raise _too_large(response, limit)


def _complete(response: httpx.Response, chunks: Iterable[bytes]) -> httpx.Response:
    """A read response of ``chunks`` (decoded): the same status, headers (less the encoding), request, extensions."""
    headers = [(name, value) for name, value in response.headers.raw if name.lower() not in _BODY_HEADERS]
    return httpx.Response(
        response.status_code,
        headers=headers,
        content=b"".join(chunks),
        request=response.request,
        extensions=response.extensions,
        history=response.history,
    )


class _Counter:
    """Counts decoded bytes against the limit."""

    def __init__(self, response: httpx.Response, limit: int) -> None:
        self._response = response
        self._limit = limit
        self.size = 0

    def add(self, chunk: bytes) -> None:
        self.size += len(chunk)
        if self.size > self._limit:
            raise _too_large(self._response, self._limit)


class Sender:
    """Sends requests through one ``httpx.Client`` within the policy."""

    def __init__(self, http: httpx.Client, policy: Policy) -> None:
        quiet_stamina_logging()
        self._http = http
        self._policy = policy
        self._limiter = policy.limiter()

    def _exchange(self, request: dict[str, Any], deadline: Deadline) -> httpx.Response:
        built = self._http.build_request(**request)
        built.extensions["timeout"] = deadline.timeouts()
        built.extensions["trace"] = deadline.trace
        limit = self._policy.max_response_bytes
        response = self._http.send(built, stream=True)
        try:
            _check_declared_size(response, limit)
            counter = _Counter(response, limit)
            chunks: list[bytes] = []
            for chunk in response.iter_bytes():
                counter.add(chunk)
                chunks.append(chunk)
                if deadline.remaining() <= 0:
                    raise deadline.error()
        finally:
            response.close()
        return _complete(response, chunks)

    def _attempt(self, request: dict[str, Any]) -> httpx.Response:
        if self._limiter is not None:
            self._limiter.try_acquire("portal")
        deadline = Deadline(self._policy.timeout)
        try:
            response = self._exchange(request, deadline)
        except _DeadlinePassedError as passed:
            raise deadline.error(connecting=passed.connecting) from None
        except httpx.TransportError as error:
            raise error_for_transport(error, self._policy.timeout) from error
        return _check(response)

    def send(self, request: dict[str, Any], *, retry: bool = True) -> httpx.Response:
        """Send ``request`` (the keyword arguments of ``httpx.Client.request``) and return a success answer.

        The answer's body is read whole (at most ``max_response_bytes`` after decompression) within
        the policy's ``timeout``.

        Raises:
            PortalTimeoutError: no complete answer within the timeout.
            ResponseTooLargeError: the answer is larger than ``max_response_bytes``.
            PortalError: the subclass for the status code or the transport error, after any retries.
        """
        for attempt in retrying(self._policy, retry):
            with attempt:
                return self._attempt(request)
        raise AssertionError("unreachable: stamina re-raises the last error")  # pragma: no cover

    def close(self) -> None:
        """Release the limiter (the httpx client belongs to the caller)."""
        if self._limiter is not None:
            self._limiter.close()


async def _collect(response: httpx.Response, limit: int) -> list[bytes]:
    counter = _Counter(response, limit)
    chunks: list[bytes] = []
    body: AsyncIterator[bytes] = response.aiter_bytes()
    async for chunk in body:
        counter.add(chunk)
        chunks.append(chunk)
    return chunks


class AsyncSender:
    """Sends requests through one ``httpx.AsyncClient`` within the policy."""

    def __init__(self, http: httpx.AsyncClient, policy: Policy) -> None:
        quiet_stamina_logging()
        self._http = http
        self._policy = policy
        self._limiter = policy.limiter()

    async def _exchange(self, request: dict[str, Any], deadline: Deadline) -> httpx.Response:
        built = self._http.build_request(**request)
        built.extensions["timeout"] = deadline.timeouts()
        limit = self._policy.max_response_bytes
        response = await self._http.send(built, stream=True)
        try:
            _check_declared_size(response, limit)
            chunks = await _collect(response, limit)
        finally:
            await response.aclose()
        return _complete(response, chunks)

    async def _attempt(self, request: dict[str, Any]) -> httpx.Response:
        if self._limiter is not None:
            await self._limiter.try_acquire_async("portal")
        deadline = Deadline(self._policy.timeout)
        try:
            with anyio.fail_after(self._policy.timeout):
                response = await self._exchange(request, deadline)
        except TimeoutError:
            raise deadline.error() from None
        except httpx.TransportError as error:
            raise error_for_transport(error, self._policy.timeout) from error
        return _check(response)

    async def send(self, request: dict[str, Any], *, retry: bool = True) -> httpx.Response:
        """Send ``request`` and return a success answer (see :meth:`Sender.send`)."""
        async for attempt in retrying(self._policy, retry):
            with attempt:
                return await self._attempt(request)
        raise AssertionError("unreachable: stamina re-raises the last error")  # pragma: no cover

    def close(self) -> None:
        """Release the limiter."""
        if self._limiter is not None:
            self._limiter.close()


def as_timedelta(value: object, name: str) -> dt.timedelta | None:
    """Check a ``utc_offset=`` argument: ``None`` or a ``timedelta`` within ±14 hours."""
    if value is None:
        return None
    if not isinstance(value, dt.timedelta):
        raise TypeError(f"{name}: expected a datetime.timedelta or None, got {type(value).__name__}")
    if abs(value) > dt.timedelta(hours=14):
        raise ValueError(f"{name}: {value} is beyond ±14 hours")
    return value
