"""One test per row of the reference's "Second reading of the source" that the server side owns: parsing,
the envelope, errors and auth (the store's rows are in test_store*/test_sorting*)."""

from __future__ import annotations

from typing import Any

import pytest
from starlette.testclient import TestClient

from onlyoffice_crm_spec import AUTHENTICATION_PATH, FILTER_PATH
from onlyoffice_mock_portal.app import create_app, envelope
from onlyoffice_mock_portal.config import PortalConfig
from onlyoffice_mock_portal.query import InvoiceQuery, parse_date, parse_query

OFFSET = 180
HOUR = 3_600_000_000


def query(*items: tuple[str, str]) -> InvoiceQuery:
    return parse_query(list(items), OFFSET)


def body(portal: TestClient, params: Any) -> dict[str, Any]:
    response = portal.get(FILTER_PATH, params=params)
    assert response.status_code == 200, response.text
    return dict(response.json())


@pytest.mark.parametrize(
    ("given", "count"),
    [("-1", 1000), ("abc", 1000), ("1.5", 1000), ("5000", 1000), ("18446744073709551616", 1000), ("0", 0),
     (" 7 ", 7), ("+7", 7), ("5,10", 5), ("9" * 5000, 1000)],
)  # fmt: skip
def test_second_reading_count_uses_ulong_tryparse_never_400(given: str, count: int) -> None:
    assert query(("count", given)).count == count


def test_second_reading_count_zero_returns_one_invoice(portal: TestClient) -> None:
    answer = body(portal, {"count": "0"})

    assert len(answer["response"]) == 1
    assert answer["count"] == 1
    assert "nextIndex" not in answer


@pytest.mark.parametrize(
    ("given", "start"), [("abc", 0), ("-5", 0), ("12", 12), ("3,9", 3), ("9" * 5000, 0), ("4294967296", 0)]
)
def test_second_reading_start_index_uses_long_tryparse_never_400(given: str, start: int) -> None:
    assert query(("startIndex", given)).start_index == start


def test_second_reading_paging_values_read_brackets_first_then_first_comma_part_then_first_key() -> None:
    assert query(("count", "9"), ("count[]", "4")).count == 4
    assert query(("sortOrder", "descending,x")).descending
    assert not query(("sortOrder", "Descending")).descending
    assert query(("sortBy", "issueDate,number")).sort_by == "issueDate"
    assert query(("COUNT", "3"), ("count", "8")).count == 3
    # Repeated keys are not split: the first, "3,", fails ulong.TryParse and gives the default.
    assert query(("count", "3,"), ("count", "8")).count == 1000
    assert query(("filterValue", "Dev Design,ignored")).words == ("dev", "design")
    assert query(("filterValue[]", "a b"), ("filterValue", "c")).words == ("a", "b")


def test_second_reading_filter_value_splits_on_spaces_only() -> None:
    assert query(("filterValue", "INV-000012  consult\tx")).words == ("inv-000012", "consult\tx")


@pytest.mark.parametrize(
    ("given", "status"),
    [("1,2", 3), ("Draft,Paid", 5), ("draft", 1), ("SENT", 2), ("Billed", 2), ("Archive", 5), ("archived", 5),
     (" 4 ", 4), ("99", 99), ("-1", -1), ("2,  paid", 6)],
)  # fmt: skip
def test_second_reading_status_csv_ors_flags_and_titles_are_exact_case(given: str, status: int) -> None:
    assert query(("status", given)).status == status


@pytest.mark.parametrize(
    ("given", "message"),
    [("billed", "Requested value 'billed' was not found."), ("x", "Requested value 'x' was not found."),
     ("1,x", "Requested value 'x' was not found."), ("Billed,Paid", "Requested value 'Billed' was not found."),
     ("1,", "Must specify valid information for parsing in the string."),
     ("99999999999", "Value was either too large or too small for an Int32.")],
)  # fmt: skip
def test_second_reading_bad_status_is_the_enum_parse_message(portal: TestClient, given: str, message: str) -> None:
    response = portal.get(FILTER_PATH, params={"status": given})

    assert response.status_code == 400
    assert response.json()["error"]["message"] == message


def test_second_reading_bad_status_has_the_argument_exception_hresult(portal: TestClient) -> None:
    error = portal.get(FILTER_PATH, params={"status": "nope"}).json()["error"]
    assert error == {"message": "Requested value 'nope' was not found.", "hresult": -2147024809, "data": {}}


def test_second_reading_method_parameters_take_the_first_value_unsplit() -> None:
    assert query(("status", "4"), ("status", "1")).status == 4
    assert query(("status[]", "4")).status is None
    assert query(("currency", "EUR,USD")).currency == "EUR,USD"
    assert query(("entityType", "Contact"), ("entityid", "-7")).entity_id == -7


def test_second_reading_offsets_have_no_range_check() -> None:
    base = parse_date("2024-01-15T00:00:00Z", OFFSET)

    assert parse_date("2024-01-15T00:00:00+15:00", OFFSET) == base - 15 * HOUR
    assert parse_date("2024-01-15T00:00:00-23:59", OFFSET) == base + 23 * HOUR + 59 * 60_000_000
    # Hours 24..99 pass the format but not TimeSpan.TryParse: the portal's offset is subtracted as well.
    assert parse_date("2024-01-15T00:00:00+30:00", OFFSET) == base - 30 * HOUR - 3 * HOUR
    assert parse_date("2024-01-15", OFFSET) == base - 3 * HOUR


def test_second_reading_error_envelope_keeps_start_index(portal: TestClient) -> None:
    response = portal.get(FILTER_PATH, params={"startIndex": "20", "status": "x"})

    assert response.status_code == 400
    assert response.content.startswith(b'{"startIndex":20,"status":1,"statusCode":400,"error":{')


def test_second_reading_envelope_next_index_as_the_api_layer_computes_it() -> None:
    paged = InvoiceQuery(count=2, start_index=4, sort_by="number")
    in_memory = InvoiceQuery(count=2, start_index=4, sort_by="cost")
    rows = [b"{}", b"{}"]

    # DAO path: three rows fetched for count 2 -> more exist; nextIndex = start + count + 1.
    assert b'"count":2,"startIndex":4,"nextIndex":7,"total":9' in envelope(rows, paged, 4, 9, 3)
    assert b"nextIndex" not in envelope(rows, paged, 4, 6, 2)
    # In-memory path: every match fetched; the context's start index is subtracted first.
    assert b'"nextIndex":7' in envelope(rows, in_memory, 4, 7, 7)
    assert b"nextIndex" not in envelope(rows, in_memory, 4, 6, 6)
    assert envelope([], paged, 0, 0, 0) == b'{"total":0,"status":0,"statusCode":200,"response":[]}'


def test_second_reading_total_when_the_page_is_not_full(portal: TestClient) -> None:
    everything = body(portal, {})["total"]
    past_the_end = body(portal, {"startIndex": str(everything + 50), "count": "10"})

    assert past_the_end["total"] == everything + 50
    assert past_the_end["response"] == []
    assert past_the_end["startIndex"] == everything + 50


def test_second_reading_401_carries_a_challenge_only_when_authorization_was_sent(anonymous: TestClient) -> None:
    bare = anonymous.get(FILTER_PATH)
    wrong = anonymous.get(FILTER_PATH, headers={"Authorization": "nope"})

    assert bare.headers["content-type"].startswith("text/html")
    assert "www-authenticate" not in bare.headers
    assert wrong.headers["www-authenticate"].startswith("Basic Realm=")
    assert (wrong.status_code, wrong.text) == (401, "Unauthorized")


@pytest.mark.parametrize(
    ("mode", "extra"),
    [("sms", {"sms": True, "phoneNoise": "+7 *** *** **45"}), ("tfa", {"tfa": True, "tfaKey": "KEY123"})],
)
def test_second_reading_two_factor_login_has_a_null_token(mode: str, extra: dict[str, object]) -> None:
    config = PortalConfig(invoices=5, two_factor=mode, tfa_key="KEY123", rate_limit=0)  # type: ignore[arg-type]
    client = TestClient(create_app(config))

    response = client.post(AUTHENTICATION_PATH, json={"userName": config.user_name, "password": config.password})

    assert response.status_code == 201
    answer = response.json()["response"]
    assert answer["token"] is None
    assert {key: answer[key] for key in extra} == extra
