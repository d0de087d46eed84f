"""Sending one request: the client-side rate limit, retries with backoff, and errors as exceptions.

* Rate limit: ``pyrate-limiter``, a sliding window of ``RateLimit.requests`` per ``RateLimit.per``
  seconds (the portal's documented 500 per 10 s by default), taken before every attempt, retries
  included.
* Retries: ``stamina`` (exponential backoff with jitter; a backoff hook returns the server's
  ``Retry-After`` when it sent one). GETs are retried on 429, 502, 503, 504, on connection errors
  and on connect timeouts; a login (POST) is never retried.
* Every answer that is not a success, and every httpx error, becomes a :class:`PortalError`.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import httpx
import stamina
from pyrate_limiter import Duration, Limiter, Rate

from .errors import (
    PortalConnectionError,
    PortalError,
    PortalTimeoutError,
    UnexpectedResponseError,
    error_for_response,
    error_for_transport,
)

__all__ = ["DEFAULT_RATE_LIMIT", "AsyncSender", "Policy", "RateLimit", "Sender", "parse_body"]

T = TypeVar("T")

# A `Retry-After` longer than this is not waited for: the error is raised at once.
LONGEST_RETRY_AFTER = 120.0


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


@dataclass(frozen=True)
class Policy:
    """How requests are sent: timeout, retries, rate limit and backoff."""

    timeout: float = 30.0
    max_retries: int = 4
    rate_limit: RateLimit | None = DEFAULT_RATE_LIMIT
    wait_initial: float = 0.5
    wait_max: float = 16.0

    def __post_init__(self) -> None:
        if isinstance(self.timeout, bool) or not isinstance(self.timeout, int | float):
            raise TypeError(f"timeout: expected seconds as a float, got {type(self.timeout).__name__}")
        if not math.isfinite(self.timeout) or self.timeout <= 0:
            raise ValueError(f"timeout: expected a positive finite number of seconds, got {self.timeout!r}")
        if isinstance(self.max_retries, bool) or not isinstance(self.max_retries, int):
            raise TypeError(f"max_retries: expected an int, got {type(self.max_retries).__name__}")
        if self.max_retries < 0:
            raise ValueError(f"max_retries: expected 0 or more, got {self.max_retries}")
        if self.rate_limit is not None and not isinstance(self.rate_limit, RateLimit):
            raise TypeError(f"rate_limit: expected a RateLimit or None, got {type(self.rate_limit).__name__}")

    def limiter(self) -> Limiter | None:
        """A fresh limiter for one portal object (``None`` when unlimited)."""
        if self.rate_limit is None:
            return None
        window_ms = max(1, round(self.rate_limit.per * Duration.SECOND))
        return Limiter(Rate(self.rate_limit.requests, window_ms))


def backoff_for(error: Exception) -> bool | float:
    """stamina's backoff hook: whether to retry ``error``, or how many seconds the server asked to wait."""
    if isinstance(error, PortalTimeoutError):
        return error.connecting
    if isinstance(error, PortalConnectionError):
        return True
    if isinstance(error, PortalError) and error.retryable:
        if error.retry_after is None:
            return True
        return error.retry_after if error.retry_after <= LONGEST_RETRY_AFTER else False
    return False


def _never(error: Exception) -> bool:
    return False


def retrying(policy: Policy, retry: bool) -> Any:  # stamina exports no name for its iterator
    """The attempts of one request under ``policy`` (``for`` or ``async for``); a single one without ``retry``."""
    return stamina.retry_context(
        on=backoff_for if retry else _never,
        attempts=policy.max_retries + 1 if retry else 1,
        timeout=None,
        wait_initial=policy.wait_initial,
        wait_max=policy.wait_max,
    )


def parse_body(response: httpx.Response, parse: Callable[[Any], T]) -> T:
    """Parse a success answer's JSON with a generated ``from_dict``; any failure is an UnexpectedResponseError."""
    try:
        return parse(json.loads(response.content))
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        excerpt = response.content[:120].decode("utf-8", errors="replace")
        raise UnexpectedResponseError(
            f"the answer is not the JSON the spec describes ({type(error).__name__}: {error}); it begins {excerpt!r}",
            status_code=response.status_code,
            response=response,
        ) from error


def _check(response: httpx.Response) -> httpx.Response:
    if response.is_success:
        return response
    response.read()
    raise error_for_response(response)


class Sender:
    """Sends requests through one ``httpx.Client`` within the policy."""

    def __init__(self, http: httpx.Client, policy: Policy) -> None:
        self._http = http
        self._policy = policy
        self._limiter = policy.limiter()

    def _attempt(self, request: dict[str, Any]) -> httpx.Response:
        if self._limiter is not None:
            self._limiter.try_acquire("portal")
        try:
            response = self._http.request(**request)
        except httpx.TransportError as error:
            raise error_for_transport(error, self._policy.timeout) from error
        return _check(response)

    def send(self, request: dict[str, Any], *, retry: bool = True) -> httpx.Response:
        """Send ``request`` (the keyword arguments of ``httpx.Client.request``) and return a success answer.

        Raises:
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


class AsyncSender:
    """Sends requests through one ``httpx.AsyncClient`` within the policy."""

    def __init__(self, http: httpx.AsyncClient, policy: Policy) -> None:
        self._http = http
        self._policy = policy
        self._limiter = policy.limiter()

    async def _attempt(self, request: dict[str, Any]) -> httpx.Response:
        if self._limiter is not None:
            await self._limiter.try_acquire_async("portal")
        try:
            response = await self._http.request(**request)
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
