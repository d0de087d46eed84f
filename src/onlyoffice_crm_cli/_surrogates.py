"""Unpaired surrogates (``"\\ud800"``, valid JSON, no Unicode text) become U+FFFD wherever text is written, and
the command says how many on one line of stderr at its end.

A JSON string may escape half of a UTF-16 pair alone; Python reads it as a lone surrogate, which no UTF-8 stream
can encode. Every medium's function (terminal, CSV, XLSX, JSON) passes text through :func:`repaired`; the tally
of one command is kept by :func:`counting_repairs` (opened by :func:`~._reporting.reported`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

REPLACEMENT = "\ufffd"
_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass
class RepairTally:
    """How many unpaired surrogates one command replaced."""

    surrogates: int = 0

    def line(self) -> str | None:
        """The line stderr shows at the end of the command, or ``None`` when nothing was replaced."""
        if not self.surrogates:
            return None
        count = self.surrogates
        return (
            f"Replaced {count:,} unpaired surrogate{'s' if count != 1 else ''} (half a UTF-16 pair, which the "
            "portal sent and no UTF-8 text can hold) with U+FFFD."
        )


_TALLY: ContextVar[RepairTally | None] = ContextVar("onlyoffice_crm_cli_repairs", default=None)


@contextmanager
def counting_repairs() -> Iterator[RepairTally]:
    """Count the replacements :func:`repaired` makes within the block."""
    tally = RepairTally()
    token = _TALLY.set(tally)
    try:
        yield tally
    finally:
        _TALLY.reset(token)


def repaired(text: str) -> str:
    """``text`` with each unpaired surrogate replaced by U+FFFD (counted for the command's line)."""
    if text.isascii():
        return text
    fixed, count = _SURROGATE.subn(REPLACEMENT, text)
    if count:
        tally = _TALLY.get()
        if tally is not None:
            tally.surrogates += count
    return fixed
