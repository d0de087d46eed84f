"""The generic parameters every list reads (the spec's x-generic-parameters): fields, type, updatedSince,
filterBy and filterOp, as the server treats them on this endpoint."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from starlette.testclient import TestClient

import onlyoffice_crm_spec as spec
from onlyoffice_crm_spec import FILTER_PATH
from onlyoffice_mock_portal.app import create_app
from onlyoffice_mock_portal.config import PortalConfig
from onlyoffice_mock_portal.query import GENERIC_PARAMETER_HANDLERS, generic_parameter_names


@pytest.fixture(scope="module")
def portal() -> Iterator[TestClient]:
    config = PortalConfig(invoices=300, seed=3, rate_limit=0)
    with TestClient(create_app(config), headers={"Authorization": config.token}) as client:
        yield client


def get(portal: TestClient, **params: Any) -> dict[str, Any]:
    answer: dict[str, Any] = portal.get(FILTER_PATH, params={"count": 40, **params}).json()
    return answer


def test_the_mock_handles_every_generic_parameter_of_the_spec_and_none_is_an_openapi_parameter() -> None:
    assert set(generic_parameter_names()) == set(GENERIC_PARAMETER_HANDLERS)
    assert not set(generic_parameter_names()) & set(spec.query_parameter_names(FILTER_PATH))


def test_fields_keeps_the_named_members_ignoring_case_serializercontractresolver_cs_120_150(portal: TestClient) -> None:
    whole = get(portal)
    projected = get(portal, fields="ID,number")
    assert {key: value for key, value in projected.items() if key != "response"} == {
        key: value for key, value in whole.items() if key != "response"
    }
    assert projected["response"] == [{"id": item["id"], "number": item["number"]} for item in whole["response"]]


def test_fields_drops_the_id_of_nested_object_wrappers_unless_named_apicontext_cs_84(portal: TestClient) -> None:
    """status, contact and consignee derive from ObjectWrapperBase (InvoiceWrapper.cs:438, ContactWrapper.cs:393),
    whose inherited id the same list filters; createBy and entity keep theirs."""
    whole = get(portal)["response"]
    projected = get(portal, fields="status,contact,createBy,entity")["response"]
    for full, item in zip(whole, projected, strict=True):
        assert item["status"] == {"title": full["status"]["title"]}
        if full["contact"] is not None:
            assert item["contact"] == {key: value for key, value in full["contact"].items() if key != "id"}
        assert item["createBy"] == full["createBy"]
        assert item["entity"] == full["entity"]
    with_id = get(portal, fields="status,id")["response"]
    assert [item["status"] for item in with_id] == [full["status"] for full in whole]


def test_fields_keeps_the_servers_number_text(portal: TestClient) -> None:
    raw = portal.get(FILTER_PATH, params={"count": 40, "fields": "cost,exchangeRate"}).content
    assert b'"exchangeRate":1.00' in raw


@pytest.mark.parametrize("value", ["invoice", "InvoiceBase", "contact"])
def test_type_other_than_invoicebase_empties_the_response_and_keeps_total_compiledsmartlist_cs_134_137(
    portal: TestClient, value: str
) -> None:
    """SmartList.cs:314-333 compares the data-contract name (InvoiceWrapper.cs:38) with exact case."""
    answer = portal.get(FILTER_PATH, params={"count": 40, "type": value})
    assert answer.content == b'{"total":300,"status":0,"statusCode":200,"response":[]}'
    assert get(portal, type="invoiceBase") == get(portal) == get(portal, type="")


@pytest.mark.parametrize("value", ["2024-06-01", "2024-06-01T10:00:00Z", "06/01/2024", "2099-01-01T00:00:00"])
def test_a_valid_updatedsince_does_nothing_apicontext_cs_86_90(portal: TestClient, value: str) -> None:
    assert get(portal, updatedSince=value) == get(portal)


@pytest.mark.parametrize("value", ["yesterday", "", "2024-13-45"])
def test_a_bad_updatedsince_is_aspnets_html_500_not_the_envelope_apihttphandlerbase_cs_118(
    value: str,
) -> None:
    """Studio/Web.config:144-147: customErrors answers with 500.aspx; it happens while the context is built,
    before the parameters are bound (so also with a bad status) and before the guest's 403."""
    for role in ("admin", "guest"):
        config = PortalConfig(invoices=5, rate_limit=0, role=role)
        with TestClient(create_app(config), headers={"Authorization": config.token}) as client:
            answer = client.get(FILTER_PATH, params={"updatedSince": value, "status": "foo"})
            assert answer.status_code == 500
            assert answer.headers["content-type"].startswith("text/html")
            assert answer.text.lstrip().lower().startswith("<!doctype html")


def test_filterby_and_filterop_do_nothing_on_the_database_path_crmapi_invoices_cs_187(portal: TestClient) -> None:
    plain = get(portal, filterValue="INV")
    assert get(portal, filterValue="INV", filterBy="number", filterOp="equals") == plain
    assert get(portal, sortBy="number", filterValue="INV-000012", filterBy="number") == get(
        portal, sortBy="number", filterValue="INV-000012"
    )


def test_filterby_filters_in_memory_on_top_of_the_word_search_compiledsmartlist_cs_114_131(portal: TestClient) -> None:
    """With an in-memory sortBy: the word search of filterValue, then filterBy/filterOp (:41-78) on each part."""
    searched = get(portal, sortBy="cost", filterValue="INV-00001")["response"]
    assert len(searched) > 1
    equal = get(portal, sortBy="cost", filterValue="INV-00001", filterBy="Number", filterOp="equals")
    assert equal["response"] == []
    assert equal["total"] == len(searched)
    exact = get(portal, sortBy="cost", filterValue="inv-000012,INV-000013", filterBy="number")["response"]
    assert sorted(item["number"] for item in exact) == ["INV-000012"]  # the word search uses the first part only
    ends = get(portal, sortBy="cost", filterValue="INV-00001,3", filterBy="number", filterOp="endsWith")["response"]
    assert [item["number"] for item in ends] == [item["number"] for item in searched if item["number"].endswith("3")]
    assert ends
    nested = get(portal, sortBy="cost", filterValue="INV-0000", filterBy="status.title", filterOp="contains")
    assert nested["response"] == []  # no status title contains the number text


def test_filterop_present_is_case_sensitive_and_others_ignore_case_compiledsmartlist_cs_41_78(
    portal: TestClient,
) -> None:
    def numbers(op: str, text: str) -> list[str]:
        answer = get(portal, sortBy="cost", filterValue=text, filterBy="number", filterOp=op)["response"]
        return sorted(item["number"] for item in answer)

    found = numbers("contains", "INV-000012")
    assert found == numbers("Contains", "inv-000012")
    assert found
    assert numbers("present", "inv-000012") == []
    assert json.dumps(numbers("present", "INV-000012")) == json.dumps(found)
