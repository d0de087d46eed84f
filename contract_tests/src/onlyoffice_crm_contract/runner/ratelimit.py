"""The one request budget of a contract run: at most N requests in any window of one second."""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable

# Requests leave this process a little earlier or later than they reach the portal; the window is kept slightly
# longer than a second so that jitter on the way cannot put N + 1 of them into one second at the other end.
SAFETY_MARGIN_S = 0.05


class SlidingWindowLimiter:
    """Blocks ``acquire()`` until a request may leave without exceeding ``per_second`` in any 1-s window.

    Unlike spacing requests ``1/N`` apart, a log of the last N departures bounds every window exactly, and lets a
    burst of N go at once after a pause. Thread-safe; ``per_second=0`` means no limit (the local mock portal).
    """

    def __init__(
        self,
        per_second: int,
        *,
        window_s: float = 1.0 + SAFETY_MARGIN_S,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if per_second < 0:
            raise ValueError(f"a rate limit cannot be negative: {per_second}")
        self.per_second = per_second
        self._window_s, self._clock, self._sleep = window_s, clock, sleep
        self._departures: deque[float] = deque()
        self._lock = threading.Lock()
        self.waited_s = 0.0

    def acquire(self) -> None:
        """Wait (if needed) until one more request fits the budget, and count it as sent now."""
        if self.per_second == 0:
            return
        with self._lock:  # held while sleeping: the waiting requests leave one by one, in order
            while True:
                now = self._clock()
                while self._departures and now - self._departures[0] >= self._window_s:
                    self._departures.popleft()
                if len(self._departures) < self.per_second:
                    self._departures.append(now)
                    return
                wait = self._departures[0] + self._window_s - now
                self.waited_s += wait
                self._sleep(wait)
