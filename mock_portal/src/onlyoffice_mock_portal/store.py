"""The invoices in memory, with the indexes that answer a filtered, sorted page without scanning them all."""

from __future__ import annotations

import bisect
import heapq
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from .query import InvoiceQuery
from .records import StoredInvoice
from .wire import encode_invoice

_SORT_KEYS: dict[str, Callable[[StoredInvoice], Any]] = {
    "number": lambda invoice: invoice.number,
    "issueDate": lambda invoice: invoice.issue_date,
    "dueDate": lambda invoice: invoice.due_date,
    "status": lambda invoice: invoice.status,
    # Deleted contacts (None) first, then by display name and number.
    "contact": lambda invoice: (invoice.contact_name is not None, invoice.contact_name or "", invoice.number),
    "id": lambda invoice: invoice.id,
}


@dataclass(frozen=True)
class Page:
    """One page of a filtered, sorted result and the size of the whole result."""

    invoices: list[bytes]
    total: int


class _DateIndex:
    """Invoice positions sorted by one date, for range look-ups by bisection."""

    def __init__(self, dates: Sequence[int]) -> None:
        order = sorted(range(len(dates)), key=dates.__getitem__)
        self._dates = [dates[position] for position in order]
        self._positions = order

    def between(self, low: int | None, high: int | None) -> set[int]:
        start = 0 if low is None else bisect.bisect_left(self._dates, low)
        stop = len(self._dates) if high is None else bisect.bisect_right(self._dates, high)
        return set(self._positions[start:stop])


class InvoiceStore:
    """Answers :class:`InvoiceQuery` with the portal's semantics over a fixed set of invoices."""

    def __init__(self, invoices: list[StoredInvoice]) -> None:
        self._invoices = invoices
        self._json: list[bytes | None] = [None] * len(invoices)
        self._shared_json: dict[int, str] = {}  # nested objects' JSON by identity; they live as long as we do
        # Sorting stably from id order breaks ties by id, so paging neither repeats nor skips an invoice.
        by_id = sorted(range(len(invoices)), key=[invoice.id for invoice in invoices].__getitem__)
        self._rank: dict[str, list[int]] = {}
        self._order: dict[str, list[int]] = {}
        for name, key in _SORT_KEYS.items():
            order = sorted(by_id, key=[key(invoice) for invoice in invoices].__getitem__)
            rank = [0] * len(invoices)
            for place, position in enumerate(order):
                rank[position] = place
            self._order[name], self._rank[name] = order, rank
        self._by_status = self._group(lambda invoice: invoice.status)
        self._by_currency = self._group(lambda invoice: invoice.currency)
        self._by_contact = self._group(lambda invoice: invoice.contact_id)
        self._by_entity = self._group(lambda invoice: (invoice.entity_type, invoice.entity_id))
        self._issue = _DateIndex([invoice.issue_date for invoice in invoices])
        self._due = _DateIndex([invoice.due_date for invoice in invoices])
        self._positions_by_word: defaultdict[str, list[int]] = defaultdict(list)
        for position, invoice in enumerate(invoices):
            for word in invoice.words:
                self._positions_by_word[word].append(position)
        self._words = sorted(self._positions_by_word)

    def __len__(self) -> int:
        return len(self._invoices)

    def _group(self, key: Callable[[StoredInvoice], Any]) -> dict[Any, set[int]]:
        groups: defaultdict[Any, set[int]] = defaultdict(set)
        for position, invoice in enumerate(self._invoices):
            groups[key(invoice)].add(position)
        return dict(groups)

    def _prefixed(self, prefix: str) -> set[int]:
        start = bisect.bisect_left(self._words, prefix)
        stop = bisect.bisect_left(self._words, prefix + "\U0010ffff")
        found: set[int] = set()
        for word in self._words[start:stop]:
            found.update(self._positions_by_word[word])
        return found

    def _candidates(self, query: InvoiceQuery) -> list[set[int]]:
        """One set of positions per filter asked for; the answer is their intersection."""
        sets: list[set[int]] = []
        if query.status is not None:
            sets.append(self._by_status.get(query.status, set()))
        if query.currency is not None:
            sets.append(self._by_currency.get(query.currency, set()))
        if query.entity_type is not None and query.entity_id > 0:
            if query.entity_type == "contact":
                sets.append(self._by_contact.get(query.entity_id, set()))
            else:
                sets.append(self._by_entity.get((query.entity_type, query.entity_id), set()))
        if query.issue_from is not None or query.issue_to is not None:
            sets.append(self._issue.between(query.issue_from, query.issue_to))
        if query.due_from is not None or query.due_to is not None:
            sets.append(self._due.between(query.due_from, query.due_to))
        sets.extend(self._prefixed(word) for word in query.words)
        return sets

    def search(self, query: InvoiceQuery) -> Page:
        """The page of invoices ``query`` asks for, as wire JSON, and the size of the whole result."""
        sets = sorted(self._candidates(query), key=len)
        needed = query.start_index + query.count
        if not sets:
            order = self._order[query.sort_by]
            total = len(order)
            positions = order[::-1][query.start_index : needed] if query.descending else order[query.start_index : needed]
        else:
            matched = sets[0].intersection(*sets[1:])
            total = len(matched)
            rank = self._rank[query.sort_by].__getitem__
            pick = heapq.nlargest if query.descending else heapq.nsmallest
            positions = pick(needed, matched, key=rank)[query.start_index :]
        return Page([self.invoice_json(position) for position in positions], total)

    def invoice_json(self, position: int) -> bytes:
        """An invoice's wire JSON, encoded on first use (start-up stays fast with 100,000 invoices)."""
        encoded = self._json[position]
        if encoded is None:
            encoded = self._json[position] = encode_invoice(self._invoices[position].wire, self._shared_json)
        return encoded
