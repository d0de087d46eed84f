"""Filters as people write them: what goes on the wire, what is refused before any request, and the date rule."""

from __future__ import annotations

import datetime as dt
import enum
import inspect
import typing
from typing import Any

import httpx
import pytest

from onlyoffice_crm import (
    FilterKeyword,
    FilterKind,
    Filters,
    InvoiceSortBy,
    InvoiceStatus,
    OrderedFilters,
    Portal,
    filter_keywords,
)
from onlyoffice_crm._filters import NOT_EXPOSED, build_filter
from onlyoffice_crm_client.api.invoices import get_invoices
from onlyoffice_crm_client.types import Unset

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


# ---------------------------------------------------------------- every query parameter of the spec is handled


def sample_of(annotation: object) -> object:
    """A value of the generated parameter's type (``X | Unset``), to see which query key it is sent as."""
    (kind,) = [arg for arg in typing.get_args(annotation) if arg is not Unset]
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        return next(iter(kind))
    samples: dict[object, object] = {dt.datetime: dt.datetime(2024, 1, 1), int: 1, str: "x", bool: True, float: 1.5}
    return samples[kind]


def spec_query_parameters() -> dict[str, str]:
    """``{generated parameter: query key}`` of the generated ``get_invoices``: the spec's query, as the library
    sees it."""
    parameters = inspect.signature(get_invoices.sync_detailed).parameters.values()
    found = {}
    for parameter in parameters:
        if parameter.name == "client":
            continue
        one: dict[str, Any] = {parameter.name: sample_of(parameter.annotation)}
        (key,) = get_invoices.build_request(**one)["params"]
        found[parameter.name] = key
    return found


def test_every_query_parameter_of_the_spec_is_sent_by_a_keyword_or_listed_as_not_exposed() -> None:
    sent = {parameter for keyword in filter_keywords(ordered=True) for parameter in keyword.sends}

    gaps = [f"{key} ({name})" for name, key in spec_query_parameters().items() if name not in sent | set(NOT_EXPOSED)]

    assert not gaps, (
        f"spec query parameters {gaps} are not handled by library: onlyoffice_crm._filters: declare a keyword in "
        "Filters (with its Keys: entry) and its reading in _READINGS, or list the parameter in NOT_EXPOSED"
    )


def test_each_keyword_sends_parameters_the_spec_has() -> None:
    spec = spec_query_parameters()

    stale = {k.name: [p for p in k.sends if p not in spec] for k in filter_keywords(ordered=True)}
    stale_not_exposed = [name for name in NOT_EXPOSED if name not in spec]

    assert not {name: gone for name, gone in stale.items() if gone}, f"library: onlyoffice_crm._filters sends {stale}"
    assert not stale_not_exposed, f"library: onlyoffice_crm._filters NOT_EXPOSED lists {stale_not_exposed}"
    assert not set(NOT_EXPOSED) & {p for k in filter_keywords(ordered=True) for p in k.sends}


def test_every_declared_keyword_has_a_reading_and_a_description() -> None:
    keywords = filter_keywords(ordered=True)

    assert [k.name for k in keywords] == list(OrderedFilters.__annotations__)
    assert [k.name for k in filter_keywords()] == list(Filters.__annotations__)
    assert [k.name for k in keywords if not k.description] == []
    assert [k.name for k in keywords if k.orders] == ["order_by", "descending"]


# One value of each kind, as a person writes it (a new kind fails here, naming it).
WRITTEN: dict[FilterKind, object] = {
    FilterKind.STATUS: "paid",
    FilterKind.DATES: "2024-Q1",
    FilterKind.ID: 7,
    FilterKind.CURRENCY: "eur",
    FilterKind.TEXT: "design",
    FilterKind.ORDER: "due",
    FilterKind.SWITCH: True,
}


@pytest.mark.parametrize("keyword", filter_keywords(ordered=True), ids=lambda keyword: keyword.name)
def test_each_keyword_is_sent_as_the_query_keys_it_declares(keyword: FilterKeyword) -> None:
    assert keyword.kind in WRITTEN, f"library: no value of kind {keyword.kind} written for {keyword.name}"
    spec = spec_query_parameters()
    bare = get_invoices.build_request(**build_filter({}).arguments(dt.timedelta(0)))["params"]

    query = get_invoices.build_request(**build_filter({keyword.name: WRITTEN[keyword.kind]}).arguments(None))["params"]

    changed = {key for key, value in query.items() if bare.get(key) != value}
    assert changed == {spec[parameter] for parameter in keyword.sends}
