"""The columns a spreadsheet user wants from an invoice, flattened, each with a typed value.

Values are ``str``, ``int``, :class:`~decimal.Decimal` (money, exact), :class:`datetime.date` (a calendar day in
the portal's time zone), :class:`datetime.datetime` (with the portal's offset) or ``None`` (nothing there, e.g. a
deleted customer). Writers turn them into text, JSON or spreadsheet cells.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from onlyoffice_crm import Invoice, amount, currency_code, exact_decimal

from ._cells import CellValue
from ._errors import UsageError


@dataclass(frozen=True)
class Column:
    """One output column: its name (also the header) and how to read it from an invoice."""

    name: str
    description: str
    read: Callable[[Invoice], CellValue]


def _contact_type(invoice: Invoice) -> str | None:
    if invoice.contact is None:
        return None
    return "company" if invoice.contact.is_company else "person"


COLUMNS: dict[str, Column] = {
    column.name: column
    for column in (
        Column("id", "the invoice's id in the portal", lambda invoice: invoice.id),
        Column("number", "the invoice number", lambda invoice: invoice.number),
        Column("status", "the status as the portal titles it (Draft, Billed, Paid…)", lambda i: i.status.title),
        Column("issued", "the issue date (portal's time zone)", lambda invoice: invoice.issue_date.date()),
        Column("due", "the due date (portal's time zone)", lambda invoice: invoice.due_date.date()),
        Column(
            "contact",
            "the contact's (customer's) name; empty when the contact was deleted or is private",
            lambda invoice: invoice.contact.display_name if invoice.contact is not None else None,
        ),
        Column(
            "contact_id",
            "the contact's id (what --contact takes; #id in the list table)",
            lambda invoice: invoice.contact.id if invoice.contact is not None else None,
        ),
        Column("contact_type", "company or person", _contact_type),
        Column(
            "consignee",
            "the consignee's name, when there is one",
            lambda invoice: invoice.consignee.display_name if invoice.consignee is not None else None,
        ),
        Column(
            "opportunity",
            "the linked opportunity's title",
            lambda invoice: invoice.entity.entity_title if invoice.entity is not None else None,
        ),
        Column(
            "opportunity_id",
            "the linked opportunity's id (what --opportunity takes)",
            lambda invoice: invoice.entity.entity_id if invoice.entity is not None else None,
        ),
        Column("amount", "the invoice total, an exact decimal", amount),
        Column("currency", "the ISO 4217 currency code (EUR, USD…)", currency_code),
        Column("exchange_rate", "the exchange rate, an exact decimal", lambda i: exact_decimal(i.exchange_rate)),
        Column("purchase_order", "the purchase order number", lambda invoice: invoice.purchase_order_number),
        Column("terms", "the payment terms", lambda invoice: invoice.terms),
        Column("description", "the invoice's description", lambda invoice: invoice.description),
        Column("language", "the invoice's language (en-US…)", lambda invoice: invoice.language),
        Column("created", "when it was created (portal's time zone, with its offset)", lambda i: i.create_on),
        Column("created_by", "who created it", lambda invoice: invoice.create_by.display_name),
    )
}
DEFAULT_COLUMNS = ("number", "status", "issued", "due", "contact", "contact_id", "amount", "currency")
# Names a person may still type: the columns were called customer… before the kit spoke of contacts throughout.
COLUMN_ALIASES = {"customer": "contact", "customer_id": "contact_id", "customer_type": "contact_type"}


def choose_columns(spec: str | None) -> list[Column]:
    """``None`` -> the default columns; ``all``; or a comma-separated list of names, in the order given."""
    if spec is None:
        return [COLUMNS[name] for name in DEFAULT_COLUMNS]
    names = [COLUMN_ALIASES.get(name, name) for name in (part.strip().lower() for part in spec.split(",")) if name]
    if names == ["all"]:
        return list(COLUMNS.values())
    unknown = [name for name in names if name not in COLUMNS]
    if unknown or not names:
        what = f"Unknown column {', '.join(map(repr, unknown))}" if unknown else "No column given"
        raise UsageError(f"{what}: use all, or some of {', '.join(COLUMNS)}.")
    if len(set(names)) != len(names):
        raise UsageError(f"--columns names a column twice: {spec!r}.")
    return [COLUMNS[name] for name in names]


def read_row(columns: Sequence[Column], invoice: Invoice) -> list[CellValue]:
    """The typed values of ``invoice`` in ``columns``."""
    return [column.read(invoice) for column in columns]
