"""Signs of life on stderr while the portal is slow: one readable line per retry, and a spinner (on a terminal)
or a one-line note (otherwise) while an answer is awaited.

The library logs each retry on the ``onlyoffice_crm`` logger ("portal busy (503), retrying 2/4 in 3 s"); here a
handler prints that message, and nothing else of the log record, for the length of one command.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console

LOGGER = logging.getLogger("onlyoffice_crm")
"""The logger the library writes its retries to (named in the library's documentation)."""
NOTE_AFTER_S = 2.0
"""Seconds without an answer before the plain note is printed when stderr is no terminal."""


class RetryLines(logging.Handler):
    """Prints each retry the library logs as one line on ``console`` (above a spinner or a progress bar)."""

    def __init__(self, console: Console) -> None:
        super().__init__(logging.INFO)
        self._console = console

    def emit(self, record: logging.LogRecord) -> None:
        if getattr(record, "retry_number", None) is None:
            return  # only retries are for the person at the terminal
        try:
            self._console.print(f"{record.getMessage()}…", markup=False, highlight=False, soft_wrap=True)
        except Exception:  # a logging handler must never raise into the request
            self.handleError(record)


@contextmanager
def retry_lines(console: Console) -> Iterator[None]:
    """Within the block, each retry of the library is one line on ``console``."""
    handler = RetryLines(console)
    level = LOGGER.level
    LOGGER.addHandler(handler)
    if LOGGER.getEffectiveLevel() > logging.INFO:
        LOGGER.setLevel(logging.INFO)
    try:
        yield
    finally:
        LOGGER.removeHandler(handler)
        LOGGER.setLevel(level)


@contextmanager
def waiting(console: Console, what: str) -> Iterator[None]:
    """While the block waits for the portal: a spinner with ``what`` on a terminal; otherwise one note line
    ("Waiting for …") once it has lasted :data:`NOTE_AFTER_S` seconds, so a log shows why nothing happens."""
    if console.is_terminal:
        with console.status(f"{what}…"):
            yield
        return
    timer = threading.Timer(NOTE_AFTER_S, lambda: console.print(f"{what}… (no answer yet)", markup=False))
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        timer.cancel()
