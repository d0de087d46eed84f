"""The generated client turns real wire payloads into typed values, and typed errors a caller can branch on."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any
from uuid import UUID

import httpx
import pytest

from onlyoffice_crm_client import AuthenticatedClient, errors
from onlyoffice_crm_client.api.authentication import authenticate
from onlyoffice_crm_client.api.invoices import get_invoices
from onlyoffice_crm_client.models import (
    AuthenticationRequest,
    AuthenticationResponse,
    ErrorResponse,
    InvoiceListResponse,
    InvoiceStatusId,
    ShareType,
    TemplateType,
)
from onlyoffice_crm_client.types import UNSET

ClientFactory = Callable[[httpx.Response], AuthenticatedClient]
MOSCOW = dt.timezone(dt.timedelta(hours=3))


def json_response(status: int, body: bytes) -> httpx.Response:
    return httpx.Response(status, content=body, headers={"Content-Type": "application/json; charset=UTF-8"})


def fetch_page(client: AuthenticatedClient) -> InvoiceListResponse:
    page = get_invoices.sync(client=client)
    assert isinstance(page, InvoiceListResponse)
    return page


def test_full_envelope_and_invoice_parse_into_typed_values(
    client_answering: ClientFactory, wire: Callable[[str], bytes]
) -> None:
    page = fetch_page(client_answering(json_response(200, wire("page.json"))))

    assert (page.count, page.start_index, page.next_index, page.total) == (2, 25, 28, 40)
    assert (page.status, page.status_code) == (0, 200)
    invoice = page.response[0]
    assert invoice.id == 12
    assert invoice.status.id is InvoiceStatusId.SENT
    assert invoice.status.title == "Billed"
    assert invoice.issue_date == dt.datetime(2024, 1, 15, tzinfo=MOSCOW)
    assert invoice.issue_date.utcoffset() == dt.timedelta(hours=3)
    assert invoice.template_type is TemplateType.EUR
    assert invoice.currency.symbol == "€"
    assert invoice.exchange_rate == 1.0
    assert isinstance(invoice.exchange_rate, float)
    assert invoice.cost == 1250.5
    assert invoice.file_id == 431
    assert invoice.description == "Design / development of the landing page"
    assert invoice.create_by.id == UUID("646a6cff-df57-4b83-8ffe-91a24910328c")
    assert invoice.create_by.profile_url == "https://portal.example.com/Products/People/Profile.aspx?user=anna.petrova"


def test_contacts_keep_their_escaped_urls_access_lists_and_share_types(
    client_answering: ClientFactory, wire: Callable[[str], bytes]
) -> None:
    invoice = fetch_page(client_answering(json_response(200, wire("page.json")))).response[0]
    contact, consignee = invoice.contact, invoice.consignee
    assert contact is not None
    assert consignee is not None
    assert contact.small_foto_url.endswith("/filehandler.ashx?action=contactphotoulr&cid=101&isc=true&ps=1")
    assert contact.display_name == "Northwind / Traders"
    assert contact.is_private is True
    assert isinstance(contact.access_list, list)
    assert [employee.display_name for employee in contact.access_list] == ["Anna Petrova"]
    assert contact.share_type is ShareType.NONE
    assert contact.currency is None
    assert consignee.display_name == "Jan Novák"
    assert consignee.share_type is ShareType.READ_WRITE
    assert consignee.medium_foto_url.endswith("cid=207&isc=false&ps=2")
    assert consignee.access_list is UNSET
    assert consignee.currency is not None
    assert consignee.currency.symbol == "Kč"


def test_nulls_absent_keys_utc_and_negative_offsets(
    client_answering: ClientFactory, wire: Callable[[str], bytes]
) -> None:
    invoice = fetch_page(client_answering(json_response(200, wire("page.json")))).response[1]

    assert (invoice.contact, invoice.consignee, invoice.entity) == (None, None, None)
    assert invoice.status.id is InvoiceStatusId.PAID
    assert invoice.template_type is TemplateType.RUS
    assert invoice.issue_date == dt.datetime(2023, 11, 30, 18, 5, tzinfo=dt.UTC)
    assert invoice.due_date.utcoffset() == -dt.timedelta(hours=5, minutes=30)
    assert invoice.create_by.title is UNSET
    assert (invoice.cost, invoice.file_id, invoice.purchase_order_number) == (0.0, -1, "")


def test_the_empty_result_has_no_count_start_or_next_index(
    client_answering: ClientFactory, wire: Callable[[str], bytes]
) -> None:
    page = fetch_page(client_answering(json_response(200, wire("empty.json"))))

    assert (page.total, page.response) == (0, [])
    assert (page.count, page.start_index, page.next_index) == (UNSET, UNSET, UNSET)


def with_datetimes_truncated_to_microseconds(node: Any) -> Any:
    """The wire JSON with its 7th fractional digit zeroed: Python datetimes hold microseconds only."""
    if isinstance(node, dict):
        return {key: with_datetimes_truncated_to_microseconds(value) for key, value in node.items()}
    if isinstance(node, list):
        return [with_datetimes_truncated_to_microseconds(value) for value in node]
    if isinstance(node, str) and len(node) > 27 and node[19] == "." and node[10] == "T":
        return node[:26] + "0" + node[27:]
    return node


def test_to_dict_writes_back_the_wire_json(client_answering: ClientFactory, wire: Callable[[str], bytes]) -> None:
    page = fetch_page(client_answering(json_response(200, wire("page.json"))))

    assert page.to_dict() == with_datetimes_truncated_to_microseconds(json.loads(wire("page.json")))
    assert page.response[0].to_dict()["createOn"] == "2024-01-15T10:42:07.1234560+03:00"


def test_a_401_is_the_plain_text_unauthorized(client_answering: ClientFactory) -> None:
    unauthorized = httpx.Response(401, text="Unauthorized", headers={"WWW-Authenticate": 'Basic Realm="x"'})
    response = get_invoices.sync_detailed(client=client_answering(unauthorized))

    assert response.status_code == 401
    assert response.parsed == "Unauthorized"
    assert response.headers["WWW-Authenticate"] == 'Basic Realm="x"'


def test_an_error_envelope_is_a_typed_error_response(
    client_answering: ClientFactory, wire: Callable[[str], bytes]
) -> None:
    result = get_invoices.sync(client=client_answering(json_response(400, wire("error_400.json"))))

    assert isinstance(result, ErrorResponse)
    assert (result.status, result.status_code) == (1, 400)
    assert result.error.message == "Value does not fall within the expected range."
    assert result.error.hresult == -2147024809
    assert result.error.data.to_dict() == {}


def test_an_undocumented_status_raises_when_asked_to(client_answering: ClientFactory) -> None:
    client = client_answering(httpx.Response(418, text="teapot")).with_timeout(httpx.Timeout(1.0))
    client.raise_on_unexpected_status = True

    with pytest.raises(errors.UnexpectedStatus) as raised:
        get_invoices.sync(client=client)
    assert raised.value.status_code == 418


def test_login_answer_parses_into_token_and_expiry(
    client_answering: ClientFactory, wire: Callable[[str], bytes], sent: list[httpx.Request]
) -> None:
    answer = authenticate.sync(
        client=client_answering(json_response(201, wire("authentication_201.json"))),
        body=AuthenticationRequest(user_name="anna.petrova@example.com", password="secret"),
    )

    assert isinstance(answer, AuthenticationResponse)
    assert answer.response.token == "sdjhfskjdhkqy739459234"
    assert answer.response.expires == dt.datetime(2010, 7, 7, 17, 6, 3, 584550, tzinfo=MOSCOW)
    assert json.loads(sent[0].content) == {"userName": "anna.petrova@example.com", "password": "secret"}
