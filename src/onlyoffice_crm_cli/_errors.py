"""Errors the command reports as one line and an exit code, never as a traceback; signals that stop it."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

from ._exit_codes import ExitCode, stopped_by


class CliError(Exception):
    """A failure to tell the user in one line (the cause and what to do), with the exit code to end with."""

    def __init__(self, message: str, code: ExitCode = ExitCode.FAILED) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


class UsageError(CliError):
    """The command line asks for something impossible: exit code 2."""

    def __init__(self, message: str) -> None:
        super().__init__(message, ExitCode.USAGE)


class NotLoggedInError(CliError):
    """No usable credentials: exit code 3."""

    def __init__(self, message: str) -> None:
        super().__init__(message, ExitCode.NOT_LOGGED_IN)


class Stopped(BaseException):  # like KeyboardInterrupt: a stop, not an error
    """SIGTERM or SIGHUP arrived: raised where the command is, so that it cleans up as after Ctrl-C."""

    def __init__(self, signal_number: int) -> None:
        self.signal_number = signal_number
        self.signal_name = signal.Signals(signal_number).name
        super().__init__(self.signal_name)

    @property
    def code(self) -> int:
        """128 + the signal's number (143 for SIGTERM, 129 for SIGHUP)."""
        return stopped_by(self.signal_number)


STOP_SIGNALS: tuple[signal.Signals, ...] = tuple(
    signal.Signals[name] for name in ("SIGTERM", "SIGHUP") if name in signal.Signals.__members__
)


@contextmanager
def stops_on_signals() -> Iterator[None]:
    """Within the block, SIGTERM and SIGHUP raise :class:`Stopped` (once; a second one waits for the cleanup).

    A signal that was ignored when the command started (``nohup``) stays ignored. Outside the main thread (where
    Python cannot take signals) the block runs unchanged.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    stopping = threading.Event()

    def stop(signal_number: int, frame: FrameType | None) -> None:
        if not stopping.is_set():
            stopping.set()
            raise Stopped(signal_number)

    previous = {number: signal.getsignal(number) for number in STOP_SIGNALS}
    for number, handler in previous.items():
        if handler is not signal.SIG_IGN:
            signal.signal(number, stop)
    try:
        yield
    finally:
        for number, handler in previous.items():
            if handler is not signal.SIG_IGN:
                signal.signal(number, handler if handler is not None else signal.SIG_DFL)
