"""The run's handling of SIGINT, SIGTERM and SIGHUP: the first one is remembered (with the test it stopped), and
raised as ``KeyboardInterrupt`` while the run is armed, so that pytest, hypothesis and the runner stop.

schemathesis' engine catches ``KeyboardInterrupt`` itself and reports ``events.Interrupted``; the suite's test then
stops too, and the run's pytest plugin asks :meth:`Interruption.stop_if_signalled` after every test, so a signal
that something swallowed still ends the run. Whatever happened in between, the verdict reads :attr:`signal`: a run
that was signalled has none.
"""

from __future__ import annotations

import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any

from .exit_codes import STOPPING_SIGNALS


class Interruption:
    """The first stopping signal of a run, and where it came (see the module's description)."""

    def __init__(self, where: Callable[[], str] = lambda: "") -> None:
        self.signal: int | None = None
        self.during = ""
        """What the run was doing when the signal came (the test's id, or a step)."""
        self.where = where
        self._armed = True
        self._previous: dict[int, Any] = {}

    def install(self) -> None:
        """Handle the stopping signals from now on (the main thread only, as Python requires)."""
        for number in STOPPING_SIGNALS:
            self._previous[number] = signal.signal(number, self._handle)

    def restore(self) -> None:
        """Give the stopping signals back to the handlers they had before :meth:`install`."""
        for number, handler in self._previous.items():
            signal.signal(number, handler)
        self._previous.clear()

    def _handle(self, number: int, frame: FrameType | None) -> None:
        if self.signal is not None:
            return
        self.signal, self.during = number, self.where()
        if self._armed:
            raise KeyboardInterrupt

    def note_interrupt(self) -> None:
        """A ``KeyboardInterrupt`` reached the runner without a signal (raised by code): count it as Ctrl-C."""
        if self.signal is None:
            self.signal, self.during = signal.SIGINT, self.where()

    def stop_if_signalled(self) -> None:
        """Raise ``KeyboardInterrupt`` if a signal came (and something swallowed the one the handler raised)."""
        if self.signal is not None and self._armed:
            raise KeyboardInterrupt

    @property
    def signal_name(self) -> str:
        """``SIGTERM``, or ``""`` before any signal."""
        return "" if self.signal is None else signal.Signals(self.signal).name

    @contextmanager
    def disarmed(self) -> Iterator[None]:
        """Within the block a signal is remembered but raises nothing: the reports are written whole."""
        self._armed = False
        try:
            yield
        finally:
            self._armed = True
