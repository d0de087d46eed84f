"""What a lying portal answers never reaches the walk unchecked (issue 21, point 2).

``read_page`` checks what the walk relies on (``total``, the page length, the ids) and every decoding
failure, recursion included, is an ``UnexpectedResponseError``; both senders are driven through the
raw-socket servers of ``tests.hostile_servers`` for the answers a starlette mock cannot send.
"""

from __future__ import annotations

import json
import math
from typing import Any

import httpx
import pytest

from onlyoffice_crm import BadRequestError, InconsistentPortalError, UnexpectedResponseError, amount, exact_decimal
from onlyoffice_crm._operations import PAGE_MAXIMUM, read_page
from onlyoffice_crm._transport import Policy
from onlyoffice_crm_client.models import Invoice
from tests.hostile_servers import HostileServer, answer, nested_json, page_body

from .test_bounds import MODES, send

POLICY = Policy(timeout=10, rate_limit=None)


def ok(body: bytes) -> httpx.Response:
    return httpx.Response(200, content=body)


@pytest.mark.timeout(30)
@pytest.mark.parametrize("mode", MODES)
def test_json_nested_100000_deep_is_an_unexpected_response(mode: str) -> None:
    with HostileServer(answer(nested_json())) as server:
        response = send(mode, server.url, POLICY)

    with pytest.raises(UnexpectedResponseError, match="nested too deeply"):
        read_page(response, PAGE_MAXIMUM)


@pytest.mark.timeout(30)
@pytest.mark.parametrize("mode", MODES)
def test_an_error_body_nested_deep_is_still_the_status_error(mode: str) -> None:
    with HostileServer(answer(nested_json(), status="400 Bad Request")) as server, pytest.raises(BadRequestError):
        send(mode, server.url, POLICY)


@pytest.mark.timeout(30)
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("total", ["3000", None, 3.5, float("nan"), float("inf"), True, -1], ids=repr)
def test_a_total_that_is_not_a_count_is_refused(mode: str, total: object) -> None:
    with HostileServer(answer(page_body(3, total=total))) as server:
        response = send(mode, server.url, POLICY)

    with pytest.raises(UnexpectedResponseError) as raised:
        read_page(response, PAGE_MAXIMUM)
    assert type(raised.value) is UnexpectedResponseError
    assert "total" in str(raised.value) or "JSON number" in str(raised.value)


@pytest.mark.timeout(30)
@pytest.mark.parametrize("mode", MODES)
def test_a_page_longer_than_asked_is_refused(mode: str) -> None:
    with HostileServer(answer(page_body(2 * PAGE_MAXIMUM, total=3 * PAGE_MAXIMUM))) as server:
        response = send(mode, server.url, POLICY)

    with pytest.raises(InconsistentPortalError) as raised:
        read_page(response, PAGE_MAXIMUM)
    assert str(raised.value) == (
        f"HTTP 200: the portal answered {2 * PAGE_MAXIMUM} invoices where at most {PAGE_MAXIMUM} were asked"
    )
    assert isinstance(raised.value, UnexpectedResponseError)


def test_a_page_of_exactly_the_count_asked_and_the_old_call_are_read() -> None:
    assert len(read_page(ok(page_body(5)), 5).response) == 5
    assert len(read_page(ok(page_body(5)), None).response) == 5
    assert len(read_page(ok(page_body(5))).response) == 5
    assert read_page(ok(page_body(0, total=0)), PAGE_MAXIMUM).total == 0


@pytest.mark.parametrize("invoice_id", [0, -3, "5", None, 2.0, False], ids=repr)
def test_an_invoice_id_that_is_not_positive_int_is_refused(invoice_id: object) -> None:
    with pytest.raises(UnexpectedResponseError, match="id"):
        read_page(ok(page_body(2, id=invoice_id)), PAGE_MAXIMUM)


@pytest.mark.timeout(30)
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("cost", [float("nan"), float("inf"), float("-inf")], ids=repr)
def test_a_cost_that_is_not_a_number_never_reaches_amount(mode: str, cost: float) -> None:
    with HostileServer(answer(page_body(2, cost=cost))) as server:
        response = send(mode, server.url, POLICY)

    with pytest.raises(UnexpectedResponseError, match="is not a JSON number"):
        read_page(response, PAGE_MAXIMUM)


@pytest.mark.parametrize(
    "body",
    [
        b'{"total": 1, "response": [], "status": 0, "statusCode": 200, "x": "\xff\xfe"}',
        b"\xef\xbb\xbf\x00\x00",
        b"",
        b'{"total": 1e999999, "response": [], "status": 0, "statusCode": 200}',
        b'{"total": ' + b"9" * 5000 + b', "response": [], "status": 0, "statusCode": 200}',
        json.dumps({"total": 1, "response": "abc", "status": 0, "statusCode": 200}).encode(),
        json.dumps({"total": 1, "response": {"a": 1}, "status": 0, "statusCode": 200}).encode(),
    ],
    ids=[
        "invalid-utf8",
        "bom-and-nul",
        "empty",
        "total-overflows-to-inf",
        "total-5000-digits",
        "str-page",
        "dict-page",
    ],
)
def test_every_decoding_failure_is_an_unexpected_response(body: bytes) -> None:
    with pytest.raises(UnexpectedResponseError):
        read_page(ok(body), PAGE_MAXIMUM)


def test_the_message_quotes_a_long_value_briefly() -> None:
    with pytest.raises(UnexpectedResponseError) as raised:
        read_page(ok(page_body(1, total="x" * 10_000)), PAGE_MAXIMUM)

    assert len(str(raised.value)) < 200


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf, 1e300])
def test_money_refuses_what_is_not_an_amount(value: float) -> None:
    with pytest.raises(ValueError, match="not an amount"):
        exact_decimal(value)


def test_amount_of_an_inf_cost_built_by_hand_is_a_value_error() -> None:
    data: dict[str, Any] = json.loads(page_body(1))["response"][0]
    invoice = Invoice.from_dict({**data, "cost": math.inf})

    with pytest.raises(ValueError, match="not an amount"):
        amount(invoice)
