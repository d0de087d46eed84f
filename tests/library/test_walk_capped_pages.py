"""A portal that caps its pages below the spec's maximum, silently: the walk goes on after each capped page
and yields every invoice exactly once, in the order asked, for both drivers; the report names the cap."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest

from onlyoffice_crm import AsyncPortal, InconsistentPortalError, Portal, WalkReport
from onlyoffice_crm._operations import PAGE_MAXIMUM

from .conftest import BASE_URL, tie_heavy_invoices
from .fake_portal import FakePortal
from .test_walk import ORDERS, expected_numbers

CAP = 100
WALK_ORDERS = [*ORDERS, "contact"]
DRIVERS = [("sync", 2), ("async", 4)]


def expected_order(invoices: list[dict[str, Any]], order_by: str, descending: bool) -> list[str]:
    if order_by != "contact":
        return expected_numbers(invoices, order_by, descending)
    # The server's contact order: names case-insensitively, ties by number ascending, no contact last.
    by_number = sorted(invoices, key=lambda invoice: invoice["number"])
    named = [invoice for invoice in by_number if invoice["contact"] is not None]
    named.sort(key=lambda invoice: invoice["contact"]["displayName"].lower(), reverse=descending)
    return [invoice["number"] for invoice in named + [i for i in by_number if i["contact"] is None]]


def walk(fake: FakePortal, driver: str, concurrency: int, **filters: Any) -> tuple[list[str], WalkReport]:
    if driver == "sync":
        with Portal(BASE_URL, fake.token, transport=fake.transport(), rate_limit=None) as portal:
            found = portal.invoices(concurrency=concurrency, **filters)
            return [invoice.number for invoice in found], found.report

    async def collect() -> tuple[list[str], WalkReport]:
        async with AsyncPortal(BASE_URL, fake.token, transport=fake.async_transport(), rate_limit=None) as portal:
            found = portal.invoices(concurrency=concurrency, **filters)
            return [invoice.number async for invoice in found], found.report

    return asyncio.run(collect())


@pytest.fixture(scope="module")
def invoices() -> list[dict[str, Any]]:
    """2,500 invoices, 1,200 of them issued at one instant: a tie group of many capped pages."""
    return tie_heavy_invoices(2500, seed=11)


@pytest.mark.parametrize(("driver", "concurrency"), DRIVERS)
@pytest.mark.parametrize("order_by", WALK_ORDERS)
def test_a_portal_capping_pages_at_100_gives_every_invoice_once_in_order(
    invoices: list[dict[str, Any]], order_by: str, driver: str, concurrency: int
) -> None:
    fake = FakePortal(list(invoices), page_cap=CAP)

    walked, report = walk(fake, driver, concurrency, order_by=order_by)

    assert walked == expected_order(invoices, order_by, descending=False)
    assert report.page_cap == CAP
    assert not report.changed
    assert len(fake.queries()) < 3 * len(invoices) / CAP  # pages of the cap, not of one invoice


def test_a_capped_walk_in_descending_order_keeps_the_order(invoices: list[dict[str, Any]]) -> None:
    fake = FakePortal(list(invoices), page_cap=CAP)

    walked, report = walk(fake, "async", 4, order_by="issue_date", descending=True)

    assert walked == expected_order(invoices, "issue_date", descending=True)
    assert report.page_cap == CAP


def test_after_the_first_capped_page_pages_of_the_cap_are_asked(invoices: list[dict[str, Any]]) -> None:
    fake = FakePortal(list(invoices), page_cap=CAP)

    walk(fake, "sync", 1)

    assert [query.get("count") for query in fake.queries()][:2] == [str(PAGE_MAXIMUM), str(CAP)]
    assert {query.get("count") for query in fake.queries()[1:]} <= {str(CAP), "1"}


def test_a_portal_with_half_the_specs_page_maximum_is_walked_whole(invoices: list[dict[str, Any]]) -> None:
    """A portal configured with a lower page maximum than the spec states (a mock run with an older spec)."""
    fake = FakePortal(list(invoices[:2000]), page_cap=PAGE_MAXIMUM // 2)

    walked, report = walk(fake, "sync", 2, order_by="issue_date")

    assert walked == expected_order(invoices[:2000], "issue_date", descending=False)
    assert report.page_cap == PAGE_MAXIMUM // 2


def test_an_uncapped_walk_reports_no_cap(invoices: list[dict[str, Any]]) -> None:
    walked, report = walk(FakePortal(list(invoices[:300])), "sync", 2)

    assert len(walked) == 300
    assert report.page_cap is None


def test_a_portal_capping_pages_at_one_invoice_is_an_inconsistent_portal(invoices: list[dict[str, Any]]) -> None:
    fake = FakePortal(list(invoices[:300]), page_cap=1)

    with pytest.raises(InconsistentPortalError, match=r"answered 1 invoices .* though its total says 300 match"):
        walk(fake, "sync", 1)


def test_an_empty_page_whose_total_says_more_match_is_an_inconsistent_portal() -> None:
    def empty(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"total": 300, "status": 0, "statusCode": 200, "response": []})

    fake = FakePortal([], before=empty)

    with pytest.raises(InconsistentPortalError, match=r"answered 0 invoices .* though its total says 300 match"):
        walk(fake, "sync", 1)
