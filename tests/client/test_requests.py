"""What the generated client puts on the wire is what a real portal accepts."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from urllib.parse import parse_qs

import httpx
from hypothesis import given, settings
from hypothesis import strategies as st

import onlyoffice_crm_spec as spec
from onlyoffice_crm_client import AuthenticatedClient
from onlyoffice_crm_client.api.invoices import get_invoices
from onlyoffice_crm_client.models import EntityTypeFilter, InvoiceSortBy, InvoiceStatusId, SortOrder
from onlyoffice_crm_client.types import serialize_datetime

ClientFactory = Callable[[httpx.Response], AuthenticatedClient]
EMPTY_PAGE = httpx.Response(200, json={"total": 0, "status": 0, "statusCode": 200, "response": []})
QUERY_DATE = re.compile(spec.component_schema("QueryDateTime")["pattern"])
SEVEN_DIGITS = re.compile(r"T\d{2}:\d{2}:\d{2}\.\d{7}(Z|[+-]\d{2}:\d{2})?$")


def test_no_filter_sends_no_query_string(client_answering: ClientFactory, sent: list[httpx.Request]) -> None:
    get_invoices.sync_detailed(client=client_answering(EMPTY_PAGE))

    assert sent[0].method == "GET"
    assert sent[0].url.raw_path == b"/api/2.0/crm/invoice/filter"


def test_every_parameter_goes_out_under_its_wire_name_as_the_server_reads_it(
    client_answering: ClientFactory, sent: list[httpx.Request]
) -> None:
    get_invoices.sync_detailed(
        client=client_answering(EMPTY_PAGE),
        status=InvoiceStatusId.PAID,
        issue_date_from=dt.datetime(2024, 1, 15, 10, 0, 0, 123456, tzinfo=dt.timezone(dt.timedelta(hours=3))),
        issue_date_to=dt.datetime(2024, 1, 31, tzinfo=dt.UTC),
        due_date_from=dt.datetime(2024, 2, 1),
        due_date_to=dt.datetime(2024, 2, 29, tzinfo=dt.timezone(-dt.timedelta(hours=5, minutes=30))),
        entity_type=EntityTypeFilter.OPPORTUNITY,
        entityid=5,
        currency="EUR",
        filter_value="web design+dev",
        start_index=25,
        count=50,
        sort_by=InvoiceSortBy.ISSUE_DATE,
        sort_order=SortOrder.DESCENDING,
    )

    assert sent[0].url.query.decode().split("&") == [
        "status=4",
        "issueDateFrom=2024-01-15T10%3A00%3A00.1234560%2B03%3A00",
        "issueDateTo=2024-01-31T00%3A00%3A00.0000000Z",
        "dueDateFrom=2024-02-01T00%3A00%3A00.0000000",
        "dueDateTo=2024-02-29T00%3A00%3A00.0000000-05%3A30",
        "entityType=opportunity",
        "entityid=5",
        "currency=EUR",
        "filterValue=web+design%2Bdev",
        "startIndex=25",
        "count=50",
        "sortBy=issueDate",
        "sortOrder=descending",
    ]
    assert set(parse_qs(sent[0].url.query.decode())) == set(spec.query_parameter_names(spec.FILTER_PATH))


def test_the_token_goes_out_raw_or_as_bearer(sent: list[httpx.Request]) -> None:
    def record(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return EMPTY_PAGE

    for prefix in ("", "Bearer"):
        client = AuthenticatedClient(
            base_url="https://portal.example.com",
            token="864FE52C-1C1C-469F-9308-51DAFEFE7436",
            prefix=prefix,
            httpx_args={"transport": httpx.MockTransport(record)},
        )
        get_invoices.sync_detailed(client=client)

    assert [request.headers["Authorization"] for request in sent] == [
        "864FE52C-1C1C-469F-9308-51DAFEFE7436",
        "Bearer 864FE52C-1C1C-469F-9308-51DAFEFE7436",
    ]


def test_an_offset_with_seconds_goes_out_as_the_same_instant_in_utc() -> None:
    odd = dt.timezone(dt.timedelta(hours=2, minutes=30, seconds=17))  # e.g. a historical local mean time

    assert serialize_datetime(dt.datetime(1880, 1, 1, 12, 0, tzinfo=odd)) == "1880-01-01T09:29:43.0000000Z"


offsets = st.integers(min_value=-(24 * 3600 - 1), max_value=24 * 3600 - 1).map(
    lambda seconds: dt.timezone(dt.timedelta(seconds=seconds))
)


@settings(max_examples=300, derandomize=True)
@given(moment=st.datetimes(timezones=st.none() | st.just(dt.UTC) | offsets | st.timezones()))
def test_any_datetime_goes_out_in_a_shape_the_server_parses_as_the_same_moment(moment: dt.datetime) -> None:
    try:
        text = serialize_datetime(moment)
    except OverflowError:
        # Only an offset with seconds at the very ends of the calendar: it has no UTC form to send.
        assert moment.utcoffset() is not None
        return

    assert QUERY_DATE.fullmatch(text), text
    assert SEVEN_DIGITS.search(text), text
    back = dt.datetime.fromisoformat(text)
    if moment.utcoffset() is None:
        assert back == moment
    else:
        sent, meant = back.utcoffset(), moment.utcoffset()
        assert sent is not None
        assert meant is not None
        # Compared as instants: Python never calls a time in a repeated hour (fold) equal to one in another zone,
        # so `back == moment` is false there even for the same instant.
        assert back.replace(tzinfo=None) - sent == moment.replace(tzinfo=None) - meant


def test_an_encoded_date_never_carries_a_literal_plus(
    client_answering: ClientFactory, sent: list[httpx.Request]
) -> None:
    east = dt.datetime(2024, 5, 1, 8, 30, tzinfo=dt.timezone(dt.timedelta(hours=9)))
    get_invoices.sync_detailed(client=client_answering(EMPTY_PAGE), issue_date_from=east)

    raw = sent[0].url.query.decode()
    assert "+" not in raw
    assert parse_qs(raw)["issueDateFrom"] == ["2024-05-01T08:30:00.0000000+09:00"]
