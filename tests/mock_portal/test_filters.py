"""Every filter with the server's semantics, read against the invoices it returns."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from starlette.testclient import TestClient

import onlyoffice_crm_spec as spec
from onlyoffice_crm_spec import FILTER_PATH

Params = dict[str, str] | list[tuple[str, str]]


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


def test_second_reading_status_uses_only_the_first_of_repeated_keys_and_ignores_brackets(portal: TestClient) -> None:
    assert ids(portal, [("status", "1"), ("status", "2")]) == ids(portal, {"status": "1"})
    assert len(ids(portal, {"status[]": "1"})) == portal.get(FILTER_PATH).json()["total"]


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


def test_second_reading_date_error_names_the_value_with_the_argument_hresult(portal: TestClient) -> None:
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


def test_filter_value_words_each_prefix_a_word_of_number_or_description(portal: TestClient) -> None:
    found = invoices(portal, {"filterValue": "Dev  consult"})

    assert found
    for invoice in found:
        words = f"{invoice['number']} {invoice['description']}".lower().replace("/", " ").replace("-", " ").split()
        assert any(word.startswith("dev") for word in words), invoice
        assert any(word.startswith("consult") for word in words), invoice
    assert invoices(portal, {"filterValue": "evelopment"}) == []


def test_parameter_names_are_case_insensitive(portal: TestClient) -> None:
    assert ids(portal, {"CURRENCY": "USD", "Status": "4"}) == ids(portal, {"currency": "USD", "status": "4"})


def test_empty_values_mean_not_given(portal: TestClient) -> None:
    assert (
        len(ids(portal, {"status": "", "issueDateFrom": "", "entityType": ""}))
        == portal.get(FILTER_PATH).json()["total"]
    )
