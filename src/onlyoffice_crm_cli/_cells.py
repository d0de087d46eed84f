"""The value types a cell of an export or a totals row may hold."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

CellValue = str | int | Decimal | dt.date | dt.datetime | None
"""Text, a whole number, exact money, a calendar day, a moment with the portal's offset, or nothing."""
