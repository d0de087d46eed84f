"""The invoices in memory, as column arrays that answer a filtered, sorted page without a Python-level scan."""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from .query import InvoiceQuery
from .wire import encode_invoice, wire_to_micros

Positions = npt.NDArray[np.int64]
Mask = npt.NDArray[np.bool_]
Invoice = dict[str, Any]
_WORD = re.compile(r"\w+")


def words_of(text: str) -> set[str]:
    """The searchable words of a text: whitespace-separated tokens and their alphanumeric runs, lower-case."""
    lowered = text.lower()
    return set(lowered.split()) | set(_WORD.findall(lowered))


def _contact_key(invoice: Invoice) -> tuple[bool, str, str]:
    # Deleted contacts (null) first, then by display name, then by number.
    contact = invoice["contact"]
    return (contact is not None, contact["displayName"] if contact else "", invoice["number"])


_SORT_KEYS: dict[str, Callable[[Invoice], Any]] = {
    "number": lambda invoice: invoice["number"],
    "issueDate": lambda invoice: wire_to_micros(invoice["issueDate"]),
    "dueDate": lambda invoice: wire_to_micros(invoice["dueDate"]),
    "status": lambda invoice: invoice["status"]["id"],
    "contact": _contact_key,
    "id": lambda invoice: invoice["id"],
}


@dataclass(frozen=True)
class Page:
    """One page of a filtered, sorted result and the size of the whole result."""

    invoices: list[bytes]
    total: int


def _codes(values: list[Any]) -> tuple[dict[Any, int], npt.NDArray[np.int64]]:
    """Small integer codes for the distinct values, and the column of codes."""
    codes: dict[Any, int] = {}
    column = np.array([codes.setdefault(value, len(codes)) for value in values], dtype=np.int64)
    return codes, column


class InvoiceStore:
    """Answers :class:`InvoiceQuery` with the portal's semantics over a fixed list of wire-format invoices."""

    def __init__(self, invoices: list[Invoice]) -> None:
        self._invoices = invoices
        self._json: list[bytes | None] = [None] * len(invoices)
        self._shared_json: dict[int, str] = {}  # nested objects' JSON by identity; they live as long as we do
        self._status = np.array([invoice["status"]["id"] for invoice in invoices], dtype=np.int64)
        self._issue = np.array([wire_to_micros(invoice["issueDate"]) for invoice in invoices], dtype=np.int64)
        self._due = np.array([wire_to_micros(invoice["dueDate"]) for invoice in invoices], dtype=np.int64)
        self._currency_codes, self._currency = _codes(
            [invoice["currency"]["abbreviation"].upper() for invoice in invoices]
        )
        self._contact = np.array([(invoice["contact"] or {"id": -1})["id"] for invoice in invoices], dtype=np.int64)
        entities = [invoice["entity"] or {"entityType": "", "entityId": -1} for invoice in invoices]
        self._entity_codes, self._entity_type = _codes([entity["entityType"].lower() for entity in entities])
        self._entity_id = np.array([entity["entityId"] for entity in entities], dtype=np.int64)
        # Sorting stably from id order breaks ties by id, so paging neither repeats nor skips an invoice.
        by_id = sorted(range(len(invoices)), key=[invoice["id"] for invoice in invoices].__getitem__)
        self._order = {
            name: np.array(sorted(by_id, key=[key(invoice) for invoice in invoices].__getitem__), dtype=np.int64)
            for name, key in _SORT_KEYS.items()
        }
        # Word -> positions, laid out in sorted word order so that a prefix's positions are one slice.
        positions_by_word: defaultdict[str, list[int]] = defaultdict(list)
        for position, invoice in enumerate(invoices):
            for word in words_of(invoice["number"]) | words_of(invoice["description"]):
                positions_by_word[word].append(position)
        self._words = sorted(positions_by_word)
        flat: list[int] = []
        self._word_starts = [0]
        for word in self._words:
            flat.extend(positions_by_word[word])
            self._word_starts.append(len(flat))
        self._word_positions = np.array(flat, dtype=np.int64)

    def __len__(self) -> int:
        return len(self._invoices)

    def _prefixed(self, prefix: str) -> Mask:
        first = bisect.bisect_left(self._words, prefix)
        last = bisect.bisect_left(self._words, prefix + "\U0010ffff")
        mask = np.zeros(len(self._invoices), dtype=np.bool_)
        mask[self._word_positions[self._word_starts[first] : self._word_starts[last]]] = True
        return mask

    def _mask(self, query: InvoiceQuery) -> Mask | None:
        """Which invoices match every filter asked for; None when nothing was asked."""
        masks: list[Mask] = []
        if query.status is not None:
            masks.append(self._status == query.status)
        if query.currency is not None:
            masks.append(self._currency == self._currency_codes.get(query.currency, -1))
        if query.entity_type is not None and query.entity_id > 0:
            if query.entity_type == "contact":
                masks.append(self._contact == query.entity_id)
            else:
                entity_type = self._entity_type == self._entity_codes.get(query.entity_type, -1)
                masks.append(entity_type & (self._entity_id == query.entity_id))
        for column, low, high in ((self._issue, query.issue_from, query.issue_to),
                                  (self._due, query.due_from, query.due_to)):  # fmt: skip
            if low is not None:
                masks.append(column >= low)
            if high is not None:
                masks.append(column <= high)
        masks.extend(self._prefixed(word) for word in query.words)
        if not masks:
            return None
        combined = masks[0]
        for mask in masks[1:]:
            combined = combined & mask
        return combined

    def search(self, query: InvoiceQuery) -> Page:
        """The page of invoices ``query`` asks for, as wire JSON, and the size of the whole result."""
        order = self._order[query.sort_by]
        mask = self._mask(query)
        if mask is not None:
            order = order[mask[order]]
        if query.descending:
            order = order[::-1]
        positions = order[query.start_index : query.start_index + query.count]
        return Page([self.invoice_json(int(position)) for position in positions], len(order))

    def invoice_json(self, position: int) -> bytes:
        """An invoice's wire JSON, encoded on first use (start-up stays fast with 100,000 invoices)."""
        encoded = self._json[position]
        if encoded is None:
            encoded = self._json[position] = encode_invoice(self._invoices[position], self._shared_json)
        return encoded
