"""The walk over every matching invoice, as sans-I/O state machines that any driver runs.

A driver (:class:`~onlyoffice_crm.Portal` with threads, :class:`~onlyoffice_crm.AsyncPortal` with asyncio)
asks :meth:`WalkCore.next_request` for pages to fetch, up to its concurrency, sends them, and hands each
parsed answer back, in the order requested, to :meth:`WalkCore.receive`, which returns the invoices to
yield. The core never does I/O, so both drivers share every rule below (in the manner of h11).

How each order is walked:

* ``number``, ``id``, ``contact`` (total orders): offset pages of 1,000 (:data:`PAGE_SIZE`), each requested
  :func:`overlap_for` invoices early. The page is aligned on the most recently yielded id found in that
  overlap, and the walk goes on after it; invoices added or removed before the walk's position between two
  page requests only move that id within the overlap. When none of the recent ids is in the page, the page
  is read again further back (or forward, when the page is wholly behind the walk), at most
  :data:`MAX_REREADS` times in a row, then :class:`~onlyoffice_crm.PortalChangedError` is raised.
* ``issueDate``/``dueDate``: keyset pages, each from ``startIndex=0`` with the date bound moved to the last
  key seen (:func:`keyset_step`); a tie group of a full page is walked by ``number`` within that instant.
* ``status``: one ``number`` walk per status (:func:`status_plan`), after counts that tell whether the
  portal has statuses this client does not know (those come last, held in memory).

No invoice comes twice: every yielded id goes into :class:`~onlyoffice_crm._seen_ids.SeenIds` (about 8 bytes
an id), so an invoice whose sort key changes during the walk (a status change in a walk by status) comes
at its old place or its new one, never at both; :class:`WalkReport` counts the ones it saw again.

Within equal keys invoices come by ``number``, ascending in both directions (as the server orders ``contact``
ties). The walk distrusts the portal: reading far past the largest ``total`` announced, or a keyset page that
does not advance, raises :class:`~onlyoffice_crm.InconsistentPortalError`.
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace

from onlyoffice_crm_client.models import Invoice, InvoiceListResponse, InvoiceSortBy, InvoiceStatusId

from ._dates import DateRange
from ._errors import InconsistentPortalError, PortalChangedError
from ._filters import InvoiceFilter
from ._seen_ids import SeenIds

__all__ = [
    "KNOWN_STATUSES",
    "PAGE_SIZE",
    "KeysetStep",
    "PageRequest",
    "WalkCore",
    "WalkReport",
    "keyset_step",
    "overlap_for",
    "status_plan",
]

PAGE_SIZE = 1000  # the server's maximum `count`
TOTAL_ORDERS = frozenset({InvoiceSortBy.NUMBER, InvoiceSortBy.ID, InvoiceSortBy.CONTACT})
DATE_ORDERS = frozenset({InvoiceSortBy.ISSUE_DATE, InvoiceSortBy.DUE_DATE})
KNOWN_STATUSES = tuple(InvoiceStatusId)
MAX_REREADS = 8
"""Pages read again in a row, each further away, before the walk gives up on a portal changing too fast."""
EDITS_PER_REQUEST = 8
"""Edits per page request the overlap absorbs at any concurrency (see :func:`overlap_for`)."""
GROWTH_PER_REQUEST = 50
"""How much a portal may grow per request before reading past its announced total counts as a lie."""
_TICK = dt.timedelta(microseconds=1)


def overlap_for(concurrency: int) -> int:
    """How many invoices early each offset page is requested: enough for :data:`EDITS_PER_REQUEST` removals
    per request between two pages' answers, which up to ``concurrency`` requests in flight can separate
    (24 for one page at a time, 272 at the largest concurrency, 32)."""
    return EDITS_PER_REQUEST * (concurrency + 2)


@dataclass
class WalkReport:
    """How the portal changed under a walk, as far as the walk could see (kept up to date while it runs).

    Attributes:
        total_before: how many invoices matched when the walk began.
        total_after: how many matched when it ended (``None`` until it ends).
        shifted_in: invoices that appeared before the walk's position between two page requests (net).
        shifted_out: invoices that disappeared before the walk's position between two page requests (net).
        moved: invoices met again at another place (their sort key changed); each was yielded once only.
        rereads: pages read again with a wider overlap because the portal changed faster than the overlap.
    """

    total_before: int | None = None
    total_after: int | None = None
    shifted_in: int = 0
    shifted_out: int = 0
    moved: int = 0
    rereads: int = 0

    @property
    def added(self) -> int:
        """At least this many invoices were added during the walk."""
        return self.shifted_in + max(0, self._net_change - (self.shifted_in - self.shifted_out))

    @property
    def removed(self) -> int:
        """At least this many invoices were removed during the walk."""
        return self.shifted_out + max(0, (self.shifted_in - self.shifted_out) - self._net_change)

    @property
    def changed(self) -> bool:
        """Whether the walk saw the portal change under it."""
        return bool(self.added or self.removed or self.moved or self.rereads)

    @property
    def _net_change(self) -> int:
        if self.total_before is None or self.total_after is None:
            return 0
        return self.total_after - self.total_before


@dataclass(frozen=True, eq=False)
class PageRequest:
    """One page to fetch: ``count`` invoices of ``query`` after the first ``start``.

    ``owner`` and ``generation`` route the answer back inside the core; drivers only read the first three.
    """

    query: InvoiceFilter
    start: int
    count: int
    owner: _Phase | None = field(default=None, repr=False)
    generation: int = 0
    aligned: bool = True
    """Requested an overlap early after the page before it (not a page read again from elsewhere)."""


class _Phase:
    """A part of a walk: plans requests and turns their answers into invoices to yield."""

    done = False

    def next_request(self) -> PageRequest | None:
        raise NotImplementedError

    def receive(self, request: PageRequest, answer: InvoiceListResponse) -> list[Invoice]:
        raise NotImplementedError


@dataclass
class _Shared:
    """What every phase of one walk shares."""

    seen: SeenIds
    report: WalkReport
    overlap: int

    def note_total(self, total: int) -> None:
        if self.report.total_before is None:
            self.report.total_before = total

    def emit(self, invoices: Sequence[Invoice], accept: Callable[[Invoice], bool] | None = None) -> list[Invoice]:
        """The invoices not yielded before (those met again are counted as moved)."""
        fresh = []
        for invoice in invoices:
            if accept is not None and not accept(invoice):
                continue
            if self.seen.add(invoice.id):
                fresh.append(invoice)
            else:
                self.report.moved += 1
        return fresh


class _OffsetPhase(_Phase):
    """A walk of a total order by ``startIndex``, aligned on an overlap of already yielded ids."""

    def __init__(
        self, query: InvoiceFilter, shared: _Shared, *, accept: Callable[[Invoice], bool] | None = None, top: bool
    ) -> None:
        self._query = query
        self._shared = shared
        self._accept = accept
        self._top = top  # the walk's only phase: its last page's total is the walk's final total
        self._overlap = shared.overlap
        self._recent: OrderedDict[int, int] = OrderedDict()  # id -> when the cursor passed it
        self._passed = 0
        self._generation = 0
        self._outstanding = 0
        self._next_start = 0
        self._largest_total = 0
        self._answers = 0
        self._rereads_in_row = 0
        self._stalled_in_row = 0
        self._aligned = True

    def next_request(self) -> PageRequest | None:
        if self.done:
            return None
        if self._outstanding and (not self._passed or self._next_start >= self._largest_total):
            return None  # the first page alone; past the announced total, one page at a time
        request = PageRequest(self._query, self._next_start, PAGE_SIZE, self, self._generation, self._aligned)
        self._next_start += PAGE_SIZE - self._overlap
        self._aligned = True
        self._outstanding += 1
        return request

    def receive(self, request: PageRequest, answer: InvoiceListResponse) -> list[Invoice]:
        if self.done or request.generation != self._generation:
            return []  # planned before a re-read or the end: its place is unknown
        self._outstanding -= 1
        self._answers += 1
        self._largest_total = max(self._largest_total, answer.total)
        self._shared.note_total(answer.total)
        page = answer.response
        anchor = -1
        if self._passed:
            found = self._anchor(page)
            if found is None:
                return self._read_again(request, page)
            anchor = found
            if request.aligned:  # the anchor's expected place is the end of the overlap
                shift = anchor - (self._overlap - 1)
                self._shared.report.shifted_in += max(0, shift)
                self._shared.report.shifted_out += max(0, -shift)
        self._rereads_in_row = 0
        ahead = page[anchor + 1 :]
        self._stalled_in_row = 0 if ahead or len(page) < request.count else self._stalled_in_row + 1
        if self._stalled_in_row > MAX_REREADS:
            raise InconsistentPortalError(
                f"{self._stalled_in_row} full pages in a row brought no invoice after the ones already read"
            )
        passed_before = {invoice.id for invoice in ahead if invoice.id in self._recent}  # out of order, not new
        for invoice in ahead:
            self._pass(invoice.id)
        fresh = self._shared.emit([i for i in ahead if i.id not in passed_before], self._accept)
        end = request.start + len(page)
        if end > self._largest_total + PAGE_SIZE + GROWTH_PER_REQUEST * self._answers:
            raise InconsistentPortalError(
                f"the walk read {end} invoices where the portal announced at most {self._largest_total}"
            )
        if len(page) < request.count:
            self.done = True
            if self._top:
                self._shared.report.total_after = answer.total
        else:
            self._next_start = max(self._next_start, end - self._overlap)
        return fresh

    def _pass(self, invoice_id: int) -> None:
        self._recent[invoice_id] = self._passed
        self._recent.move_to_end(invoice_id)
        self._passed += 1
        while len(self._recent) > 4 * self._overlap:
            self._recent.popitem(last=False)

    def _anchor(self, page: list[Invoice]) -> int | None:
        """The page index of the most recently passed id in ``page``, if any."""
        best, best_when = None, -1
        for index, invoice in enumerate(page):
            when = self._recent.get(invoice.id, -1)
            if when > best_when:
                best, best_when = index, when
        return best

    def _read_again(self, request: PageRequest, page: list[Invoice]) -> list[Invoice]:
        report = self._shared.report
        report.rereads += 1
        self._rereads_in_row += 1
        if self._rereads_in_row > MAX_REREADS:
            raise PortalChangedError(
                f"the portal changed faster than the walk can follow ({MAX_REREADS} pages read again in a row "
                f"near invoice {request.start}); walk again later, or by issue date"
            )
        self._generation += 1
        self._outstanding = 0
        self._aligned = False
        behind = len(page) == request.count and any(invoice.id in self._shared.seen for invoice in page)
        if behind:  # the whole page comes before the walk's position: many invoices were added before it
            self._next_start = request.start + len(page) - self._overlap
        else:  # removals before the position moved the overlap further back
            self._next_start = max(0, request.start - self._overlap * 2**self._rereads_in_row)
        return []


class _KeysetPhase(_Phase):
    """A walk of a date order by keyset pages; a tie group of a full page is walked by number."""

    def __init__(self, query: InvoiceFilter, shared: _Shared, bounds: DateRange) -> None:
        self._query = query
        self._shared = shared
        self._bounds: DateRange | None = bounds
        self._waiting = False
        self._tie: _OffsetPhase | None = None

    def next_request(self) -> PageRequest | None:
        if self._tie is not None:
            if not self._tie.done:
                return self._tie.next_request()
            self._tie = None
        if self._waiting or self._bounds is None:
            self.done = self._bounds is None
            return None
        self._waiting = True
        return PageRequest(self._query.with_range(self._query.order_by, self._bounds), 0, PAGE_SIZE, self)

    def receive(self, request: PageRequest, answer: InvoiceListResponse) -> list[Invoice]:
        self._waiting = False
        self._shared.note_total(answer.total)
        assert self._bounds is not None
        step = keyset_step(answer.response, self._bounds, self._query.order_by, self._query.descending)
        if step.rest == self._bounds and step.tie is None:
            raise InconsistentPortalError("a keyset page did not advance: the portal ignores the date bounds")
        self._bounds = step.rest
        if step.tie is not None:
            tie_range = DateRange(step.tie, step.tie)
            tie_query = self._query.with_range(self._query.order_by, tie_range).ordered(
                InvoiceSortBy.NUMBER, descending=False
            )
            self._tie = _OffsetPhase(tie_query, self._shared, top=False)
        if self._bounds is None and self._tie is None:
            self.done = True
        return self._shared.emit(step.emit)


class _CountPhase(_Phase):
    """Counts of several filters at once (``count=1``: a full page's total is the database count)."""

    def __init__(self, queries: Sequence[InvoiceFilter], shared: _Shared) -> None:
        self._pending = list(queries)
        self._shared = shared
        self.totals: dict[InvoiceFilter, int] = {}
        self._expected = len(self._pending)

    def next_request(self) -> PageRequest | None:
        if not self._pending:
            return None
        return PageRequest(self._pending.pop(0), 0, 1, self)

    def receive(self, request: PageRequest, answer: InvoiceListResponse) -> list[Invoice]:
        self.totals[request.query] = answer.total
        self._shared.note_total(answer.total)
        self.done = len(self.totals) == self._expected
        return []


class _UnknownStatusPhase(_Phase):
    """Invoices whose status this client does not know, gathered by a number walk, then yielded by status."""

    def __init__(self, by_number: InvoiceFilter, shared: _Shared, descending: bool) -> None:
        self._found: list[Invoice] = []
        self._descending = descending
        self._walk = _OffsetPhase(by_number, shared, accept=self._keep, top=False)

    def _keep(self, invoice: Invoice) -> bool:
        return invoice.status.id not in KNOWN_STATUSES

    def next_request(self) -> PageRequest | None:
        request = self._walk.next_request()
        return None if request is None else replace(request, owner=self)  # answers come back through here

    def receive(self, request: PageRequest, answer: InvoiceListResponse) -> list[Invoice]:
        self._found += self._walk.receive(request, answer)
        if not self._walk.done:
            return []
        self.done = True
        return sorted(self._found, key=lambda invoice: invoice.status.id, reverse=self._descending)


class WalkCore:
    """Every invoice of ``query`` exactly once, in its order: plans page requests and reads their answers.

    Args:
        query: the filters and order, with every date bound already in the portal's wall-clock time.
        concurrency: how many requests the driver keeps in flight (sets the overlap, :func:`overlap_for`).
        report: where to count how the portal changed (a new one when not given).
    """

    def __init__(self, query: InvoiceFilter, concurrency: int = 1, report: WalkReport | None = None) -> None:
        self.report = report if report is not None else WalkReport()
        self._shared = _Shared(SeenIds(), self.report, overlap_for(concurrency))
        self._final_count: _CountPhase | None = None
        self._phases = self._plan(query)
        self._phase: _Phase | None = next(self._phases)

    @property
    def done(self) -> bool:
        """Whether the walk has nothing more to fetch or yield."""
        return self._phase is None

    def next_request(self, waiting: int) -> PageRequest | None:
        """The next page to fetch now, or ``None`` when the ``waiting`` answers already asked for must come first
        (or the walk is done)."""
        while self._phase is not None:
            if not self._phase.done:
                request = self._phase.next_request()
                if request is not None:
                    return request
                if not self._phase.done:
                    if not waiting:
                        raise RuntimeError("the walk has nothing to ask and nothing to wait for (a bug)")
                    return None
            self._phase = next(self._phases, None)
        return None

    def receive(self, request: PageRequest, answer: InvoiceListResponse) -> list[Invoice]:
        """The invoices to yield for the answer to ``request`` (answers come back in the order requested)."""
        assert request.owner is not None, "an answer to a request this core did not plan"
        fresh = request.owner.receive(request, answer)
        if request.owner is self._final_count:
            self.report.total_after = answer.total
        return fresh

    def _plan(self, query: InvoiceFilter) -> Iterator[_Phase]:
        shared = self._shared
        if query.order_by in TOTAL_ORDERS:
            yield _OffsetPhase(query, shared, top=True)
        elif query.order_by in DATE_ORDERS:
            yield _KeysetPhase(query, shared, first_range(query))
        else:
            yield from self._status_plan(query.ordered(InvoiceSortBy.NUMBER, descending=False), query.descending)
        if self.report.total_after is None:
            self._final_count = _CountPhase([query], shared)
            yield self._final_count

    def _status_plan(self, by_number: InvoiceFilter, descending: bool) -> Iterator[_Phase]:
        shared = self._shared
        if by_number.status is not None:
            yield _OffsetPhase(by_number, shared, top=True)
            return
        per_status = [by_number.with_status(status) for status in KNOWN_STATUSES]
        unknown = True
        for _ in range(2):  # a surplus must show twice: edits between the counts can fake one
            counts = _CountPhase([by_number, *per_status], shared)
            yield counts
            unknown = counts.totals[by_number] > sum(counts.totals[q] for q in per_status)
            if not unknown:
                break
        if unknown and descending:
            yield _UnknownStatusPhase(by_number, shared, descending=True)
        for status in status_plan(descending):
            yield _OffsetPhase(by_number.with_status(status), shared, top=False)
        if unknown and not descending:
            yield _UnknownStatusPhase(by_number, shared, descending=False)


def date_key(order_by: InvoiceSortBy) -> Callable[[Invoice], dt.datetime]:
    """The invoice's date for a date order, as the portal's wall-clock time (the wire carries the portal's offset)."""
    if order_by is InvoiceSortBy.ISSUE_DATE:
        return lambda invoice: invoice.issue_date.replace(tzinfo=None)
    if order_by is InvoiceSortBy.DUE_DATE:
        return lambda invoice: invoice.due_date.replace(tzinfo=None)
    raise ValueError(f"{order_by} is not a date order")


def sort_by_key(invoices: Sequence[Invoice], key: Callable[[Invoice], dt.datetime], descending: bool) -> list[Invoice]:
    """Invoices by ``key`` (descending if asked), equal keys by ``number`` ascending."""
    by_number = sorted(invoices, key=lambda invoice: invoice.number)
    return sorted(by_number, key=key, reverse=descending)  # stable: ties keep the number order


def first_range(query: InvoiceFilter) -> DateRange:
    """The caller's own range on the walk's date key, portal-local (open ends are ``None``)."""
    bounds = query.issued if query.order_by is InvoiceSortBy.ISSUE_DATE else query.due
    return bounds if bounds is not None else DateRange(None, None)


@dataclass(frozen=True)
class KeysetStep:
    """What one keyset page gives.

    Attributes:
        emit: invoices to yield now, in order.
        tie: an instant whose invoices fill a whole page: walk them by number, then go on.
        rest: the range left to walk after ``emit`` (and the ``tie``), or ``None`` when the walk is done.
    """

    emit: list[Invoice]
    tie: dt.datetime | None
    rest: DateRange | None


def keyset_step(page: Sequence[Invoice], bounds: DateRange, order_by: InvoiceSortBy, descending: bool) -> KeysetStep:
    """Decide what a keyset page (the first :data:`PAGE_SIZE` of ``bounds`` in key order) yields and what is left."""
    key = date_key(order_by)
    if len(page) < PAGE_SIZE:
        return KeysetStep(sort_by_key(page, key, descending), None, None)
    first, last = key(page[0]), key(page[-1])
    if first == last:
        rest = DateRange(bounds.start, last - _TICK) if descending else DateRange(last + _TICK, bounds.end)
        return KeysetStep([], last, rest)
    before_last = [invoice for invoice in page if key(invoice) != last]
    rest = DateRange(bounds.start, last) if descending else DateRange(last, bounds.end)
    return KeysetStep(sort_by_key(before_last, key, descending), None, rest)


def status_plan(descending: bool) -> list[InvoiceStatusId]:
    """The known statuses in the order a ``status`` walk visits them."""
    return sorted(KNOWN_STATUSES, reverse=descending)
