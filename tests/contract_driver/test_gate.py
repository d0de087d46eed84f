"""The run's gate, as the transport of the clients a run builds: a portal's 503 with ``Retry-After`` is waited out,
sent again and recorded as a warning; a live portal is never sent anything but reads of the filter and one login;
an async client sends nothing; schemathesis' gateway passes requests on exactly, through the gate."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from starlette.testclient import TestClient

import onlyoffice_crm_spec as spec
from onlyoffice_crm_client.api.invoices import get_invoices
from onlyoffice_crm_contract.runner.gate import (
    AsyncRequestRefusedError,
    Gate,
    GatedTransport,
    Policy,
    ReadOnlyViolationError,
)
from onlyoffice_crm_contract.runner.gateway import Gateway
from onlyoffice_crm_contract.runner.http_target import HttpTarget
from onlyoffice_crm_contract.runner.masking import Secret
from onlyoffice_crm_contract.runner.run_record import RunRecord
from onlyoffice_mock_portal.config import PortalConfig
from onlyoffice_mock_portal.testing import running_portal

CONFIG = PortalConfig(invoices=20, rate_limit=2, rate_limit_window_s=1.0)
LIVE = "https://portal.example.com"


def live_gate(record: RunRecord) -> Gate:
    return Gate(Policy(LIVE, read_only=True, requests_per_second=0), record)


def recording(seen: list[httpx.Request], status: int = 200) -> httpx.MockTransport:
    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(status, json={"response": []}, headers={"X-Echo": request.url.query.decode()})

    return httpx.MockTransport(answer)


@pytest.mark.timeout(30)
def test_a_rate_limited_answer_is_waited_out_and_reported_not_failed() -> None:
    record = RunRecord()
    with running_portal(CONFIG) as base_url:
        gate = Gate(Policy(base_url, read_only=True, requests_per_second=100), record)
        transport = GatedTransport(gate)
        with httpx.Client(base_url=base_url, headers={"Authorization": CONFIG.token}, transport=transport) as client:
            statuses = [client.get(spec.FILTER_PATH, params={"count": 1}).status_code for _ in range(3)]

    assert statuses == [200, 200, 200]
    assert [(retry.status, retry.method) for retry in record.retries] == [(503, "GET")]
    assert 0 < record.retries[0].waited_s <= 1.0
    assert [exchange.status for exchange in record.exchanges] == [200, 200, 503, 200]


@pytest.mark.parametrize(
    ("method", "path"),
    [("PUT", spec.FILTER_PATH), ("DELETE", spec.FILTER_PATH), ("GET", "/api/2.0/crm/invoice/1"), ("OPTIONS", "/")],
)
def test_a_live_portal_is_sent_reads_of_the_filter_only(method: str, path: str) -> None:
    gate = live_gate(RunRecord())

    with pytest.raises(ReadOnlyViolationError):
        gate.admit(method, f"{LIVE}{path}")
    gate.admit("GET", f"{LIVE}{spec.FILTER_PATH}")
    gate.admit("POST", f"{LIVE}{spec.AUTHENTICATION_PATH}")
    with pytest.raises(ReadOnlyViolationError, match="second login"):
        gate.admit("POST", f"{LIVE}{spec.AUTHENTICATION_PATH}")


def test_a_gated_client_sends_a_refused_request_nowhere_and_records_what_it_sends() -> None:
    seen: list[httpx.Request] = []
    record = RunRecord()
    with httpx.Client(base_url=LIVE, transport=GatedTransport(live_gate(record), recording(seen))) as client:
        with pytest.raises(ReadOnlyViolationError):
            client.put(spec.FILTER_PATH)
        answer = client.get(spec.FILTER_PATH, headers={"Authorization": "secret-token"})

    assert answer.status_code == 200
    assert [(request.method, request.url.path) for request in seen] == [("GET", spec.FILTER_PATH)]
    assert [(exchange.method, exchange.status) for exchange in record.exchanges] == [("GET", 200)]
    assert ("authorization", "***") in record.exchanges[0].request_headers


def test_the_async_side_of_a_targets_client_sends_nothing() -> None:
    record = RunRecord()
    client = HttpTarget(LIVE, Secret("t"), Gate(Policy(LIVE, read_only=False, requests_per_second=0), record)).client()

    with pytest.raises(AsyncRequestRefusedError, match="sends synchronously"):
        asyncio.run(get_invoices.asyncio_detailed(client=client))
    assert record.exchanges == []


def test_the_gateway_passes_a_request_on_exactly_through_the_gate_and_answers_with_its_response() -> None:
    seen: list[httpx.Request] = []
    record = RunRecord()
    gateway = Gateway(LIVE + "/", httpx.Client(transport=GatedTransport(live_gate(record), recording(seen))))
    query = "filterValue=a%2Bb+c&count=1"

    with TestClient(gateway) as schemathesis_side:
        answer = schemathesis_side.get(f"{spec.FILTER_PATH}?{query}", headers={"Authorization": "t"})
        with pytest.raises(ReadOnlyViolationError):
            schemathesis_side.delete(spec.FILTER_PATH)

    assert (answer.status_code, answer.json(), answer.headers["x-echo"]) == (200, {"response": []}, query)
    assert [str(request.url) for request in seen] == [f"{LIVE}{spec.FILTER_PATH}?{query}"]
    assert seen[0].headers["authorization"] == "t"
    assert [exchange.url for exchange in record.exchanges] == [f"{LIVE}{spec.FILTER_PATH}?{query}"]
