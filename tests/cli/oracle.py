"""What an export must contain, computed independently from the portal's wire JSON (money read as Decimal)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

ALL_COLUMNS = [
    "id", "number", "status", "issued", "due", "contact", "contact_id", "contact_type", "consignee",
    "opportunity", "opportunity_id", "amount", "currency", "exchange_rate", "purchase_order", "terms",
    "description", "language", "created", "created_by",
]  # fmt: skip
DEFAULT_COLUMNS = ["number", "status", "issued", "due", "contact", "contact_id", "amount", "currency"]
MONEY_COLUMNS = {"amount", "exchange_rate"}
INT_COLUMNS = {"id", "contact_id", "opportunity_id"}


def expected_row(invoice: dict[str, Any]) -> dict[str, object]:
    """The export row of one wire invoice: every column, typed (None where the portal has nothing)."""
    contact, consignee, entity = invoice["contact"], invoice["consignee"], invoice["entity"]
    return {
        "id": invoice["id"],
        "number": invoice["number"],
        "status": invoice["status"]["title"],
        "issued": dt.date.fromisoformat(invoice["issueDate"][:10]),  # the wire's clock date is the portal's
        "due": dt.date.fromisoformat(invoice["dueDate"][:10]),
        "contact": contact["displayName"] if contact else None,
        "contact_id": contact["id"] if contact else None,
        "contact_type": ("company" if contact["isCompany"] else "person") if contact else None,
        "consignee": consignee["displayName"] if consignee else None,
        "opportunity": entity["entityTitle"] if entity else None,
        "opportunity_id": entity["entityId"] if entity else None,
        "amount": Decimal(invoice["cost"]),
        "currency": invoice["currency"]["abbreviation"],
        "exchange_rate": Decimal(invoice["exchangeRate"]),
        "purchase_order": invoice["purchaseOrderNumber"],
        "terms": invoice["terms"],
        "description": invoice["description"],
        "language": invoice["language"],
        "created": dt.datetime.fromisoformat(invoice["createOn"]),
        "created_by": invoice["createBy"]["displayName"],
    }


def normal(value: object) -> object:
    """One spelling per value for comparing: nothing and empty text alike; numbers, dates and money by value."""
    if value is None or value == "":
        return ""
    if isinstance(value, Decimal | dt.date | int):
        return value
    return str(value)


def from_text(column: str, text: str) -> object:
    """A CSV cell or JSON string back to the type of its column."""
    if text == "":
        return ""
    if column in MONEY_COLUMNS:
        return Decimal(text)
    if column in INT_COLUMNS:
        return int(text)
    if column in {"issued", "due"}:
        return dt.date.fromisoformat(text)
    if column == "created":
        return dt.datetime.fromisoformat(text)
    return text


def expected_rows(invoices: list[dict[str, Any]], columns: list[str]) -> list[dict[str, object]]:
    """The rows of ``invoices`` in ``columns``, normalised."""
    return [{name: normal(row[name]) for name in columns} for row in map(expected_row, invoices)]
