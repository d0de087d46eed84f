"""The walk over every matching invoice, as sans-I/O state machines that any driver runs.

A driver (:class:`~onlyoffice_crm.Portal` with threads, :class:`~onlyoffice_crm.AsyncPortal` with asyncio)
asks :meth:`WalkCore.next_request` for pages to fetch, up to its concurrency, sends them, and hands each
parsed answer back, in the order requested, to :meth:`WalkCore.receive`, which returns the invoices to
yield. The core never does I/O, so both drivers share every rule below (in the manner of h11).

How each order is walked:

* ``number``, ``id``, ``contact`` (total orders): offset pages of the driver's page size (the spec's largest
  ``count``, ``COUNT_MAXIMUM`` of the generated client), each requested :func:`overlap_for` invoices early.
  The page is aligned on the most recently yielded id found in that overlap, and the walk goes on after it;
  invoices added or removed before the walk's position between two page requests only move that id within
  the overlap. When none of the recent ids is in the page, the page is read again further back (or forward,
  when the page is wholly behind the walk), at most :data:`MAX_REREADS` times in a row, then
  :class:`~onlyoffice_crm.PortalChangedError` is raised.
* ``issueDate``/``dueDate``: keyset pages, each from ``startIndex=0`` with the date bound moved to the last
  key seen (:func:`keyset_step`); a tie group of a full page is walked by ``number`` within that instant. The keys
  are instants with each date's own offset (a portal in a daylight-saving zone writes several), and the moved
  bounds are sent as those instants.
* ``status``: one ``number`` walk per status (:func:`status_plan`), after counts that tell whether the
  portal has statuses this client does not know (those come last, held in memory).

A page shorter than asked is the last one, unless its own ``total`` says more invoices follow it: then the
portal caps its pages (at fewer than the spec allows) and the walk goes on after what it read, asking pages of
that size from then on (:attr:`WalkReport.page_cap`). Each page is judged by its own ``total`` only: the totals
of different pages may disagree (the server caches counts for 30 s, and for a non-administrator a full page's
total counts invoices it hides, so the total shrinks on the last page). A short page that claims more invoices
after it but holds fewer than two raises :class:`~onlyoffice_crm.InconsistentPortalError`.

A caller who is not an administrator never gets the invoices whose contact it may not see (``CRMSecurity.FilterRead``
on every branch of ``InvoiceDao.cs:187-238``): ``startIndex`` counts the visible invoices and every page but the last
is full, so the walk pages through them as through any portal. Only the totals differ: a full page's ``total`` is
the database count, hidden invoices included (``GetInvoicesCount``, ``InvoiceDao.cs:321-374``), while the last
page's is ``startIndex + returned``, the visible count. So :class:`WalkReport` compares totals of one kind only:
``total_before`` and ``total_after`` are both the database count (the last page's total is used for
``total_after`` only when it equals the last full page's, else one ``count=1`` request measures it), or both the
one short page of a walk that fits in it. A shrinking total is therefore never counted as removed invoices.

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
    "KeysetStep",
    "PageRequest",
    "WalkCore",
    "WalkReport",
    "keyset_step",
    "overlap_for",
    "status_plan",
]

TOTAL_ORDERS = frozenset({InvoiceSortBy.NUMBER, InvoiceSortBy.ID, InvoiceSortBy.CONTACT})
DATE_ORDERS = frozenset({InvoiceSortBy.ISSUE_DATE, InvoiceSortBy.DUE_DATE})
KNOWN_STATUSES = tuple(InvoiceStatusId)
MAX_REREADS = 8
"""Pages read again in a row, each further away, before the walk gives up on a portal changing too fast."""
EDITS_PER_REQUEST = 8
"""Edits per page request the overlap absorbs at any concurrency (see :func:`overlap_for`)."""
GROWTH_PER_REQUEST = 50
"""How much a portal may grow per request before reading past its announced total counts as a lie."""
SMALLEST_PAGE_CAP = 2
"""The fewest invoices a capped page may hold: an offset page must overlap the one before it and go beyond."""
_TICK = dt.timedelta(microseconds=1)


def overlap_for(concurrency: int) -> int:
    """How many invoices early each offset page is requested: enough for :data:`EDITS_PER_REQUEST` removals
    per request between two pages' answers, which up to ``concurrency`` requests in flight can separate
    (24 for one page at a time, 272 at the largest concurrency, 32)."""
    return EDITS_PER_REQUEST * (concurrency + 2)


def overlap_within(overlap: int, page_size: int) -> int:
    """The overlap used with pages of ``page_size``: at most half a page, so that each page goes beyond the last."""
    return min(overlap, page_size // 2)


@dataclass
class WalkReport:
    """How the portal changed under a walk, as far as the walk could see (kept up to date while it runs).

    Attributes:
        total_before: how many invoices matched when the walk began (the portal's count: for a caller who is not
            an administrator it includes the invoices hidden from it, see the module's docstring).
        total_after: how many matched when it ended, counted the same way (``None`` until it ends).
        shifted_in: invoices that appeared before the walk's position between two page requests (net).
        shifted_out: invoices that disappeared before the walk's position between two page requests (net).
        moved: invoices met again at another place (their sort key changed); each was yielded once only.
        rereads: pages read again with a wider overlap because the portal changed faster than the overlap.
        page_cap: the most invoices the portal gave a page when more were asked and its ``total`` said more
            followed (it caps pages below the spec's maximum ``count``); the walk went on with pages of this
            size. ``None`` when it never capped a page.
    """

    total_before: int | None = None
    total_after: int | None = None
    shifted_in: int = 0
    shifted_out: int = 0
    moved: int = 0
    rereads: int = 0
    page_cap: int | None = None

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
    page_size: int
    """The page size asked now: the driver's, or the portal's cap once a page showed one."""

    first_full: bool | None = None
    """Whether the walk's first answer was a full page (its total is the portal's count, not a visible count)."""

    def note_total(self, total: int, full: bool) -> None:
        if self.report.total_before is None:
            self.report.total_before = total
            self.first_full = full

    def full(self, request: PageRequest, answer: InvoiceListResponse) -> bool:
        """Whether more invoices may follow this page: it holds all it was asked for, or it is capped (shorter,
        with its own ``total`` beyond it), which lowers :attr:`page_size` to the cap.

        Raises:
            InconsistentPortalError: a page longer than asked, or a capped page of fewer than
                :data:`SMALLEST_PAGE_CAP` invoices.
        """
        returned = len(answer.response)
        if returned > request.count:  # the drivers' reading refuses it first; a core trusts no driver either
            raise InconsistentPortalError(
                f"the portal answered {returned} invoices where at most {request.count} were asked"
            )
        if returned == request.count or answer.total <= request.start + returned:
            return returned >= request.count
        if returned < SMALLEST_PAGE_CAP:
            raise InconsistentPortalError(
                f"the portal answered {returned} invoices at startIndex {request.start} where {request.count} were "
                f"asked, though its total says {answer.total} match"
            )
        if returned < self.page_size:
            self.page_size = returned
            self.report.page_cap = returned
        return True

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
        self._page_size = shared.page_size
        self._overlap = overlap_within(shared.overlap, self._page_size)
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
        self._last_full_total: int | None = None

    def next_request(self) -> PageRequest | None:
        if self.done:
            return None
        if self._outstanding and (not self._passed or self._next_start >= self._largest_total):
            return None  # the first page alone; past the announced total, one page at a time
        request = PageRequest(self._query, self._next_start, self._page_size, self, self._generation, self._aligned)
        self._next_start += self._page_size - self._overlap
        self._aligned = True
        self._outstanding += 1
        return request

    def receive(self, request: PageRequest, answer: InvoiceListResponse) -> list[Invoice]:
        if self.done or request.generation != self._generation:
            return []  # planned before a re-read or the end: its place is unknown
        self._outstanding -= 1
        self._answers += 1
        self._largest_total = max(self._largest_total, answer.total)
        page = answer.response
        planned_overlap = self._overlap
        full = self._shared.full(request, answer)
        self._shared.note_total(answer.total, full)
        if self._shared.page_size < self._page_size:
            self._follow_cap()
        anchor = -1
        if self._passed:
            found = self._anchor(page)
            if found is None:
                return self._read_again(request, page, full)
            anchor = found
            if request.aligned:  # the anchor's expected place is the end of the overlap
                shift = anchor - (planned_overlap - 1)
                self._shared.report.shifted_in += max(0, shift)
                self._shared.report.shifted_out += max(0, -shift)
        self._rereads_in_row = 0
        ahead = page[anchor + 1 :]
        self._stalled_in_row = 0 if ahead or not full else self._stalled_in_row + 1
        if self._stalled_in_row > MAX_REREADS:
            raise InconsistentPortalError(
                f"{self._stalled_in_row} full pages in a row brought no invoice after the ones already read"
            )
        passed_before = {invoice.id for invoice in ahead if invoice.id in self._recent}  # out of order, not new
        for invoice in ahead:
            self._pass(invoice.id)
        fresh = self._shared.emit([i for i in ahead if i.id not in passed_before], self._accept)
        end = request.start + len(page)
        if end > self._largest_total + self._page_size + GROWTH_PER_REQUEST * self._answers:
            raise InconsistentPortalError(
                f"the walk read {end} invoices where the portal announced at most {self._largest_total}"
            )
        if not full:
            self.done = True
            if self._top and self._counts_alike(answer.total):
                self._shared.report.total_after = answer.total
        else:
            self._last_full_total = answer.total
            self._next_start = max(self._next_start, end - self._overlap)
        return fresh

    def _counts_alike(self, last_total: int) -> bool:
        """Whether the last (short) page's total, a visible count, can stand for the portal's count at the end: the
        walk was that one page, or the total equals the last full page's (nothing is hidden from the caller)."""
        return self._shared.first_full is False or last_total == self._last_full_total

    def _follow_cap(self) -> None:
        """Ask pages of the portal's cap from now on; those in flight were planned for larger pages."""
        self._page_size = self._shared.page_size
        self._overlap = overlap_within(self._shared.overlap, self._page_size)
        self._next_start = 0  # planned with the larger pages: set again from this page's end
        if self._outstanding:
            self._generation += 1
            self._outstanding = 0

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

    def _read_again(self, request: PageRequest, page: list[Invoice], full: bool) -> list[Invoice]:
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
        behind = full and any(invoice.id in self._shared.seen for invoice in page)
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
        query = self._query.with_range(self._query.order_by, self._bounds)
        return PageRequest(query, 0, self._shared.page_size, self)

    def receive(self, request: PageRequest, answer: InvoiceListResponse) -> list[Invoice]:
        self._waiting = False
        assert self._bounds is not None
        first = self._shared.report.total_before is None
        full = self._shared.full(request, answer)
        self._shared.note_total(answer.total, full)
        if first and not full:  # the whole walk is this one page: its total is also the total at the end
            self._shared.report.total_after = answer.total
        step = keyset_step(answer.response, self._bounds, self._query.order_by, self._query.descending, full=full)
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
        self.in_order: list[int] = []
        """The totals in the order of ``queries`` (a query may come twice)."""
        self._expected = len(self._pending)

    def next_request(self) -> PageRequest | None:
        if not self._pending:
            return None
        return PageRequest(self._pending.pop(0), 0, 1, self)

    def receive(self, request: PageRequest, answer: InvoiceListResponse) -> list[Invoice]:
        self.totals[request.query] = answer.total
        self.in_order.append(answer.total)
        self._shared.note_total(answer.total, len(answer.response) >= request.count)
        self.done = len(self.in_order) == self._expected
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
        page_size: the ``count`` of each page (the spec's maximum for a driver; a lower cap the portal shows
            replaces it, see :attr:`WalkReport.page_cap`).
    """

    def __init__(
        self, query: InvoiceFilter, concurrency: int = 1, report: WalkReport | None = None, *, page_size: int
    ) -> None:
        if page_size < SMALLEST_PAGE_CAP:
            raise ValueError(f"page_size: {page_size} is less than {SMALLEST_PAGE_CAP}")
        self.report = report if report is not None else WalkReport()
        self._shared = _Shared(SeenIds(), self.report, overlap_for(concurrency), page_size)
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
            # The count of all before and after those by status: a deletion before a status's count raises only the
            # first, an addition after it only the last; invoices of an unknown status raise both.
            counts = _CountPhase([by_number, *per_status, by_number], shared)
            yield counts
            first, *each, last = counts.in_order
            unknown = min(first, last) > sum(each)
            if not unknown:
                break
        if unknown and descending:
            yield _UnknownStatusPhase(by_number, shared, descending=True)
        for status in status_plan(descending):
            yield _OffsetPhase(by_number.with_status(status), shared, top=False)
        if unknown and not descending:
            yield _UnknownStatusPhase(by_number, shared, descending=False)


def date_key(order_by: InvoiceSortBy) -> Callable[[Invoice], dt.datetime]:
    """The invoice's date for a date order, as the instant it is, with the offset the wire gave it: the server
    sorts the stored UTC values, and across a daylight-saving change the wall-clock time goes back an hour."""
    if order_by is InvoiceSortBy.ISSUE_DATE:
        return lambda invoice: invoice.issue_date
    if order_by is InvoiceSortBy.DUE_DATE:
        return lambda invoice: invoice.due_date
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


def keyset_step(
    page: Sequence[Invoice], bounds: DateRange, order_by: InvoiceSortBy, descending: bool, *, full: bool
) -> KeysetStep:
    """Decide what a keyset page (the first invoices of ``bounds`` in key order) yields and what is left;
    ``full`` says whether more invoices may follow it (a short page that is not capped is the last)."""
    key = date_key(order_by)
    if not full or not page:
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
