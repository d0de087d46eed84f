"""Exact sums of invoice amounts, one row per group and currency (amounts in different currencies never mix)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from onlyoffice_crm import Invoice, amount, currency_code

from ._cells import CellValue

NO_CONTACT = "(no contact)"


class GroupBy(StrEnum):
    """What ``invoices totals --by`` groups on."""

    CURRENCY = "currency"
    STATUS = "status"
    MONTH = "month"
    """The month of the issue date, in the portal's time zone."""
    CONTACT = "contact"
    """The invoice's contact (its customer)."""

    @classmethod
    def _missing_(cls, value: object) -> GroupBy | None:
        # "customer" is what a person may type for the contact an invoice is for.
        return cls.CONTACT if isinstance(value, str) and value.strip().lower() == "customer" else None


@dataclass(frozen=True)
class TotalRow:
    """The invoices of one group in one currency."""

    group: str
    group_id: int | None
    currency: str
    invoices: int
    amount: Decimal


@dataclass(slots=True)
class _Sum:
    invoices: int = 0
    amount: Decimal = Decimal(0)


def _group_of(invoice: Invoice, by: GroupBy) -> tuple[tuple[object, ...], str, int | None]:
    """(sort key, label, id) of ``invoice``'s group."""
    if by is GroupBy.CURRENCY:
        code = currency_code(invoice)
        return (code,), code, None
    if by is GroupBy.STATUS:
        return (int(invoice.status.id),), invoice.status.title, int(invoice.status.id)
    if by is GroupBy.MONTH:
        month = f"{invoice.issue_date:%Y-%m}"
        return (month,), month, None
    contact = invoice.contact
    if contact is None:
        return (1, "", 0), NO_CONTACT, None  # after every named contact
    return (0, contact.display_name.casefold(), contact.id), contact.display_name, contact.id


def total_rows(invoices: Iterable[Invoice], by: GroupBy) -> list[TotalRow]:
    """Sum ``invoices`` per group and currency, exactly; rows in the group's natural order, then by currency.

    Months run oldest first, statuses by id (Draft … Archived), contacts by name (no contact last).
    """
    sums: dict[tuple[tuple[object, ...], str], _Sum] = {}
    labels: dict[tuple[object, ...], tuple[str, int | None]] = {}
    for invoice in invoices:
        key, label, group_id = _group_of(invoice, by)
        currency = currency_code(invoice)
        entry = sums.get((key, currency))
        if entry is None:
            entry = sums[(key, currency)] = _Sum()
            labels.setdefault(key, (label, group_id))
        entry.invoices += 1
        entry.amount += amount(invoice)
    return [
        TotalRow(labels[key][0], labels[key][1], currency, entry.invoices, entry.amount)
        for (key, currency), entry in sorted(sums.items(), key=lambda item: item[0])
    ]


def every_month(
    monthly: Iterable[TotalRow], first: dt.date | None = None, last: dt.date | None = None
) -> list[TotalRow]:
    """``monthly`` rows (``--by month``) with a row of zero for each month of the range where a currency has none:
    from ``first``'s month (else the earliest row's) to ``last``'s (else the latest row's), for every currency
    of the rows; in order of month, then currency. No rows, no currency: nothing to show."""
    rows = list(monthly)
    if not rows:
        return []
    months = sorted({row.group for row in rows})
    start = f"{first:%Y-%m}" if first is not None else months[0]
    end = f"{last:%Y-%m}" if last is not None else months[-1]
    given = {(row.group, row.currency): row for row in rows}
    currencies = sorted({row.currency for row in rows})
    return [
        given.get((month, code)) or TotalRow(month, None, code, 0, Decimal(0))
        for month in _months(start, end)
        for code in currencies
    ]


def _months(start: str, end: str) -> Iterator[str]:
    """``YYYY-MM`` from ``start`` to ``end``, both included."""
    year, month = int(start[:4]), int(start[5:7])
    while f"{year:04d}-{month:02d}" <= end:
        yield f"{year:04d}-{month:02d}"
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def totals_per_currency(rows: Iterable[TotalRow]) -> list[TotalRow]:
    """One row per currency (group ``all``) summing ``rows``."""
    merged: dict[str, _Sum] = {}
    for row in rows:
        entry = merged.setdefault(row.currency, _Sum())
        entry.invoices += row.invoices
        entry.amount += row.amount
    return [TotalRow("all", None, code, entry.invoices, entry.amount) for code, entry in sorted(merged.items())]


def column_names(by: GroupBy) -> list[str]:
    """The header of the CSV/JSON output of ``--by``."""
    if by is GroupBy.CURRENCY:
        return ["currency", "invoices", "amount"]
    if by is GroupBy.CONTACT:
        return ["contact", "contact_id", "currency", "invoices", "amount"]
    return [by.value, "currency", "invoices", "amount"]


def row_cells(row: TotalRow, by: GroupBy) -> list[CellValue]:
    """One output row in the order of :func:`column_names`."""
    if by is GroupBy.CURRENCY:
        return [row.currency, row.invoices, row.amount]
    if by is GroupBy.CONTACT:
        return [row.group, row.group_id, row.currency, row.invoices, row.amount]
    return [row.group, row.currency, row.invoices, row.amount]
