"""Every filter with the server's semantics: how its value is read, and the invoices it returns (from a portal, or
from a store directly)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from starlette.testclient import TestClient

import onlyoffice_crm_spec as spec
from onlyoffice_crm_spec import FILTER_PATH
from onlyoffice_mock_portal.dataset import generate
from onlyoffice_mock_portal.query import InvoiceQuery, parse_date, parse_query
from onlyoffice_mock_portal.store import InvoiceStore

Params = dict[str, str] | list[tuple[str, str]]
OFFSET = 180
HOUR = 3_600_000_000
STORE = InvoiceStore(generate(400, seed=7, offset_minutes=OFFSET), seed=7)


def invoices(portal: TestClient, params: Params) -> list[dict[str, Any]]:
    response = portal.get(FILTER_PATH, params=params)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["total"] == len(body["response"]), "these tests read whole results (under 1000)"
    return list(body["response"])


def ids(portal: TestClient, params: Params) -> set[int]:
    return {invoice["id"] for invoice in invoices(portal, params)}


def error_of(portal: TestClient, params: Params) -> tuple[int, str]:
    response = portal.get(FILTER_PATH, params=params)
    return response.status_code, response.json()["error"]["message"]


@pytest.mark.parametrize(("name", "value"), spec.enum_members("InvoiceStatusId").items())
def test_status_by_number_name_in_any_case_or_title_selects_that_status(
    portal: TestClient, name: str, value: int
) -> None:
    by_number = invoices(portal, {"status": str(value)})
    title = {"SENT": "Billed", "ARCHIVED": "Archive"}.get(name, name.title())  # neutral titles, exact case

    assert by_number
    assert {invoice["status"]["id"] for invoice in by_number} == {value}
    for spelling in (name.lower(), name.title(), name, title):
        assert ids(portal, {"status": spelling}) == {invoice["id"] for invoice in by_number}


def test_status_uses_only_the_first_of_repeated_keys_and_ignores_brackets(portal: TestClient) -> None:
    assert ids(portal, [("status", "1"), ("status", "2")]) == ids(portal, {"status": "1"})
    assert len(ids(portal, {"status[]": "1"})) == portal.get(FILTER_PATH).json()["total"]


def test_the_first_parameter_that_does_not_bind_in_the_methods_order_is_the_error(portal: TestClient) -> None:
    assert error_of(portal, {"issueDateFrom": "2024-13-01", "status": "foo"}) == (
        400,
        "Requested value 'foo' was not found.",
    )
    # The entityType check runs in the method's body, after every parameter is bound.
    assert error_of(portal, {"entityType": "foo", "entityid": "abc"}) == (
        400,
        "Input string was not in a correct format.",
    )
    assert error_of(portal, {"entityType": "foo", "entityid": "5"}) == (
        400,
        "Value does not fall within the expected range.",
    )


def test_status_out_of_range_matches_nothing_and_junk_is_a_400(portal: TestClient) -> None:
    assert invoices(portal, {"status": "9"}) == []
    assert error_of(portal, {"status": "foo"}) == (400, "Requested value 'foo' was not found.")


ACCEPTED_DATES = ["2024-01-15T00:00:00.0000000+03:00", "2024-01-15T00-00-00.0000000Z", "2024-01-15T00-00-00.000+03:00",
                  "2024-01-15T00:00:00.000", "2024-01-15T00-00-00", "2024-01-15T00:00:00-05:30", "2024-01-15",
                  "2024-01-15T00:00:00+14:00", "2024-01-15T00:00:00+15:00", "2024-01-15T00:00:00-99:59"]  # fmt: skip
REJECTED_DATES = ["2024-01-15T00:00:00.123456+03:00", "2024-01-15t00:00:00Z", "2024-01-15T00:00", "15.01.2024",
                  "2024-02-30", "2024-01-15T00:00:00+14:60", "2024-01-15T00:00:00.0000000z",
                  "0001-01-01T00:00:00+14:00"]  # fmt: skip


@pytest.mark.parametrize("value", ACCEPTED_DATES)
def test_every_date_format_the_server_parses_is_accepted(portal: TestClient, value: str) -> None:
    for name in ("issueDateFrom", "issueDateTo", "dueDateFrom", "dueDateTo"):
        assert portal.get(FILTER_PATH, params={name: value}).status_code == 200


@pytest.mark.parametrize("value", REJECTED_DATES)
def test_other_date_shapes_are_a_400_invalid_date_time_format(portal: TestClient, value: str) -> None:
    assert error_of(portal, {"issueDateFrom": value}) == (400, f"invalid date time format: {value}")


def test_a_date_error_names_the_value_with_the_argument_hresult(portal: TestClient) -> None:
    body = portal.get(FILTER_PATH, params={"dueDateTo": "2024-13-01"}).json()
    short = portal.get(FILTER_PATH, params={"dueDateTo": "now"}).json()

    assert body["error"] == {"message": "invalid date time format: 2024-13-01", "hresult": -2147024809, "data": {}}
    assert short["error"]["message"] == "invalid date time format"  # under 7 characters: ApiDateTime.cs:80


def test_date_ranges_are_inclusive_and_a_date_only_to_covers_its_whole_day(portal: TestClient) -> None:
    sample = invoices(portal, {})[17]
    day = sample["issueDate"][:10]
    previous_day = (dt.date.fromisoformat(day) - dt.timedelta(days=1)).isoformat()

    assert sample["id"] in ids(portal, {"issueDateFrom": day, "issueDateTo": day})
    assert sample["id"] in ids(portal, {"issueDateFrom": sample["issueDate"], "issueDateTo": sample["issueDate"]})
    assert sample["id"] not in ids(portal, {"issueDateTo": previous_day})
    # `to + 1 day - 1 minute`: a `to` one minute before midnight of the previous day misses the invoice...
    assert sample["id"] not in ids(portal, {"issueDateTo": f"{previous_day}T00:00:59.999+03:00"})
    # ...and reaching the minute just before `issueDate` in another offset still includes it.
    utc_eve = dt.datetime.fromisoformat(sample["issueDate"]).astimezone(dt.UTC) - dt.timedelta(days=1, minutes=-1)
    assert sample["id"] in ids(portal, {"issueDateTo": utc_eve.strftime("%Y-%m-%dT%H:%M:%SZ")})


def test_extreme_dates_inside_datetime_range_are_accepted(portal: TestClient) -> None:
    extremes = {"issueDateFrom": "0001-01-01T00:00:00Z", "issueDateTo": "9999-12-31T23:59:59.9999999Z"}
    assert portal.get(FILTER_PATH, params=extremes).status_code == 200
    assert portal.get(FILTER_PATH, params={"dueDateFrom": "0001-01-01"}).status_code == 400  # minus +03:00


def test_entity_type_in_any_case_and_the_entityid_rules(portal: TestClient) -> None:
    linked = next(invoice for invoice in invoices(portal, {}) if invoice["entity"] and invoice["contact"])
    opportunity, contact = linked["entity"]["entityId"], linked["contact"]["id"]

    by_opportunity = invoices(portal, {"entityType": "Opportunity", "entityId": str(opportunity)})
    assert linked["id"] in {invoice["id"] for invoice in by_opportunity}
    assert {invoice["entity"]["entityId"] for invoice in by_opportunity} == {opportunity}
    by_contact = invoices(portal, {"entitytype": "CONTACT", "entityid": str(contact)})
    assert {invoice["contact"]["id"] for invoice in by_contact} == {contact}
    assert invoices(portal, {"entityType": "case", "entityid": str(opportunity)}) == []
    everything = portal.get(FILTER_PATH).json()["total"]
    assert len(ids(portal, {"entityType": "opportunity", "entityid": "0"})) == everything


def test_an_unknown_entity_type_is_the_servers_400(portal: TestClient) -> None:
    assert error_of(portal, {"entityType": "deal"}) == (400, "Value does not fall within the expected range.")
    assert error_of(portal, {"entityid": "x"})[0] == 400


def test_currency_is_an_exact_match(portal: TestClient) -> None:
    euros = invoices(portal, {"currency": "EUR"})

    assert euros
    assert {invoice["currency"]["abbreviation"] for invoice in euros} == {"EUR"}
    assert invoices(portal, {"currency": "EU"}) == []


def test_parameter_names_are_case_insensitive(portal: TestClient) -> None:
    assert ids(portal, {"CURRENCY": "USD", "Status": "4"}) == ids(portal, {"currency": "USD", "status": "4"})


def test_empty_values_mean_not_given(portal: TestClient) -> None:
    assert (
        len(ids(portal, {"status": "", "issueDateFrom": "", "entityType": ""}))
        == portal.get(FILTER_PATH).json()["total"]
    )


def query(*items: tuple[str, str]) -> InvoiceQuery:
    return parse_query(list(items), OFFSET)


def found(query: InvoiceQuery) -> list[dict[str, Any]]:
    """The invoices the store returns for the query."""
    return [json.loads(invoice) for invoice in STORE.search(query).invoices]


def store_ids(query: InvoiceQuery) -> set[int]:
    return {invoice["id"] for invoice in found(query)}


@pytest.mark.parametrize(
    ("given", "status"),
    [("1,2", 3), ("Draft,Paid", 5), ("draft", 1), ("SENT", 2), ("Billed", 2), ("Archive", 5), ("archived", 5),
     (" 4 ", 4), ("99", 99), ("-1", -1), ("2,  paid", 6)],
)  # fmt: skip
def test_a_status_list_ors_the_flags_and_titles_are_exact_case(given: str, status: int) -> None:
    assert query(("status", given)).status == status


@pytest.mark.parametrize(
    ("given", "message"),
    [("billed", "Requested value 'billed' was not found."), ("x", "Requested value 'x' was not found."),
     ("1,x", "Requested value 'x' was not found."), ("Billed,Paid", "Requested value 'Billed' was not found."),
     ("1,", "Must specify valid information for parsing in the string."),
     ("99999999999", "Value was either too large or too small for an Int32.")],
)  # fmt: skip
def test_a_bad_status_is_the_enum_parse_message(portal: TestClient, given: str, message: str) -> None:
    response = portal.get(FILTER_PATH, params={"status": given})

    assert response.status_code == 400
    assert response.json()["error"]["message"] == message


def test_a_bad_status_has_the_argument_exception_hresult(portal: TestClient) -> None:
    error = portal.get(FILTER_PATH, params={"status": "nope"}).json()["error"]
    assert error == {"message": "Requested value 'nope' was not found.", "hresult": -2147024809, "data": {}}


def test_method_parameters_take_the_first_value_unsplit() -> None:
    assert query(("status", "4"), ("status", "1")).status == 4
    assert query(("status[]", "4")).status is None
    assert query(("currency", "EUR,USD")).currency == "EUR,USD"
    assert query(("entityType", "Contact"), ("entityid", "-7")).entity_id == -7


def test_date_offsets_have_no_range_check() -> None:
    base = parse_date("2024-01-15T00:00:00Z", OFFSET)

    assert parse_date("2024-01-15T00:00:00+15:00", OFFSET) == base - 15 * HOUR
    assert parse_date("2024-01-15T00:00:00-23:59", OFFSET) == base + 23 * HOUR + 59 * 60_000_000
    # Hours 24..99 pass the format but not TimeSpan.TryParse: the portal's offset is subtracted as well.
    assert parse_date("2024-01-15T00:00:00+30:00", OFFSET) == base - 30 * HOUR - 3 * HOUR
    assert parse_date("2024-01-15", OFFSET) == base - 3 * HOUR


def test_entityid_without_entity_type_empties_the_list_or_is_ignored() -> None:
    assert found(InvoiceQuery(entity_id=5)) == []
    assert found(InvoiceQuery(entity_id=-5)) == []
    assert store_ids(InvoiceQuery(entity_id=5, status=4)) == store_ids(InvoiceQuery(status=4)) != set()
    assert store_ids(InvoiceQuery(entity_id=-5, entity_type="contact", status=4)) == store_ids(InvoiceQuery(status=4))


def test_currency_is_compared_case_insensitively() -> None:
    euro = store_ids(InvoiceQuery(currency="EUR"))

    assert euro
    assert store_ids(InvoiceQuery(currency="eur")) == store_ids(InvoiceQuery(currency="Eur")) == euro
    assert all(invoice["currency"]["abbreviation"] == "EUR" for invoice in found(InvoiceQuery(currency="eUr")))


def test_filter_value_words_split_on_spaces_only_each_prefix_a_word_of_number_or_description(
    portal: TestClient,
) -> None:
    assert query(("filterValue", "INV-000012  consult\tx")).words == ("inv-000012", "consult\tx")
    found_on_portal = invoices(portal, {"filterValue": "Dev  consult"})
    assert found_on_portal
    for invoice in found_on_portal:
        words = f"{invoice['number']} {invoice['description']}".lower().replace("/", " ").replace("-", " ").split()
        assert any(word.startswith("dev") for word in words), invoice
        assert any(word.startswith("consult") for word in words), invoice
    assert invoices(portal, {"filterValue": "evelopment"}) == []
    number = next(invoice["number"] for invoice in found(InvoiceQuery()) if invoice["number"].startswith("INV-"))
    digits = number.removeprefix("INV-")
    assert number in {invoice["number"] for invoice in found(InvoiceQuery(words=("inv",)))}
    assert number in {invoice["number"] for invoice in found(InvoiceQuery(words=(number.lower(),)))}
    assert all(invoice["number"] != number for invoice in found(InvoiceQuery(words=(digits,))))
    # "web/mobile" is one word: "mobile" starts no word of it.
    web = found(InvoiceQuery(words=("web/mob",)))
    assert web
    assert all("web/mobile" in invoice["description"].lower() for invoice in web)
    assert not any("web/mobile" in invoice["description"].lower() for invoice in found(InvoiceQuery(words=("mobile",))))
