"""Exact sums of invoice amounts, one row per group and currency (amounts in different currencies never mix)."""

from __future__ import annotations

from collections.abc import Iterable
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
