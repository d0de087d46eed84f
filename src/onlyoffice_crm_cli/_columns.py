"""The columns a spreadsheet user wants from an invoice, flattened, each with a typed value.

Values are ``str``, ``int``, :class:`~decimal.Decimal` (money, exact), :class:`datetime.date` (a calendar day in
the portal's time zone), :class:`datetime.datetime` (with the portal's offset) or ``None`` (nothing there, e.g. a
deleted customer). Writers turn them into text, JSON or spreadsheet cells.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache

import attrs

from onlyoffice_crm import Invoice, amount, currency_code, exact_decimal

from ._cells import CellValue
from ._errors import UsageError


@dataclass(frozen=True)
class Column:
    """One output column: its name (also the header), the :class:`~onlyoffice_crm.Invoice` field it comes from,
    and how to read it from an invoice."""

    name: str
    description: str
    read: Callable[[Invoice], CellValue]
    field: str = ""

    @property
    def source(self) -> str:
        """The invoice field behind the column (its own name when not said)."""
        return self.field or self.name


def _contact_type(invoice: Invoice) -> str | None:
    if invoice.contact is None:
        return None
    return "company" if invoice.contact.is_company else "person"


def money(field: str) -> Callable[[Invoice], CellValue]:
    """A column reading the money ``field`` as an exact decimal (``None`` when the portal has none)."""

    def read(invoice: Invoice) -> CellValue:
        value = getattr(invoice, field)
        return exact_decimal(value) if isinstance(value, int | float) and not isinstance(value, bool) else None

    return read


# The columns that need more than the field's value (a name out of an object, a date out of a moment, money as
# an exact decimal), in the order of `--columns all`. Every other field of the generated Invoice model whose
# value is text, a whole number, a date or a moment is a column of its own name, after these.
DECLARED: tuple[Column, ...] = (
    Column("id", "the invoice's id in the portal", lambda invoice: invoice.id),
    Column("number", "the invoice number", lambda invoice: invoice.number),
    Column("status", "the status as the portal titles it (Draft, Billed, Paid…)", lambda i: i.status.title),
    Column("issued", "the issue date (portal's time zone)", lambda i: i.issue_date.date(), "issue_date"),
    Column("due", "the due date (portal's time zone)", lambda invoice: invoice.due_date.date(), "due_date"),
    Column(
        "contact",
        "the contact's (customer's) name; empty when the contact was deleted or is private",
        lambda invoice: invoice.contact.display_name if invoice.contact is not None else None,
    ),
    Column(
        "contact_id",
        "the contact's id (what --contact takes; #id in the list table)",
        lambda invoice: invoice.contact.id if invoice.contact is not None else None,
        "contact",
    ),
    Column("contact_type", "company or person", _contact_type, "contact"),
    Column(
        "consignee",
        "the consignee's name, when there is one",
        lambda invoice: invoice.consignee.display_name if invoice.consignee is not None else None,
    ),
    Column(
        "opportunity",
        "the linked opportunity's title",
        lambda invoice: invoice.entity.entity_title if invoice.entity is not None else None,
        "entity",
    ),
    Column(
        "opportunity_id",
        "the linked opportunity's id (what --opportunity takes)",
        lambda invoice: invoice.entity.entity_id if invoice.entity is not None else None,
        "entity",
    ),
    Column("amount", "the invoice total, an exact decimal", amount, "cost"),
    Column("currency", "the ISO 4217 currency code (EUR, USD…)", currency_code),
    Column("exchange_rate", "the exchange rate, an exact decimal", money("exchange_rate")),
    Column("purchase_order", "the purchase order number", lambda i: i.purchase_order_number, "purchase_order_number"),
    Column("terms", "the payment terms", lambda invoice: invoice.terms),
    Column("description", "the invoice's description", lambda invoice: invoice.description),
    Column("language", "the invoice's language (en-US…)", lambda invoice: invoice.language),
    Column("created", "when it was created (portal's time zone, with its offset)", lambda i: i.create_on, "create_on"),
    Column("created_by", "who created it", lambda invoice: invoice.create_by.display_name, "create_by"),
)
LEFT_OUT: dict[str, str] = {
    "template_type": "the portal's PDF template, not the invoice's data",
    "file_id": "the id of the portal's PDF file, of no use outside the portal",
    "can_edit": "what the caller may do, not the invoice's data",
    "can_delete": "what the caller may do, not the invoice's data",
    "additional_properties": "wire keys the spec does not name",
}
"""Fields of the generated ``Invoice`` model that are no column, each with the reason."""
# The field types (as the generated model writes them) whose value is a cell as it is.
_PLAIN_TYPES = {"str", "int", "bool", "datetime.date", "datetime.datetime"}


def field_types() -> dict[str, str]:
    """``{field: type}`` of the generated :class:`~onlyoffice_crm.Invoice` model, ``None`` and ``Unset`` left out of
    the type (``"float"`` for ``float | None | Unset``)."""
    return {
        field.name: " | ".join(
            part for part in map(str.strip, str(field.type).split("|")) if part not in {"None", "Unset"}
        )
        for field in attrs.fields(Invoice)
    }


def _plain(field: str) -> Callable[[Invoice], CellValue]:
    def read(invoice: Invoice) -> CellValue:
        value = getattr(invoice, field)
        return value if isinstance(value, str | int | dt.date) else None  # Unset: nothing there

    return read


def unhandled_fields() -> dict[str, str]:
    """Fields of the model that are neither in a column nor left out, and whose value cannot be a cell as it is
    (money, an object): ``{field: type}``. Each needs a column in :data:`DECLARED` (or a place in :data:`LEFT_OUT`)."""
    covered = {column.source for column in DECLARED} | set(LEFT_OUT)
    return {name: kind for name, kind in field_types().items() if name not in covered and kind not in _PLAIN_TYPES}


@cache
def all_columns() -> dict[str, Column]:
    """Every column by name: :data:`DECLARED`, then one per plain field of the model that none of them reads."""
    covered = {column.source for column in DECLARED} | set(LEFT_OUT)
    derived = [
        Column(name, f"the invoice's {name.replace('_', ' ')}", _plain(name))
        for name, kind in field_types().items()
        if name not in covered and kind in _PLAIN_TYPES
    ]
    return {column.name: column for column in (*DECLARED, *derived)}


DEFAULT_COLUMNS = ("number", "status", "issued", "due", "contact", "contact_id", "amount", "currency")
# Names a person may still type: the columns were called customer… before the kit spoke of contacts throughout.
COLUMN_ALIASES = {"customer": "contact", "customer_id": "contact_id", "customer_type": "contact_type"}


def columns_help() -> str:
    """The help of ``--columns``: the default columns and the others, as :func:`all_columns` has them."""
    others = [name for name in all_columns() if name not in DEFAULT_COLUMNS]
    return f"Comma-separated column names, or all. Default: {','.join(DEFAULT_COLUMNS)}. Others: {', '.join(others)}."


def choose_columns(spec: str | None) -> list[Column]:
    """``None`` -> the default columns; ``all``; or a comma-separated list of names, in the order given."""
    columns = all_columns()
    if spec is None:
        return [columns[name] for name in DEFAULT_COLUMNS]
    names = [COLUMN_ALIASES.get(name, name) for name in (part.strip().lower() for part in spec.split(",")) if name]
    if names == ["all"]:
        return list(columns.values())
    unknown = [name for name in names if name not in columns]
    if unknown or not names:
        what = f"Unknown column {', '.join(map(repr, unknown))}" if unknown else "No column given"
        raise UsageError(f"{what}: use all, or some of {', '.join(columns)}.")
    if len(set(names)) != len(names):
        raise UsageError(f"--columns names a column twice: {spec!r}.")
    return [columns[name] for name in names]


def read_row(columns: Sequence[Column], invoice: Invoice) -> list[CellValue]:
    """The typed values of ``invoice`` in ``columns``."""
    return [column.read(invoice) for column in columns]
