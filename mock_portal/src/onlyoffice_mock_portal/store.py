"""Answers an :class:`InvoiceQuery` as the server's DAO does, with work that grows with the page and the matches.

Every filter is also an index: a slice of a precomputed order (status, dates), of an order by contact id,
entity or currency, or the word index. The smallest is materialized and the other conditions are checked on
those candidates only. The sorted page then comes from sorting the candidates (few matches) or from walking a
precomputed sort order through a mask of them until the page is full (many matches).
"""

from __future__ import annotations

import bisect
import contextlib
import functools
import itertools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from .caller import visible_invoices
from .columns import InvoiceData
from .memory_filter import keeps
from .query import InvoiceQuery, item_type_kept
from .render import InvoiceRenderer
from .sorting import DatabaseSort, PropertySort, PropertySorter, parse_sort, unstable_sorts
from .spec_facts import spec_facts
from .text_search import TextSearch, WordIndex, fold

Positions = npt.NDArray[np.int64]
Bools = npt.NDArray[np.bool_]
TIE_VARIANTS = 3
"""Tie orders per unstable sort; each request uses the next, so equal keys come in a changing order."""
WALK_FROM_MATCHES = 2048
"""From this many matches, a page near the front walks a precomputed order rather than sorting the matches."""
_UINT64 = np.uint64


@dataclass(frozen=True)
class Page:
    """One page of a filtered, sorted result: its invoices' JSON, ``total`` as the server computes it, and how
    many rows the database returned (``count + 1`` at most on the database path)."""

    invoices: list[bytes]
    total: int
    fetched: int


def tie_keys(ids: npt.NDArray[np.int32], variant: int, seed: int) -> npt.NDArray[np.uint64]:
    """A pseudo-random, seeded order among equal keys (a splitmix64 hash of the id)."""
    with np.errstate(over="ignore"):
        mixed = ids.astype(_UINT64) + _UINT64((seed * 1_000_003 + variant * 7919 + 1) % (1 << 63))
        mixed *= _UINT64(0x9E3779B97F4A7C15)
        mixed ^= mixed >> _UINT64(30)
        mixed *= _UINT64(0xBF58476D1CE4E5B9)
        mixed ^= mixed >> _UINT64(27)
        mixed *= _UINT64(0x94D049BB133111EB)
        mixed ^= mixed >> _UINT64(31)
    return mixed


def _inverse(order: Positions) -> npt.NDArray[np.int32]:
    ranks = np.empty(len(order), dtype=np.int32)
    ranks[order] = np.arange(len(order), dtype=np.int32)
    return ranks


def _fold_all(texts: list[str]) -> list[str]:
    return [fold(text) for text in texts]


class InvoiceStore:
    """The invoices of one portal, searchable with the server's semantics.

    Every row of the data is an invoice unless a subclass hides some (``_visible``: the edits of
    :class:`~onlyoffice_mock_portal.editable.EditableStore`); then searches hold ``_lock``.
    """

    def __init__(self, data: InvoiceData, seed: int = 0) -> None:
        self._data = data
        self._seed = seed
        self._visible: Bools | None = None
        """Which rows are invoices now; None: all of them."""
        self._visible_count = len(data)
        self._status_stale = False
        """A status changed since the status orders were built: rebuild them before they are used."""
        self._lock: contextlib.AbstractContextManager[Any] = contextlib.nullcontext()
        self._renderer = InvoiceRenderer(data)
        self._shown: Bools | None = None if data.role == "admin" else visible_invoices(data)
        """Per position: the caller gets that invoice (None: an administrator, who gets all)."""
        self._item_type = item_type_kept()
        self._sorter = PropertySorter(data)
        self._requests = itertools.count()
        count = len(data)
        numbers = data.numbers
        simple_numbers = count == 0 or (
            numbers.view(np.uint8).max(initial=0) < 128 and not np.char.count(numbers, b" ").any()
        )
        number_words = WordIndex.of_unique_words(numbers) if simple_numbers else WordIndex.of(list(numbers))
        if simple_numbers:
            number_order = number_words.owners.astype(np.int64)
        else:
            folded = np.array([fold(text.decode("utf-8", "surrogatepass")).encode("utf-8", "surrogatepass")
                               for text in numbers.tolist()], dtype=np.bytes_)  # fmt: skip
            number_order = np.argsort(folded, kind="stable")
        self._number_rank = _inverse(number_order)
        self._text = TextSearch(number_words, WordIndex.of(data.texts["description"]), data.columns["description"])
        # The contact sort: by the contact's name (deleted ones last in both directions), then number ascending.
        names = _fold_all(data.contact_names)
        name_rank = {name: rank for rank, name in enumerate(sorted(set(names)))}
        self._contact_name_rank = np.array([name_rank[name] for name in names] or [0], dtype=np.int64)
        everyone = np.arange(count, dtype=np.int64)
        self._orders: dict[tuple[str, int, bool], Positions] = {("number", 0, False): number_order}
        self._orders["id", 0, False] = self._ascending(everyone, "id", 0, descending=False)
        for descending in (False, True):
            self._orders["contact", 0, descending] = self._ascending(everyone, "contact", 0, descending=descending)
        for key in unstable_sorts():
            for variant in range(TIE_VARIANTS if key != "status" else 0):
                self._orders[key, variant, False] = self._ascending(everyone, key, variant, descending=False)
        # Filter orders: by value, then position, so the candidates of a filter are read in memory order.
        self._status_orders()
        self._by_contact_id = np.argsort(data.contact_ids, kind="stable")
        self._by_entity = np.argsort(data.columns["entity"], kind="stable")
        self._by_currency = np.argsort(data.columns["currency"], kind="stable")
        self._currency_rows: dict[str, list[int]] = {}
        for row, code in enumerate(data.currency_codes):
            self._currency_rows.setdefault(fold(code.rstrip(" ")), []).append(row)
        self._entity_rows: dict[tuple[str, int], list[int]] = {}
        for row, entity_key in enumerate(data.entity_keys):
            self._entity_rows.setdefault(entity_key, []).append(row)

    @property
    def data(self) -> InvoiceData:
        """The columns searched (with a subclass's hidden rows)."""
        return self._data

    def positions(self) -> Positions:
        """The rows of :attr:`data` that are invoices now, in position order."""
        everyone = np.arange(len(self._data), dtype=np.int64)
        return everyone if self._visible is None else everyone[self._visible]

    def __len__(self) -> int:
        """The number of invoices."""
        return self._visible_count

    def restart(self) -> None:
        """Start the tie orders of the unstable sorts afresh, as on a new portal."""
        self._requests = itertools.count()

    def _status_orders(self) -> None:
        """(Re)build the orders that depend on the status column."""
        everyone = np.arange(len(self._data), dtype=np.int64)
        for variant in range(TIE_VARIANTS):
            self._orders["status", variant, False] = self._ascending(everyone, "status", variant, descending=False)
        self._by_status = np.argsort(self._data.status_ids, kind="stable")
        self._status_stale = False

    # --- sort orders -------------------------------------------------------------------------------------------

    def _ascending(self, rows: Positions, key: str, variant: int, *, descending: bool) -> Positions:
        """``rows`` (sorted by position) in the order of ``key``; ``descending`` only changes the contact sort."""
        data = self._data
        if key == "number":
            return rows[np.argsort(self._number_rank[rows], kind="stable")]
        if key == "id":
            return rows[np.argsort(data.ids[rows], kind="stable")]
        if key == "contact":
            contact = data.columns["contact"][rows]
            missing = contact < 0
            name = self._contact_name_rank[np.maximum(contact, 0)]
            return rows[np.lexsort((self._number_rank[rows], -name if descending else name, missing))]
        column = data.status_ids if key == "status" else data.columns[key]
        return rows[np.lexsort((tie_keys(data.ids[rows], variant, self._seed), column[rows]))]

    def _sorted_window(self, matches: Positions | None, sort: DatabaseSort, variant: int, descending: bool,
                       start: int, wanted: int) -> Positions:  # fmt: skip
        """Rows ``start .. start + wanted`` of the sorted matches (all invoices when None)."""
        reverse = descending and sort.key != "contact"
        order = self._orders[sort.key, variant, descending and sort.key == "contact"]
        walk = order[::-1] if reverse else order
        if matches is None:
            if self._visible is None:
                return walk[start : start + wanted]
            return _through(walk, self._visible, self._visible_count, start + wanted)[start : start + wanted]
        if len(matches) == 0 or start >= len(matches):
            return np.empty(0, dtype=np.int64)
        need = start + wanted
        if len(matches) < WALK_FROM_MATCHES or need * 4 >= len(matches):
            ordered = self._ascending(np.sort(matches), sort.key, variant, descending=descending and not reverse)
            return (ordered[::-1] if reverse else ordered)[start : start + wanted]
        # Many matches, a page near the front: walk the precomputed order through a mask of the matches.
        mask = np.zeros(len(order), dtype=np.bool_)
        mask[matches] = True
        return _through(walk, mask, len(matches), need)[start : start + wanted]

    # --- filters -----------------------------------------------------------------------------------------------

    def _range(self, order: Positions, column: npt.NDArray[Any], low: int, high: int) -> Positions:
        """The slice of ``order`` (sorted by ``column``) whose values are within ``low .. high``."""

        # bisect, not np.searchsorted(sorter=order): numpy checks every index of the sorter, a pass over the
        # whole data set per call, where bisect looks at about 20 values.
        def value_at(index: int) -> int:
            return int(column[order[index]])

        first = bisect.bisect_left(range(len(order)), low, key=value_at)
        last = bisect.bisect_right(range(len(order)), high, key=value_at)
        return order[first:last]

    def _matches(self, query: InvoiceQuery) -> Positions | None:
        """Positions of the matching invoices (any order); None for all of them (no condition at all)."""
        data = self._data
        currency = query.currency or ""
        has_params = bool(query.words or query.status is not None or query.entity_id != 0 or currency
                          or {query.issue_from, query.issue_to, query.due_from, query.due_to} != {None})  # fmt: skip
        # (estimate, materialize, keep-among-candidates, dear) per condition, as InvoiceDao.WhereConditional adds them.
        conditions: list[tuple[int, Callable[[], Positions], Callable[[Positions], Positions], bool]] = []

        def from_slice(slice_: Positions, keep: Callable[[Positions], npt.NDArray[np.bool_]]) -> None:
            conditions.append((len(slice_), lambda: slice_, lambda rows: rows[keep(rows)], False))

        def from_rows(order: Positions, column: npt.NDArray[np.int32], rows: list[int], table_size: int) -> None:
            pieces = [self._range(order, column, row, row) for row in rows]
            positions = np.concatenate(pieces) if pieces else np.empty(0, dtype=np.int64)
            wanted = np.zeros(table_size + 1, dtype=np.bool_)  # the last slot stands for -1 (null)
            wanted[rows] = True
            from_slice(positions, lambda candidates: wanted[column[candidates]])

        if query.entity_id > 0 and query.entity_type is not None:
            wanted_id = query.entity_id
            if query.entity_type == "contact":
                from_slice(self._range(self._by_contact_id, data.contact_ids, wanted_id, wanted_id),
                           lambda rows: data.contact_ids[rows] == wanted_id)  # fmt: skip
            else:
                rows = self._entity_rows.get((query.entity_type, wanted_id), [])
                from_rows(self._by_entity, data.columns["entity"], rows, len(data.entity_keys))
        if query.status is not None:
            status = query.status
            from_slice(
                self._range(self._by_status, data.status_ids, status, status),
                lambda rows: data.status_ids[rows] == status,
            )
        keywords = [word for word in query.words if word]
        if keywords:
            text = self._text
            conditions.append((text.estimate(keywords), lambda: text.matching(keywords),
                               lambda rows: text.matching(keywords, rows), True))  # fmt: skip
        for key, column, low, high in (("issueDate", data.columns["issueDate"], query.issue_from, query.issue_to),
                                       ("dueDate", data.columns["dueDate"], query.due_from, query.due_to)):  # fmt: skip
            if low is None and high is None:
                continue
            low_bound = -(2**63) if low is None else low
            high_bound = 2**63 - 1 if high is None else high
            check = functools.partial(_within, column, low_bound, high_bound)
            from_slice(self._range(self._orders[key, 0, False], column, low_bound, high_bound), check)
        if currency:
            rows = self._currency_rows.get(fold(currency.rstrip(" ")), [])
            from_rows(self._by_currency, data.columns["currency"], rows, len(data.currency_codes))
        if not conditions:
            return np.empty(0, dtype=np.int64) if has_params else None
        # The words condition is checked last among the survivors: it is the dearest per candidate.
        conditions.sort(key=lambda condition: condition[0])
        if conditions[0][0] == 0:
            return np.empty(0, dtype=np.int64)
        candidates = conditions[0][1]()
        rest = sorted(conditions[1:], key=lambda condition: condition[3])
        for _, _, keep, _ in rest:
            if len(candidates) == 0:
                break
            candidates = keep(candidates)
        return candidates

    # --- the answer --------------------------------------------------------------------------------------------

    def search(self, query: InvoiceQuery) -> Page:
        """The page ``query`` asks for, with ``total`` and ``fetched`` as ``CRMApi.GetInvoices`` computes them."""
        with self._lock:
            return self._search(query)

    def _search(self, query: InvoiceQuery) -> Page:
        sort = parse_sort(query.sort_by)
        by_status = isinstance(sort, DatabaseSort) and sort.key == "status"
        if self._status_stale and (query.status is not None or by_status):
            self._status_orders()
        matches = self._matches(query)
        if matches is not None and self._visible is not None:
            matches = matches[self._visible[matches]]
        start, count = query.start_index, query.count
        if isinstance(sort, PropertySort):
            return self._in_memory(matches, sort, query)
        variant = next(self._requests) % TIE_VARIANTS if sort.key in unstable_sorts() else 0
        descending = query.descending and sort.honours_order
        wanted = count + 1  # the API asks the database for one more row than the page, to know if more exist
        # A caller who is not an administrator gets the visible matches [start, start + wanted): the DAO reads
        # rows 0 .. start + wanted, filters them and reads further batches until it has them (InvoiceDao.cs
        # :187-238), so startIndex counts visible invoices.
        rows = self._sorted_window(self._for_caller(matches), sort, variant, descending, start, wanted)
        fetched = len(rows)
        # A full page's total is GetInvoicesCount, which counts the hidden invoices too (InvoiceDao.cs:321-374).
        total = start + fetched if fetched < wanted else (len(self) if matches is None else len(matches))
        page = rows[:count] if count > 0 else rows  # the SmartList does not cut when count is 0
        return Page(self._rendered(page, query), total, fetched)

    def _for_caller(self, matches: Positions | None) -> Positions | None:
        """The matches the caller may get (all invoices when None and the caller is an administrator)."""
        if self._shown is None:
            return matches
        if matches is None:
            shown = self._shown if self._visible is None else self._shown & self._visible
            return np.flatnonzero(shown).astype(np.int64)
        return matches[self._shown[matches]]

    def _rendered(self, page: Positions, query: InvoiceQuery) -> list[bytes]:
        """The page's invoices as the response filter leaves them: none when ``type`` names another data
        contract (CompiledSmartList.cs:134-137), projected to ``fields`` (SerializerContractResolver.cs)."""
        if query.item_type is not None and query.item_type != self._item_type:
            return []
        return self._renderer.render(page, fields=query.fields)

    def _in_memory(self, matches: Positions | None, sort: PropertySort, query: InvoiceQuery) -> Page:
        """Every match fetched in number order, then sorted, skipped and taken by the API layer."""
        rows = self.positions() if matches is None else np.sort(matches)
        if self._shown is not None and not self._shown[rows].all():
            # The DAO's from = count = 0 (CRMApi.Invoices.cs:192-202): once FilterRead drops one, its loop ends
            # at once and Skip(0).Take(0) is empty (InvoiceDao.cs:205-238).
            rows = rows[:0]
        rows = self._ascending(rows, "number", 0, descending=False)
        fetched = len(rows)
        start, count = query.start_index, query.count
        total = start + fetched if fetched < count + 1 else fetched
        if query.filter_by:  # filterBy/filterOp filter in memory here only (CompiledSmartList.cs:114-131)
            rendered = self._renderer.render(rows)
            kept = [keeps(text, query.filter_by, query.filter_op, query.filter_values) for text in rendered]
            rows = rows[np.array(kept, dtype=np.bool_)] if len(rows) else rows
        ordered = self._sorter.order(rows, sort, query.descending)
        # With count=0 the server returns every match; the mock stops at the spec's largest page.
        page = ordered[start : start + (count if count > 0 else spec_facts().max_count)]
        return Page(self._rendered(page, query), total, fetched)


def _through(walk: Positions, mask: Bools, marked: int, need: int) -> Positions:
    """The first ``need`` rows of ``walk`` that ``mask`` marks (``marked`` of its rows are), in chunks so that
    a page near the front reads only the front of the walk."""
    step = max(4096, need * len(walk) // max(marked, 1) * 2)
    found: list[Positions] = []
    have = 0
    for begin in range(0, len(walk), step):
        chunk = walk[begin : begin + step]
        chunk = chunk[mask[chunk]]
        found.append(chunk)
        have += len(chunk)
        if have >= need:
            break
    return np.concatenate(found) if found else np.empty(0, dtype=np.int64)


def _within(column: npt.NDArray[Any], low: int, high: int, rows: Positions) -> npt.NDArray[np.bool_]:
    """Which of ``rows`` have ``low <= column <= high``."""
    values = column[rows]
    return (values >= low) & (values <= high)
