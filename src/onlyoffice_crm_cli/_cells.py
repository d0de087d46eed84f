"""The value types a cell of an export or a totals row may hold, and a row that knows its invoice."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal

CellValue = str | int | Decimal | dt.date | dt.datetime | None
"""Text, a whole number, exact money, a calendar day, a moment with the portal's offset, or nothing."""


class InvoiceRow(list[CellValue]):
    """The cells of one invoice's row, with which invoice it is, for a message that must name it (a cell too
    long for xlsx); writers take it as any sequence of cells."""

    def __init__(self, invoice: str, cells: Iterable[CellValue]) -> None:
        super().__init__(cells)
        self.invoice = invoice
        """``invoice INV-000002 (id 2)``."""


def row_name(row: Sequence[CellValue], index: int) -> str:
    """How a message names ``row`` (the ``index``-th of the output, from 1): its invoice, else its place."""
    return row.invoice if isinstance(row, InvoiceRow) else f"row {index:,}"
