"""An invoice as the store keeps it: its wire form plus the fields the filters and sorts read."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .wire import wire_to_micros

_WORD = re.compile(r"\w+")


def words_of(text: str) -> set[str]:
    """The searchable words of a text: whitespace-separated tokens and their alphanumeric runs, lower-case."""
    lowered = text.lower()
    return set(lowered.split()) | set(_WORD.findall(lowered))


@dataclass(frozen=True, slots=True)
class StoredInvoice:
    id: int
    status: int
    number: str
    issue_date: int
    """Microseconds since the Unix epoch, like ``due_date``."""
    due_date: int
    contact_id: int | None
    contact_name: str | None
    entity_type: str | None
    entity_id: int | None
    currency: str
    words: frozenset[str]
    wire: dict[str, Any]

    @classmethod
    def from_wire(cls, invoice: dict[str, Any]) -> StoredInvoice:
        """Index a wire-format invoice (as the spec's ``Invoice`` schema describes it)."""
        contact = invoice["contact"]
        entity = invoice["entity"]
        return cls(
            id=invoice["id"],
            status=invoice["status"]["id"],
            number=invoice["number"],
            issue_date=wire_to_micros(invoice["issueDate"]),
            due_date=wire_to_micros(invoice["dueDate"]),
            contact_id=None if contact is None else contact["id"],
            contact_name=None if contact is None else contact["displayName"],
            entity_type=None if entity is None else entity["entityType"].lower(),
            entity_id=None if entity is None else entity["entityId"],
            currency=invoice["currency"]["abbreviation"].upper(),
            words=frozenset(words_of(invoice["number"]) | words_of(invoice["description"])),
            wire=invoice,
        )
