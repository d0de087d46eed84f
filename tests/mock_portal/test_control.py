"""The portal's control for tests (issue 17, point 2's groundwork): reset, seeding invoices, faults for the next
requests, and the requests received, without the token."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from starlette.testclient import TestClient

from onlyoffice_crm_spec import FILTER_PATH
from onlyoffice_mock_portal.app import create_app
from onlyoffice_mock_portal.columns import DataFileError
from onlyoffice_mock_portal.config import PortalConfig
from onlyoffice_mock_portal.control import PortalControl, ReceivedRequest
from onlyoffice_mock_portal.testing import running_portal, serve_portal

TOKEN = "mock-portal-token"


def _portal(**fields: Any) -> tuple[TestClient, PortalControl]:
    fields = {"invoices": 50, "rate_limit": 0, **fields}
    app = create_app(PortalConfig(**fields))
    return TestClient(app, headers={"Authorization": TOKEN}), app.state.control


def _session(client: TestClient) -> list[tuple[int, str]]:
    """A few requests in several orders; what came back."""
    answers = []
    for start, sort_by in ((0, "number"), (10, "status"), (0, "issueDate"), (20, "id"), (0, "cost")):
        answer = client.get(FILTER_PATH, params={"startIndex": start, "count": 15, "sortBy": sort_by})
        answers.append((answer.status_code, answer.text))
    return answers


def test_reset_restores_invoices_faults_requests_edits_and_sequences() -> None:
    client, control = _portal(edits_per_request=1.0, edit_early_numbers=True, error_share=0.3)
    first = _session(client)
    edits = control.edits
    control.set_faults(error_share=0.0)
    control.set_invoices([client.get(FILTER_PATH, params={"count": 1}).json()["response"][0]])
    control.set_faults(rate_limit=1, edits_per_request=3.0)
    client.get(FILTER_PATH)

    control.reset()
    again = _session(client)

    assert len({status for status, _ in first}) > 1  # the faults bit
    assert again == first
    assert control.edits == edits
    assert len(control.requests) == len(first)


def test_reset_clears_the_rate_limit_counters() -> None:
    client, control = _portal(rate_limit=2, rate_limit_window_s=60)
    assert [client.get(FILTER_PATH).status_code for _ in range(3)] == [200, 200, 503]

    control.reset()

    assert client.get(FILTER_PATH).status_code == 200


def test_reset_undoes_edits_turned_on_later() -> None:
    client, control = _portal()
    before = client.get(FILTER_PATH).json()
    control.set_faults(edits_per_request=2.0)
    during = client.get(FILTER_PATH).json()

    control.reset()

    assert control.edits.added + control.edits.deleted + control.edits.status_changed == 0
    assert during != before
    assert client.get(FILTER_PATH).json() == before


@pytest.mark.timeout(10)
def test_reset_is_quick_enough_to_call_before_every_test() -> None:
    client, control = _portal(invoices=300, edits_per_request=1.0)
    for _ in range(300):
        client.get(FILTER_PATH, params={"count": 1})
        control.reset()
    assert control.edits.added + control.edits.deleted + control.edits.status_changed <= 1


def test_set_invoices_replaces_the_invoices() -> None:
    client, control = _portal()
    three = client.get(FILTER_PATH, params={"count": 3, "startIndex": 7}).json()["response"]

    control.set_invoices(three)
    answer = client.get(FILTER_PATH).json()

    assert answer["total"] == 3
    assert answer["response"] == three


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda invoice: invoice.pop("number"), "number"),
        (lambda invoice: invoice.update(issueDate="yesterday"), "issueDate"),
        (lambda invoice: invoice.update(id=2**40), "id"),
    ],
)
def test_set_invoices_refuses_a_bad_record_and_keeps_serving_the_old_ones(change: Any, expected: str) -> None:
    client, control = _portal()
    before = client.get(FILTER_PATH).json()
    records = client.get(FILTER_PATH, params={"count": 2}).json()["response"]
    change(records[1])

    with pytest.raises(DataFileError, match=rf"invoices\[1\]\.{expected}: "):
        control.set_invoices(records)

    assert client.get(FILTER_PATH).json() == before


def test_set_faults_errors_answer_the_next_requests_with_503_or_502() -> None:
    client, control = _portal()
    assert client.get(FILTER_PATH).status_code == 200

    control.set_faults(error_share=1.0)
    statuses = {client.get(FILTER_PATH).status_code for _ in range(20)}

    assert statuses == {502, 503}
    control.set_faults(error_share=0.0)
    assert client.get(FILTER_PATH).status_code == 200


def test_set_faults_rate_limit_applies_to_the_next_requests() -> None:
    client, control = _portal()
    assert {client.get(FILTER_PATH).status_code for _ in range(5)} == {200}

    control.set_faults(rate_limit=2, rate_limit_window_s=60.0)
    statuses = [client.get(FILTER_PATH).status_code for _ in range(3)]

    assert statuses == [200, 200, 503]


@pytest.mark.parametrize(
    ("fields", "error", "named"),
    [
        ({"error_rate": 0.5}, TypeError, "error_rate"),
        ({"error_share": 1.5}, ValueError, "error_share"),
        ({"drop_share": -0.1}, ValueError, "drop_share"),
        ({"latency_ms": float("nan")}, ValueError, "latency_ms"),
        ({"edits_per_request": -1}, ValueError, "edits_per_request"),
        ({"rate_limit": "5"}, TypeError, "rate_limit"),
        ({"rate_limit": -1}, ValueError, "rate_limit"),
        ({"rate_limit_window_s": 0}, ValueError, "rate_limit_window_s"),
        ({"edit_early_numbers": 1}, TypeError, "edit_early_numbers"),
        ({"token": "other"}, TypeError, "token"),
    ],
)
def test_set_faults_refuses_unknown_names_and_bad_values(fields: dict[str, Any], error: type, named: str) -> None:
    client, control = _portal()

    with pytest.raises(error, match=named):
        control.set_faults(**{"error_share": 1.0, **fields})

    assert client.get(FILTER_PATH).status_code == 200  # nothing changed, not even the valid part


def test_requests_are_recorded_in_order_without_the_token_or_cookies() -> None:
    client, control = _portal(rate_limit=1, rate_limit_window_s=60)
    client.get(FILTER_PATH, params={"count": "5", "filterValue": "café"}, headers={"Cookie": "asc_auth_key=s3cret"})
    client.get(FILTER_PATH, headers={"X-Trace": "two"})  # refused by the rate limit: still recorded
    client.post("/api/2.0/authentication", json={"userName": "a", "password": "b"})

    requests = control.requests

    assert [(request.method, request.path) for request in requests] == [
        ("GET", FILTER_PATH),
        ("GET", FILTER_PATH),
        ("POST", "/api/2.0/authentication"),
    ]
    assert requests[0].query == (("count", "5"), ("filterValue", "café"))
    assert requests[1].headers["x-trace"] == "two"
    assert all(isinstance(request, ReceivedRequest) for request in requests)
    for request in requests:
        assert "authorization" not in request.headers
        assert "cookie" not in request.headers
        assert TOKEN not in repr(request)
        assert "s3cret" not in repr(request)


def test_serve_portal_gives_the_url_and_the_control_of_a_running_server() -> None:
    with serve_portal(PortalConfig(invoices=20, rate_limit=0)) as portal:
        portal.control.set_faults(error_share=1.0)
        refused = httpx.get(portal.url + FILTER_PATH, headers={"Authorization": TOKEN})
        portal.control.reset()
        served = httpx.get(portal.url + FILTER_PATH, headers={"Authorization": TOKEN})

        assert refused.status_code in (502, 503)
        assert served.json()["total"] == 20
        assert [request.path for request in portal.control.requests] == [FILTER_PATH]


def test_running_portal_still_yields_the_url() -> None:
    with running_portal(PortalConfig(invoices=3, rate_limit=0)) as url:
        assert httpx.get(url + FILTER_PATH, headers={"Authorization": TOKEN}).json()["total"] == 3
