"""Text cells made safe for a spreadsheet: the one place for CSV cells and the one for XLSX cells.

- CSV (OWASP, "CSV Injection"): a text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
  return is a formula to Excel, LibreOffice and Google Sheets when the file is opened (``=HYPERLINK(...)`` sends
  data away, ``=cmd|' /C calc'!A0`` runs a program). Such a cell gets a leading ``'``, which the spreadsheet
  reads as "this is text" and does not show. Number cells (amounts, ids) are not text and stay as they are.
  ``--no-formula-guard`` turns it off, for a program that reads the CSV and must get the text unchanged.
- XLSX: formula-like text is written as text already (a string cell); a cell holds at most 32,767 characters
  (UTF-16 units, as Excel counts), so a longer text is refused (:class:`CellTooLongError`), or split when asked
  (:func:`xlsx_pieces`), never cut.
- Both: an unpaired surrogate becomes U+FFFD (:mod:`._surrogates`).
"""

from __future__ import annotations

import re

from ._cells import CellValue
from ._errors import CliError
from ._surrogates import repaired

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What a text cell must not start with in a CSV file (OWASP)."""
XLSX_CELL_LIMIT = 32_767
"""The most characters an Excel cell holds (UTF-16 units)."""
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def csv_cell(value: CellValue, *, formula_guard: bool = True) -> CellValue:
    """A CSV cell: text repaired, and with ``formula_guard`` a leading ``'`` before a formula-like start."""
    if not isinstance(value, str):
        return value
    text = value if value.isascii() else repaired(value)  # the check first: most text is ASCII, and cheap to see
    return "'" + text if formula_guard and text.startswith(FORMULA_STARTS) else text


def utf16_length(text: str) -> int:
    """How many UTF-16 units ``text`` takes (what Excel counts): characters beyond U+FFFF take two."""
    return len(text) + len(_ASTRAL.findall(text)) if not text.isascii() else len(text)


class CellTooLongError(CliError):
    """A text longer than an xlsx cell holds, and no ``--split-long-cells``: nothing is written (exit code 1)."""

    def __init__(self, invoice: str, field: str, length: int) -> None:
        super().__init__(
            f"{invoice}: its {field} has {length:,} characters, more than an xlsx cell holds "
            f"({XLSX_CELL_LIMIT:,}), so nothing was written: give --split-long-cells to continue it in the rows "
            "below, or export csv or json, which hold any length."
        )
        self.invoice = invoice
        self.field = field


def xlsx_text(text: str) -> str:
    """An xlsx text cell's value: repaired (its length is checked by the writer with :func:`utf16_length`)."""
    return repaired(text)


def xlsx_pieces(text: str, limit: int = XLSX_CELL_LIMIT) -> list[str]:
    """``text`` in pieces of at most ``limit`` UTF-16 units, in order, never splitting a character."""
    if utf16_length(text) <= limit:
        return [text]
    pieces: list[str] = []
    start = 0
    while start < len(text):
        end = min(start + limit, len(text))
        while utf16_length(text[start:end]) > limit:  # astral characters count twice: take fewer
            end -= max(1, (utf16_length(text[start:end]) - limit) // 2)
        pieces.append(text[start:end])
        start = end
    return pieces
