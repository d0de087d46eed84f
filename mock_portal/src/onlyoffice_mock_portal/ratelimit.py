"""The cloud portal's documented rate limit: 500 requests per 10 s per client, then 503 with ``Retry-After``."""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Callable

from starlette.types import ASGIApp, Receive, Scope, Send

from .errors import GENERIC_EXCEPTION, ApiError, error_response
from .settings import LiveSettings

SERVICE_UNAVAILABLE = 503
_PRUNE_EVERY = 1024  # requests between sweeps of clients that went quiet (keeps memory bounded)


class RateLimit:
    """A sliding window per client address: the ``limit``-th request within ``window_s`` seconds is refused
    until the oldest one leaves the window; refused requests do not count. With ``live``, the limit and window
    are read from it per request (``limit`` and ``window_s`` are ignored), and its reset clears the counters."""

    def __init__(
        self,
        app: ASGIApp,
        limit: int = 0,
        window_s: float = 10.0,
        clock: Callable[[], float] = time.monotonic,
        live: LiveSettings | None = None,
    ) -> None:
        self.app = app
        self.limit = limit
        self.window_s = window_s
        self.clock = clock
        self._live = live
        self._epoch = live.epoch if live else 0
        self._recent: dict[str, deque[float]] = {}
        self._since_prune = 0

    def _follow(self) -> None:
        """Take the live limit and window; forget the counters after a reset."""
        if self._live is None:
            return
        settings = self._live.current
        self.limit, self.window_s = settings.rate_limit, settings.rate_limit_window_s
        if self._live.epoch != self._epoch:
            self._epoch = self._live.epoch
            self._recent = {}

    def _retry_after(self, client: str) -> int | None:
        """None when the request may pass (and is counted), else the seconds to wait."""
        now = self.clock()
        recent = self._recent.setdefault(client, deque())
        while recent and recent[0] <= now - self.window_s:
            recent.popleft()
        self._since_prune += 1
        if self._since_prune >= _PRUNE_EVERY:
            self._since_prune = 0
            for key in [key for key, times in self._recent.items() if not times or times[-1] <= now - self.window_s]:
                del self._recent[key]
            self._recent.setdefault(client, recent)
        if len(recent) < self.limit:
            recent.append(now)
            return None
        return max(1, math.ceil(recent[0] + self.window_s - now))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        self._follow()
        if scope["type"] != "http" or self.limit <= 0:
            await self.app(scope, receive, send)
            return
        client = scope.get("client")
        wait = self._retry_after(client[0] if client else "")
        if wait is None:
            await self.app(scope, receive, send)
            return
        error = ApiError(SERVICE_UNAVAILABLE, "Too many requests. Try again later.", GENERIC_EXCEPTION)
        await error_response(error, {"Retry-After": str(wait)})(scope, receive, send)
