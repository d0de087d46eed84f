"""The sans-I/O walk against portals whose pages are capped or whose answers lie: every invoice still comes once,
or a named error ends the walk within a few requests. Each page is judged by its own ``total``."""

from __future__ import annotations

import random
from typing import Any

import pytest

from onlyoffice_crm import InconsistentPortalError, InvoiceSortBy
from onlyoffice_crm._walk import PageRequest
from onlyoffice_crm_client.models import InvoiceListResponse

from .core_portal import CorePortal, drive, invoice, numbers
from .test_walk_core import ORDERS, core, expected, mixed

PAGE = 20


def relabelled(answer: InvoiceListResponse, **changes: Any) -> InvoiceListResponse:
    return InvoiceListResponse(
        response=changes.get("response", answer.response),
        total=changes.get("total", answer.total),
        status=0,
        status_code=200,
    )


class TestCappedPages:
    """A page shorter than asked whose own total says more follow: the portal caps its pages."""

    @pytest.mark.parametrize("concurrency", [1, 4])
    @pytest.mark.parametrize("descending", [False, True])
    @pytest.mark.parametrize("order_by", ORDERS)
    def test_every_invoice_comes_once_in_order_and_the_report_names_the_cap(
        self, order_by: InvoiceSortBy, descending: bool, concurrency: int
    ) -> None:
        invoices = mixed(90)
        walk = core(order_by, descending, concurrency, page_size=PAGE)
        portal = CorePortal(invoices, page_cap=7)

        yielded = drive(walk, portal, concurrency)

        assert numbers(yielded) == expected(invoices, order_by, descending)
        assert walk.report.page_cap == 7
        assert not walk.report.changed
        assert sum(r.count > 7 for r in portal.requests) == 1  # pages of the cap once one showed it

    @pytest.mark.parametrize("order_by", ORDERS)
    def test_a_cap_that_falls_during_the_walk_is_followed(self, order_by: InvoiceSortBy) -> None:
        invoices = mixed(120)

        def lower_the_cap(portal: CorePortal, request: PageRequest) -> None:
            if len(portal.requests) == 4:
                portal.page_cap = 5

        walk = core(order_by, concurrency=4, page_size=PAGE)
        yielded = drive(walk, CorePortal(invoices, page_cap=9, edit=lower_the_cap), concurrency=4)

        assert numbers(yielded) == expected(invoices, order_by, False)
        assert walk.report.page_cap == 5

    def test_a_capped_tie_group_is_walked_whole(self) -> None:
        invoices = [invoice(n, day=5) for n in range(1, 41)] + [invoice(n, day=9) for n in range(41, 50)]

        yielded = drive(core(InvoiceSortBy.ISSUE_DATE, page_size=PAGE), CorePortal(invoices, page_cap=6))

        assert numbers(yielded) == expected(invoices, InvoiceSortBy.ISSUE_DATE, False)

    def test_a_cap_below_the_overlap_still_moves_forward(self) -> None:
        """At concurrency 32 the overlap (272) is far beyond a page of 10: each page must still bring new ones."""
        invoices = mixed(200)
        portal = CorePortal(invoices, page_cap=10)

        yielded = drive(core(concurrency=32, page_size=PAGE), portal, concurrency=32)

        assert numbers(yielded) == expected(invoices, InvoiceSortBy.NUMBER, False)
        assert len(portal.requests) < 4 * len(invoices) / 10

    @pytest.mark.parametrize("returned", [0, 1])
    def test_a_capped_page_of_fewer_than_two_invoices_is_inconsistent(self, returned: int) -> None:
        portal = CorePortal(
            mixed(50), lie=lambda request, answer: relabelled(answer, response=answer.response[:returned])
        )

        with pytest.raises(InconsistentPortalError, match=f"answered {returned} invoices .* total says 50 match"):
            drive(core(page_size=PAGE), portal)


class TestTotalsOfEachPage:
    """Totals of different pages may disagree (the server's 30 s count cache, invoices hidden from a
    non-administrator): the walk judges each page by its own."""

    @pytest.mark.parametrize("order_by", ORDERS)
    def test_a_last_page_whose_total_shrinks_ends_the_walk_without_an_error(self, order_by: InvoiceSortBy) -> None:
        """For a non-administrator a full page's total counts invoices it cannot see; the last page's does not."""
        invoices = mixed(70)

        def hidden_counted(request: PageRequest, answer: InvoiceListResponse) -> InvoiceListResponse:
            full = len(answer.response) == request.count
            return relabelled(answer, total=answer.total + 40) if full else answer

        walk = core(order_by, page_size=PAGE)
        yielded = drive(walk, CorePortal(invoices, lie=hidden_counted))

        assert numbers(yielded) == expected(invoices, order_by, False)
        assert walk.report.page_cap is None

    @pytest.mark.parametrize("order_by", ORDERS)
    def test_full_pages_with_cached_totals_that_disagree_keep_the_walk(self, order_by: InvoiceSortBy) -> None:
        invoices = mixed(70)
        chooser = random.Random(3)

        def cached(request: PageRequest, answer: InvoiceListResponse) -> InvoiceListResponse:
            if len(answer.response) < request.count:
                return answer
            return relabelled(answer, total=max(request.start + request.count, answer.total + chooser.randint(-9, 9)))

        yielded = drive(core(order_by, concurrency=3, page_size=PAGE), CorePortal(invoices, lie=cached), 3)

        assert numbers(yielded) == expected(invoices, order_by, False)


class TestLies:
    def test_a_page_longer_than_asked_is_inconsistent(self) -> None:
        portal = CorePortal(mixed(50))
        portal.lie = lambda request, answer: relabelled(answer, response=portal.invoices[: request.count + 1])

        with pytest.raises(InconsistentPortalError, match=f"{PAGE + 1} invoices where at most {PAGE} were asked"):
            drive(core(page_size=PAGE), portal)

    def test_a_total_of_one_with_full_pages_forever_ends_within_a_few_pages(self) -> None:
        endless = iter(range(1, 10**6))

        def full_pages(request: PageRequest, answer: InvoiceListResponse) -> InvoiceListResponse:
            del answer
            page = [invoice(request.start + k + 1) for k in range(request.count)]
            next(endless)
            return InvoiceListResponse(response=page, total=1, status=0, status_code=200)

        portal = CorePortal([], lie=full_pages)
        with pytest.raises(InconsistentPortalError, match="announced at most 1"):
            drive(core(page_size=10 * PAGE), portal, most_requests=10)

    @pytest.mark.parametrize("concurrency", [1, 4])
    def test_the_same_full_page_forever_ends_with_an_error(self, concurrency: int) -> None:
        same = [invoice(n) for n in range(1, PAGE + 1)]
        portal = CorePortal(
            [], lie=lambda request, answer: InvoiceListResponse(response=same, total=10**12, status=0, status_code=200)
        )

        with pytest.raises(InconsistentPortalError, match="brought no invoice"):
            drive(core(concurrency=concurrency, page_size=PAGE), portal, concurrency, most_requests=60)
