"""Filters as people write them: what goes on the wire, what is refused before any request, and the date rule."""

from __future__ import annotations

import datetime as dt
from typing import Any

import httpx
import pytest

from onlyoffice_crm import InvoiceSortBy, InvoiceStatus, Portal

from .conftest import BASE_URL, PORTAL_ZONE
from .fake_portal import FakePortal, make_invoice


def no_request(request: httpx.Request) -> httpx.Response:
    raise AssertionError(f"no request was expected, got {request.url}")


@pytest.fixture
def offline() -> Portal:
    """A portal that fails the test on any request."""
    return Portal(BASE_URL, "token", transport=httpx.MockTransport(no_request), utc_offset=dt.timedelta(hours=3))


@pytest.mark.parametrize(
    ("status", "sent"),
    [
        (InvoiceStatus.PAID, "4"),
        (4, "4"),
        ("paid", "4"),
        ("PAID", "4"),
        ("Billed", "2"),
        ("billed", "2"),
        ("sent", "2"),
        ("archive", "5"),
        ("Archived", "5"),
        (" 3 ", "3"),
    ],
)
def test_status_in_every_spelling(portal: Portal, fake: FakePortal, status: object, sent: str) -> None:
    portal.count_invoices(status=status)  # type: ignore[arg-type]  # every spelling, typed or not

    assert fake.queries()[0]["status"] == sent


def test_everything_none_means_no_filter(portal: Portal, fake: FakePortal) -> None:
    portal.page(
        status=None, issued=None, due=None, contact=None, opportunity=None, currency=None, search=None, order_by=None
    )

    assert fake.queries()[0] == {"sortby": "number", "sortorder": "ascending", "count": "25"}


def test_plain_values_go_out_as_the_server_reads_them(portal: Portal, fake: FakePortal) -> None:
    portal.page(contact=7, currency=" eur ", search="design", order_by="issueDate", descending=True)  # type: ignore[arg-type]
    portal.page(opportunity=5, order_by=InvoiceSortBy.ID)

    first, second = fake.queries()
    assert first["entitytype"] == "contact"
    assert first["entityid"] == "7"
    assert first["currency"] == "EUR"
    assert first["filtervalue"] == "design"
    assert (first["sortby"], first["sortorder"]) == ("issueDate", "descending")
    assert (second["entitytype"], second["entityid"], second["sortby"]) == ("opportunity", "5", "id")


@pytest.mark.parametrize(
    ("arguments", "error", "named"),
    [
        ({"status": "unpaid"}, ValueError, "status"),
        ({"status": 0}, ValueError, "status"),
        ({"status": True}, TypeError, "status"),
        ({"status": 4.0}, TypeError, "status"),
        ({"issued": "last year"}, ValueError, "issued"),
        ({"issued": "2024-13"}, ValueError, "issued"),
        ({"issued": "2024-03-31..2024-01-01"}, ValueError, "issued"),
        ({"issued": dt.datetime(2024, 1, 1)}, TypeError, "issued"),
        ({"issued": (dt.date(2024, 2, 1), dt.date(2024, 1, 1))}, ValueError, "issued"),
        ({"issued": (dt.date(2024, 1, 1),)}, TypeError, "issued"),
        ({"due": 0}, ValueError, "due"),
        ({"due": ("2024-01-01", None)}, TypeError, "due start"),
        ({"contact": "7"}, TypeError, "contact"),
        ({"contact": -1}, ValueError, "contact"),
        ({"contact": 1, "opportunity": 2}, ValueError, "opportunity"),
        ({"opportunity": False}, TypeError, "opportunity"),
        ({"currency": ""}, ValueError, "currency"),
        ({"currency": 978}, TypeError, "currency"),
        ({"currency": "euro"}, ValueError, "currency"),
        ({"currency": "XYZ"}, ValueError, "currency"),
        ({"search": "a,b"}, ValueError, "search"),
        ({"order_by": "cost"}, ValueError, "order_by"),
        ({"order_by": 3}, TypeError, "order_by"),
        ({"descending": "yes"}, TypeError, "descending"),
    ],
)
def test_bad_values_are_refused_naming_the_parameter_before_any_request(
    offline: Portal, arguments: dict[str, Any], error: type[Exception], named: str
) -> None:
    with pytest.raises(error, match=named):
        offline.invoices(**arguments)
    with pytest.raises(error, match=named):
        offline.page(**arguments)


@pytest.mark.parametrize(
    ("arguments", "error", "named"),
    [
        ({"limit": 1001}, ValueError, "limit"),
        ({"limit": -1}, ValueError, "limit"),
        ({"offset": "5"}, TypeError, "offset"),
    ],
)
def test_bad_paging_is_refused(offline: Portal, arguments: dict[str, Any], error: type[Exception], named: str) -> None:
    with pytest.raises(error, match=named):
        offline.page(**arguments)


def edge_of_january() -> FakePortal:
    """Invoices on both sides of every edge of January 2024 in a +03:00 portal (and one in a -05:00 sense)."""
    times = [
        dt.datetime(2023, 12, 31, 23, 59, 59),
        dt.datetime(2024, 1, 1, 0, 0),
        dt.datetime(2024, 1, 15, 12, 0),
        dt.datetime(2024, 1, 31, 23, 59, 30),  # the server's own `to` rule would drop this one
        dt.datetime(2024, 2, 1, 0, 0),
    ]
    return FakePortal([make_invoice(n + 1, issued=t.replace(tzinfo=PORTAL_ZONE)) for n, t in enumerate(times)])


@pytest.mark.parametrize(
    ("issued", "wanted"),
    [
        ((dt.date(2024, 1, 1), dt.date(2024, 1, 31)), [2, 3, 4]),
        (dt.date(2024, 1, 31), [4]),
        (2024, [2, 3, 4, 5]),
        (2023, [1]),
        ((dt.date(2024, 1, 15), None), [3, 4, 5]),
        ((None, dt.date(2023, 12, 31)), [1]),
        ((dt.datetime(2024, 1, 15, 12, 0), dt.datetime(2024, 1, 31, 23, 59, 30)), [3, 4]),
        ((dt.datetime(2024, 1, 15, 12, 0), dt.datetime(2024, 1, 31, 23, 59, 29)), [3]),
        # Aware bounds are instants: 2024-01-01T00:00Z is 03:00 in the portal, after invoice 2.
        ((dt.datetime(2024, 1, 1, tzinfo=dt.UTC), dt.datetime(2024, 1, 31, 20, 59, 30, tzinfo=dt.UTC)), [3, 4]),
    ],
)
def test_date_ranges_are_inclusive_in_the_portals_time_zone(issued: object, wanted: list[int]) -> None:
    fake = edge_of_january()
    with Portal(BASE_URL, fake.token, transport=fake.transport(), rate_limit=None) as portal:
        found = [int(invoice.number.removeprefix("INV-")) for invoice in portal.invoices(issued=issued)]  # type: ignore[arg-type]

    assert found == wanted


def test_the_to_bound_is_sent_so_that_the_servers_widening_lands_on_the_end(portal: Portal, fake: FakePortal) -> None:
    portal.page(issued=(dt.date(2024, 1, 1), dt.date(2024, 1, 31)), limit=1)
    portal.page(due=(dt.datetime(2024, 3, 1, 18, 30), dt.datetime(2024, 3, 2, 9, 15)), limit=1)

    first, second = fake.queries()
    assert first["issuedatefrom"] == "2024-01-01T00:00:00.0000000"
    assert first["issuedateto"] == "2024-01-31T00:00:59.9999990"
    assert second["duedatefrom"] == "2024-03-01T18:30:00.0000000"
    assert second["duedateto"] == "2024-03-01T09:16:00.0000000"


def test_an_aware_bound_is_converted_with_the_offset_given(fake: FakePortal) -> None:
    with Portal(BASE_URL, fake.token, transport=fake.transport(), utc_offset=dt.timedelta(hours=-5)) as portal:
        portal.page(issued=(dt.datetime(2024, 1, 1, 12, tzinfo=dt.UTC), None), limit=1)

    assert fake.queries() == [
        {"sortby": "number", "sortorder": "ascending", "issuedatefrom": "2024-01-01T07:00:00.0000000", "count": "1"}
    ]


def test_the_offset_is_learnt_from_an_invoice_when_not_given(portal: Portal, fake: FakePortal) -> None:
    assert portal.utc_offset() == dt.timedelta(hours=3)
    portal.page(issued=(dt.datetime(2024, 1, 1, tzinfo=dt.UTC), None), limit=1)
    assert portal.utc_offset() == dt.timedelta(hours=3)

    assert [query.get("issuedatefrom") for query in fake.queries()] == [None, "2024-01-01T03:00:00.0000000"]


def test_the_offset_of_an_empty_portal_is_utc_and_not_remembered() -> None:
    fake = FakePortal([])
    with Portal(BASE_URL, fake.token, transport=fake.transport()) as portal:
        assert portal.utc_offset() == dt.timedelta(0)
        assert portal.utc_offset() == dt.timedelta(0)

    assert len(fake.queries()) == 2
