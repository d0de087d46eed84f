"""Paging, sorting and the exact bytes of the envelope."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from starlette.testclient import TestClient

import onlyoffice_crm_spec as spec
from onlyoffice_crm_spec import FILTER_PATH
from onlyoffice_mock_portal.app import create_app
from onlyoffice_mock_portal.config import PortalConfig


def page(portal: TestClient, **params: str) -> dict[str, Any]:
    response = portal.get(FILTER_PATH, params=params)
    assert response.status_code == 200, response.text
    return dict(response.json())


def test_walking_pages_yields_every_invoice_once_and_agrees_with_total(portal: TestClient) -> None:
    seen: list[int] = []
    start = 0
    while True:
        body = page(portal, startIndex=str(start), count="7", sortBy="contact")
        seen += [invoice["id"] for invoice in body["response"]]
        assert ("nextIndex" in body) == (start + len(body["response"]) < body["total"])
        if "nextIndex" not in body:
            break
        start += 7
    assert len(seen) == len(set(seen)) == page(portal)["total"]


def test_count_is_clamped_and_negative_start_is_zero(portal: TestClient) -> None:
    assert page(portal, count="5000")["count"] == PortalConfig().invoices
    assert page(portal, startIndex="-5", count="3")["response"] == page(portal, count="3")["response"]
    assert "startIndex" not in page(portal, startIndex="-5", count="3")


def wire_key(invoice: dict[str, Any], sort_by: str) -> Any:
    if sort_by in ("issueDate", "dueDate"):
        from datetime import datetime

        return datetime.fromisoformat(invoice[sort_by])
    if sort_by == "status":
        return invoice["status"]["id"]
    if sort_by == "contact":
        contact = invoice["contact"]
        return (contact is not None, contact["displayName"] if contact else "", invoice["number"])
    return invoice[sort_by]


# The contact sort (nulls last both ways, accent-insensitive names) is checked in test_sorting*.
@pytest.mark.parametrize(
    "sort_by", [key for key in spec.component_schema("InvoiceSortBy")["x-database-keys"] if key != "contact"]
)
@pytest.mark.parametrize("order", ["ascending", "descending"])
def test_each_sort_key_orders_the_whole_result(portal: TestClient, sort_by: str, order: str) -> None:
    keys = [wire_key(invoice, sort_by) for invoice in page(portal, sortBy=sort_by.upper(), sortOrder=order)["response"]]

    assert keys == sorted(keys, reverse=order == "descending")


def test_only_the_exact_word_descending_sorts_descending(portal: TestClient) -> None:
    ascending = page(portal, sortBy="id")["response"]
    assert page(portal, sortBy="id", sortOrder="DESCENDING")["response"] == ascending
    assert page(portal, sortBy="unknown")["response"] == page(portal, sortBy="number")["response"]


def test_the_envelope_and_invoices_are_written_like_the_real_server(portal: TestClient) -> None:
    response = portal.get(FILTER_PATH, params={"count": "3", "startIndex": "2"})
    raw = response.content

    assert response.headers["content-type"] == "application/json; charset=UTF-8"
    assert raw.startswith(
        b'{"count":3,"startIndex":2,"nextIndex":6,"total":300,"status":0,"statusCode":200,"response":['
    )
    dates = re.findall(rb'"(?:issueDate|dueDate|createOn)":"([^"]+)"', raw)
    assert len(dates) == 9
    assert all(re.fullmatch(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}\+03:00", date) for date in dates)
    assert all(re.fullmatch(rb"-?\d+\.\d\d", money) for money in re.findall(rb'"(?:cost|exchangeRate)":([^,]+)', raw))
    assert b"\\/" in raw
    assert b"/" not in raw.replace(b"\\/", b"")
    keys = list(json.loads(raw)["response"][0])
    assert keys[:4] == ["id", "status", "number", "issueDate"]
    assert keys[-3:] == ["cost", "canEdit", "canDelete"]


def test_raw_utf8_is_written_for_non_ascii(portal: TestClient) -> None:
    assert "€".encode() in portal.get(FILTER_PATH, params={"currency": "EUR", "count": "1"}).content


def test_the_empty_result_is_the_servers_exact_bytes(portal: TestClient) -> None:
    assert portal.get(FILTER_PATH, params={"currency": "XXX"}).content == (
        b'{"total":0,"status":0,"statusCode":200,"response":[]}'
    )


def test_the_json_suffix_answers_the_same(portal: TestClient) -> None:
    params = {"status": "2", "sortBy": "dueDate"}
    assert portal.get(FILTER_PATH + ".json", params=params).content == portal.get(FILTER_PATH, params=params).content


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH"])
def test_second_reading_other_methods_are_a_404_envelope_never_405(portal: TestClient, method: str) -> None:
    response = portal.request(method, FILTER_PATH)

    assert response.status_code == 404
    assert "allow" not in response.headers
    assert response.json()["statusCode"] == 404


def test_second_reading_options_answers_200_with_cors_headers(anonymous: TestClient) -> None:
    response = anonymous.options(FILTER_PATH, headers={"Origin": "https://app.example.com"})

    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == "*"
    assert "GET" in response.headers["access-control-allow-methods"]
    assert "Authorization" in response.headers["access-control-allow-headers"]


def test_an_unknown_route_is_a_404_envelope(portal: TestClient) -> None:
    response = portal.get("/api/2.0/crm/invoice/nothing")
    assert (response.status_code, response.json()["status"]) == (404, 1)


def test_the_same_seed_gives_the_same_bytes_and_another_seed_other_data() -> None:
    def first_page(seed: int) -> bytes:
        client = TestClient(
            create_app(PortalConfig(seed=seed, invoices=40, rate_limit=0)),
            headers={"Authorization": "mock-portal-token"},
        )
        return bytes(client.get(FILTER_PATH).content)

    assert first_page(7) == first_page(7)
    assert first_page(7) != first_page(8)
