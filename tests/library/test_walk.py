"""Every matching invoice exactly once and in the order asked, on a portal whose ties change order per request."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from typing import Any

import pytest

from onlyoffice_crm import Invoice, Portal
from onlyoffice_crm._operations import PAGE_MAXIMUM

from .conftest import PORTAL_ZONE
from .fake_portal import FakePortal

Expected = Callable[[dict[str, Any]], Any]


def _date(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


# The order each key promises: the key, then the number ascending (in both directions).
ORDERS: dict[str, Expected] = {
    "number": lambda invoice: invoice["number"],
    "id": lambda invoice: invoice["id"],
    "issue_date": lambda invoice: _date(invoice["issueDate"]),
    "dueDate": lambda invoice: _date(invoice["dueDate"]),
    "status": lambda invoice: invoice["status"]["id"],
}


def expected_numbers(invoices: list[dict[str, Any]], order_by: str, descending: bool) -> list[str]:
    key = ORDERS[order_by]
    by_number = sorted(invoices, key=lambda invoice: invoice["number"])
    if order_by in {"number", "id"}:
        return [invoice["number"] for invoice in sorted(invoices, key=key, reverse=descending)]
    return [invoice["number"] for invoice in sorted(by_number, key=key, reverse=descending)]


def numbers(invoices: list[Invoice]) -> list[str]:
    return [invoice.number for invoice in invoices]


@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("order_by", list(ORDERS))
def test_every_invoice_comes_exactly_once_in_the_order_asked(
    portal: Portal, fake: FakePortal, order_by: str, descending: bool
) -> None:
    walked = numbers(list(portal.invoices(order_by=order_by, descending=descending)))  # type: ignore[arg-type]

    assert walked == expected_numbers(fake.invoices, order_by, descending)
    assert all("nextindex" not in query and query.get("count") in {"1", str(PAGE_MAXIMUM)} for query in fake.queries())


def test_the_fake_portal_really_loses_invoices_to_a_plain_offset_walk_by_issue_date(
    portal: Portal, fake: FakePortal
) -> None:
    """The proof above means something: paging by startIndex through tied dates repeats and skips."""
    seen: list[str] = []
    for offset in range(0, len(fake.invoices), PAGE_MAXIMUM):
        seen += numbers(portal.page(order_by="issue_date", limit=PAGE_MAXIMUM, offset=offset).invoices)

    assert len(seen) == len(fake.invoices)
    assert len(set(seen)) < len(fake.invoices)


def test_contact_order_follows_the_server_nulls_last_and_ties_by_number(portal: Portal, fake: FakePortal) -> None:
    walked = list(portal.invoices(order_by="contact", descending=True))

    names = [invoice.contact.display_name.lower() if invoice.contact else None for invoice in walked]
    named = [name for name in names if name is not None]
    assert named == sorted(named, reverse=True)
    assert names[len(named) :] == [None] * (len(names) - len(named))
    assert sorted(numbers(walked)) == sorted(invoice["number"] for invoice in fake.invoices)


def test_a_date_order_within_a_filter_keeps_to_the_filter(portal: Portal, fake: FakePortal) -> None:
    walked = list(
        portal.invoices(order_by="due_date", status="paid", currency="usd", issued=(None, dt.date(2024, 1, 20)))
    )

    wanted = [
        invoice
        for invoice in fake.invoices
        if invoice["status"]["id"] == 4
        and invoice["currency"]["abbreviation"] == "USD"
        and _date(invoice["issueDate"]) < dt.datetime(2024, 1, 21, tzinfo=PORTAL_ZONE)
    ]
    assert numbers(walked) == expected_numbers(wanted, "dueDate", False)


def test_a_status_walk_finds_statuses_this_client_does_not_know(tie_heavy: list[dict[str, Any]]) -> None:
    invoices = [dict(invoice) for invoice in tie_heavy[:300]]
    for invoice in invoices[:7]:
        invoice["status"] = {"id": 9, "title": "Disputed"}
    fake = FakePortal(invoices)
    with Portal("https://portal.example.com", fake.token, transport=fake.transport(), rate_limit=None) as portal:
        for descending in (False, True):
            walked = numbers(list(portal.invoices(order_by="status", descending=descending)))

            assert walked == expected_numbers(invoices, "status", descending)


def test_a_walk_by_number_reads_overlapping_full_pages_and_stops_on_the_short_one(
    portal: Portal, fake: FakePortal
) -> None:
    assert len(list(portal.invoices(concurrency=1))) == len(fake.invoices)

    starts = [int(query.get("startindex", "0")) for query in fake.queries()]
    assert starts[0] == 0
    assert all(start < after < start + PAGE_MAXIMUM for start, after in itertools.pairwise(starts))
    assert starts[-1] + PAGE_MAXIMUM > len(fake.invoices)  # the last page is the first short one
    assert starts[-2] + PAGE_MAXIMUM <= len(fake.invoices)


def test_count_invoices_is_one_request_and_exact(portal: Portal, fake: FakePortal) -> None:
    paid = sum(1 for invoice in fake.invoices if invoice["status"]["id"] == 4)

    assert portal.count_invoices(status="PAID") == paid  # type: ignore[arg-type]  # any case, at run time
    assert portal.count_invoices(currency="XXX") == 0
    assert portal.count_invoices(search=fake.invoices[5]["number"]) == 1
    assert [query["count"] for query in fake.queries()] == ["1", "1", "1"]


def test_a_page_past_the_end_still_has_the_real_total(portal: Portal, fake: FakePortal) -> None:
    page = portal.page(offset=5000, limit=10)

    assert page.invoices == []
    assert page.total == len(fake.invoices)
    assert not page.has_more


def test_a_page_of_zero_asks_for_the_total_only(portal: Portal, fake: FakePortal) -> None:
    page = portal.page(limit=0)

    assert (page.invoices, page.total) == ([], len(fake.invoices))
    assert fake.queries()[0]["count"] == "1"


def test_a_page_in_the_middle(portal: Portal, fake: FakePortal) -> None:
    page = portal.page(limit=25, offset=50, order_by="number", descending=True)

    assert numbers(page.invoices) == expected_numbers(fake.invoices, "number", True)[50:75]
    assert page.total == len(fake.invoices)
    assert page.has_more
