"""The sans-I/O walk on its own, as h11 tests its state machine: prepared pages go in, invoices and the next
requests come out, with no HTTP. Each phase of a walk (offset pages aligned on an overlap, keyset date steps and
the number walks of their tie groups, status plans and their counts) keeps the walk's promise: every invoice
exactly once, in the order asked, in a bounded number of requests, or a named error."""

from __future__ import annotations

import math
from typing import Any

import pytest

from onlyoffice_crm import ORDER_WORDS, InconsistentPortalError, InvoiceSortBy, PortalChangedError, WalkReport
from onlyoffice_crm._dates import DateRange
from onlyoffice_crm._filters import InvoiceFilter
from onlyoffice_crm._walk import PageRequest, WalkCore
from onlyoffice_crm_client.models import Invoice, InvoiceStatusId

from .core_portal import CorePortal, drive, invoice, local, numbers

PAGE = 10
ORDERS = list(dict.fromkeys(ORDER_WORDS.values()))  # the orders a walk takes
NAMES = ["Northwind", "alpha", "Zeta", None, "northwind"]


def mixed(count: int) -> list[Invoice]:
    """Invoices with every kind of tie: few days, few statuses, few contacts (and none), numbers out of order."""
    return [
        invoice((number * 37) % 1000 + 1, day=1 + number % 3, status=1 + number % 5, contact=NAMES[number % len(NAMES)])
        for number in range(count)
    ]


def expected(invoices: list[Invoice], order_by: InvoiceSortBy, descending: bool) -> list[str]:
    """The order the walk promises: the key, then the number ascending in both directions (contacts: none last)."""
    if order_by is InvoiceSortBy.NUMBER:
        return sorted(numbers(invoices), reverse=descending)
    if order_by is InvoiceSortBy.ID:
        return numbers(sorted(invoices, key=lambda i: i.id, reverse=descending))
    by_number = sorted(invoices, key=lambda i: i.number)
    if order_by is InvoiceSortBy.CONTACT:
        named = [i for i in by_number if i.contact is not None]
        named.sort(key=lambda i: i.contact.display_name.lower(), reverse=descending)  # type: ignore[union-attr]
        return numbers(named + [i for i in by_number if i.contact is None])
    key: Any = {
        InvoiceSortBy.ISSUE_DATE: lambda i: i.issue_date,
        InvoiceSortBy.DUE_DATE: lambda i: i.due_date,
        InvoiceSortBy.STATUS: lambda i: i.status.id,
    }[order_by]
    return numbers(sorted(by_number, key=key, reverse=descending))


def core(
    order_by: InvoiceSortBy = InvoiceSortBy.NUMBER,
    descending: bool = False,
    concurrency: int = 1,
    page_size: int = PAGE,
    **filters: Any,
) -> WalkCore:
    return WalkCore(
        InvoiceFilter(order_by=order_by, descending=descending, **filters), concurrency, page_size=page_size
    )


def once(yielded: list[Invoice]) -> None:
    assert len({i.id for i in yielded}) == len(yielded), "an invoice came twice"


class TestEveryOrder:
    @pytest.mark.parametrize("concurrency", [1, 3])
    @pytest.mark.parametrize("descending", [False, True])
    @pytest.mark.parametrize("order_by", ORDERS)
    def test_each_invoice_comes_once_in_the_order_asked(
        self, order_by: InvoiceSortBy, descending: bool, concurrency: int
    ) -> None:
        invoices = mixed(47)
        walk = core(order_by, descending, concurrency)

        yielded = drive(walk, CorePortal(invoices), concurrency)

        assert numbers(yielded) == expected(invoices, order_by, descending)
        assert walk.report.total_before == walk.report.total_after == len(invoices)
        assert not walk.report.changed
        assert walk.report.page_cap is None

    @pytest.mark.parametrize("order_by", ORDERS)
    def test_an_empty_portal_yields_nothing_and_counts_zero(self, order_by: InvoiceSortBy) -> None:
        walk = core(order_by)

        assert drive(walk, CorePortal([])) == []
        assert walk.done
        assert (walk.report.total_before, walk.report.total_after) == (0, 0)

    @pytest.mark.parametrize("concurrency", [1, 2, 4])
    def test_no_more_requests_are_in_flight_than_the_concurrency_and_the_first_page_goes_alone(
        self, concurrency: int
    ) -> None:
        walk = core(concurrency=concurrency)
        portal = CorePortal(mixed(200))
        first = walk.next_request(0)
        assert first is not None
        assert walk.next_request(1) is None  # its total and cap are unknown until it is answered

        in_flight: list[tuple[PageRequest, Any]] = [(first, portal.answer(first))]
        most = 1
        while not walk.done:
            while len(in_flight) < concurrency and (request := walk.next_request(len(in_flight))) is not None:
                in_flight.append((request, portal.answer(request)))
            most = max(most, len(in_flight))
            if not in_flight:
                break
            walk.receive(*in_flight.pop(0))
        assert most == concurrency


class TestOffsetPages:
    """``number``, ``id`` and ``contact``: offset pages, each aligned on an overlap of ids already yielded."""

    def test_each_page_after_the_first_brings_at_least_half_a_page_of_new_invoices(self) -> None:
        invoices = mixed(100)
        portal = CorePortal(invoices)

        assert len(drive(core(), portal)) == len(invoices)
        assert len(portal.requests) <= math.ceil(len(invoices) / (PAGE // 2)) + 1

    @pytest.mark.parametrize("order_by", [InvoiceSortBy.NUMBER, InvoiceSortBy.ID, InvoiceSortBy.CONTACT])
    def test_invoices_added_before_the_position_move_the_overlap_and_none_is_lost(
        self, order_by: InvoiceSortBy
    ) -> None:
        invoices = mixed(150)
        added = iter(range(1, 1000))

        def add_two_early(portal: CorePortal, request: PageRequest) -> None:
            if portal.requests[:-1]:  # the first page sees the portal as it began
                # Each sorts first: a number below all ("INV--…"), a small id, the first name.
                for _ in range(2):
                    new = next(added)
                    portal.invoices.append(replace_id(invoice(-new, contact="aaa"), new))

        walk = core(order_by, page_size=40)
        yielded = drive(walk, CorePortal(list(invoices), edit=add_two_early))

        once(yielded)
        assert {i.id for i in invoices} <= {i.id for i in yielded}
        assert walk.report.shifted_in > 0
        assert walk.report.rereads == 0
        assert walk.report.added >= walk.report.shifted_in

    def test_invoices_removed_before_the_position_move_the_overlap_and_none_is_lost(self) -> None:
        invoices = mixed(150)

        def remove_two_passed(portal: CorePortal, request: PageRequest) -> None:
            if request.start > 5:
                passed = {i.id for i in sorted(portal.invoices, key=lambda i: i.number)[:2]}
                portal.invoices = [i for i in portal.invoices if i.id not in passed]

        walk = core(page_size=40)
        portal = CorePortal(list(invoices), edit=remove_two_passed)
        yielded = drive(walk, portal)

        once(yielded)
        assert {i.id for i in portal.invoices} <= {i.id for i in yielded}
        assert walk.report.shifted_out > 0
        assert walk.report.removed >= walk.report.shifted_out

    def test_more_removals_than_the_overlap_read_the_page_again_and_none_is_lost(self) -> None:
        invoices = mixed(150)
        removed_once: list[bool] = []

        def remove_many_once(portal: CorePortal, request: PageRequest) -> None:
            if request.start > 0 and not removed_once:
                removed_once.append(True)
                passed = {i.id for i in sorted(portal.invoices, key=lambda i: i.number)[:35]}
                portal.invoices = [i for i in portal.invoices if i.id not in passed]

        walk = core(page_size=40)
        portal = CorePortal(list(invoices), edit=remove_many_once)
        yielded = drive(walk, portal)

        once(yielded)
        assert {i.id for i in portal.invoices} <= {i.id for i in yielded}
        assert walk.report.rereads > 0

    def test_a_portal_whose_pages_never_meet_the_last_one_raises_portal_changed(self) -> None:
        """Every answer holds new ids only: the walk cannot find where it was, however far back it reads."""
        renumbered = iter(range(10**6, 10**9, 1000))

        def new_ids(request: PageRequest, answer: Any) -> Any:
            base = next(renumbered)
            answer.response = [replace_id(i, base + k) for k, i in enumerate(answer.response)]
            return answer

        portal = CorePortal(mixed(300), lie=new_ids)
        with pytest.raises(PortalChangedError, match="changed faster than the walk can follow"):
            drive(core(), portal, most_requests=50)


def replace_id(found: Invoice, new_id: int) -> Invoice:
    wire = found.to_dict()
    wire["id"] = new_id
    return Invoice.from_dict(wire)


class TestKeysetDates:
    """``issueDate`` and ``dueDate``: pages from ``startIndex=0`` with the bound moved to the last key seen."""

    @pytest.mark.parametrize("descending", [False, True])
    @pytest.mark.parametrize("order_by", [InvoiceSortBy.ISSUE_DATE, InvoiceSortBy.DUE_DATE])
    def test_a_tie_group_larger_than_a_page_is_walked_by_number_within_its_instant(
        self, order_by: InvoiceSortBy, descending: bool
    ) -> None:
        invoices = [invoice(n, day=2) for n in range(1, 36)] + [invoice(n, day=1 + n % 4) for n in range(36, 60)]
        portal = CorePortal(invoices)

        yielded = drive(core(order_by, descending), portal)

        assert numbers(yielded) == expected(invoices, order_by, descending)
        # Never an offset into a date order, whose ties come in a new order on every request:
        for request in portal.requests:
            if request.start:
                bounds = request.query.issued if order_by is InvoiceSortBy.ISSUE_DATE else request.query.due
                assert request.query.order_by is InvoiceSortBy.NUMBER
                assert bounds is not None
                assert bounds.start == bounds.end

    def test_the_callers_range_is_kept_to(self) -> None:
        invoices = mixed(60)
        bounds = DateRange(local(invoices[1].issue_date), None)  # day 2 onwards

        yielded = drive(core(InvoiceSortBy.ISSUE_DATE, issued=bounds), CorePortal(invoices))

        within = [i for i in invoices if local(i.issue_date) >= local(invoices[1].issue_date)]
        assert numbers(yielded) == expected(within, InvoiceSortBy.ISSUE_DATE, False)
        assert len(within) < len(invoices)

    def test_a_portal_that_ignores_the_date_bounds_is_inconsistent(self) -> None:
        first: list[Any] = []

        def same_page(request: PageRequest, answer: Any) -> Any:
            first.append(answer)
            return first[0]

        portal = CorePortal([invoice(n, day=1 + n % 28) for n in range(1, 60)], lie=same_page)
        with pytest.raises(InconsistentPortalError, match="did not advance"):
            drive(core(InvoiceSortBy.DUE_DATE), portal, most_requests=5)


class TestStatusPlans:
    """``status``: counts first (are there statuses this client does not know?), then one walk per status."""

    @pytest.mark.parametrize("descending", [False, True])
    def test_statuses_this_client_does_not_know_come_after_the_known_ones_in_their_direction(
        self, descending: bool
    ) -> None:
        invoices = mixed(40) + [invoice(n, status=9) for n in range(500, 504)] + [invoice(600, status=7)]

        yielded = drive(core(InvoiceSortBy.STATUS, descending), CorePortal(invoices))

        assert numbers(yielded) == expected(invoices, InvoiceSortBy.STATUS, descending)
        unknown = [i.status.id.value for i in yielded if i.status.id not in list(InvoiceStatusId)]
        assert unknown == ([9, 9, 9, 9, 7] if descending else [7, 9, 9, 9, 9])

    def test_with_only_known_statuses_no_walk_reads_all_invoices(self) -> None:
        portal = CorePortal(mixed(60))

        assert len(drive(core(InvoiceSortBy.STATUS), portal)) == 60
        assert all(r.query.status is not None or r.count == 1 for r in portal.requests)

    def test_a_surplus_that_an_edit_between_counts_fakes_is_counted_again_not_walked(self) -> None:
        invoices = mixed(60)

        def remove_one_after_the_first_count(portal: CorePortal, request: PageRequest) -> None:
            if len(portal.requests) == 2:  # between the count of all and the counts by status
                portal.invoices = portal.invoices[1:]

        portal = CorePortal(list(invoices), edit=remove_one_after_the_first_count)
        yielded = drive(core(InvoiceSortBy.STATUS), portal)

        assert numbers(yielded) == expected(portal.invoices, InvoiceSortBy.STATUS, False)
        assert all(r.query.status is not None or r.count == 1 for r in portal.requests)

    def test_a_status_filter_is_one_number_walk_of_that_status(self) -> None:
        invoices = mixed(60)
        portal = CorePortal(invoices)

        yielded = drive(core(InvoiceSortBy.STATUS, status=InvoiceStatusId.SENT), portal)

        assert numbers(yielded) == expected([i for i in invoices if i.status.id == 2], InvoiceSortBy.NUMBER, False)
        assert {r.query.status for r in portal.requests} == {InvoiceStatusId.SENT}


class TestCounts:
    @pytest.mark.parametrize("order_by", ORDERS)
    def test_the_report_has_the_totals_before_and_after_a_walk_that_gained_invoices(
        self, order_by: InvoiceSortBy
    ) -> None:
        invoices = mixed(60)
        added = iter(range(5000, 5003))

        def add_late(portal: CorePortal, request: PageRequest) -> None:
            if len(portal.requests) == 2:
                portal.invoices += [invoice(next(added), day=3) for _ in range(3)]

        walk = core(order_by)
        drive(walk, CorePortal(list(invoices), edit=add_late))

        assert (walk.report.total_before, walk.report.total_after) == (60, 63)
        assert walk.report.added >= 3
        assert walk.report.changed

    def test_a_report_given_is_the_one_kept_up_to_date(self) -> None:
        report = WalkReport()
        walk = WalkCore(InvoiceFilter(), report=report, page_size=PAGE)

        drive(walk, CorePortal(mixed(30)))

        assert walk.report is report
        assert report.total_after == 30

    def test_a_page_size_below_two_is_refused(self) -> None:
        with pytest.raises(ValueError, match="page_size"):
            core(page_size=1)
