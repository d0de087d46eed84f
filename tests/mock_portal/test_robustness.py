"""No input crashes the portal, every body it sends matches the spec, and its other entry points work."""

from __future__ import annotations

import datetime as dt
import json
import re
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from starlette.testclient import TestClient

import onlyoffice_crm_spec as spec
from onlyoffice_crm_spec import FILTER_PATH
from onlyoffice_mock_portal.app import create_app
from onlyoffice_mock_portal.columns import DataFileError
from onlyoffice_mock_portal.config import PortalConfig

from .wire_pages import spec_page

names = st.sampled_from([*spec.query_parameter_names(FILTER_PATH), "STATUS", "entityId", "status[]", "x"]) | st.text()
values = st.sampled_from(["1", "-1", "2147483648", "2024-01-15", "contact", "descending", "EUR", ""]) | st.text()


@settings(
    max_examples=150, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(query=st.lists(st.tuples(names, values), max_size=6))
def test_any_query_gets_a_documented_answer_that_matches_the_spec(
    portal: TestClient, query: list[tuple[str, str]]
) -> None:
    response = portal.get(FILTER_PATH, params=query)

    assert response.status_code in (200, 400), response.text
    validator = spec.response_validator(FILTER_PATH, "get", response.status_code)
    assert validator is not None
    assert [error.message for error in validator.iter_errors(response.json())] == []


@settings(max_examples=60, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=st.text(alphabet="%&=+;?/ é€0123456789abcdefABCDEFstatuscountXYZ", max_size=60))
def test_malformed_percent_escapes_never_cause_a_500(portal: TestClient, query: str) -> None:
    response = portal.get(f"{FILTER_PATH}?{query}")

    assert response.status_code in (200, 400)


def test_invoices_from_a_wire_file_are_served_as_given(tmp_path: Path) -> None:
    page = spec_page()
    data = tmp_path / "invoices.json"
    data.write_text(json.dumps(page), encoding="utf-8")
    client = TestClient(
        create_app(PortalConfig(data_file=data, rate_limit=0)), headers={"Authorization": "mock-portal-token"}
    )

    served = client.get(FILTER_PATH, params={"sortBy": "id"}).json()["response"]
    given = page["response"]
    assert [without_dates(invoice) for invoice in served] == [without_dates(invoice) for invoice in given]
    # A portal writes every date in its own offset (+03:00 here), whatever offset the file had: the same
    # instant, to the microsecond (the mock keeps microseconds; a seventh fractional digit is dropped).
    assert date_keys()
    for served_invoice, given_invoice in zip(served, given, strict=True):
        for key in date_keys():
            assert served_invoice[key].endswith("+03:00")
            assert instant(served_invoice[key]) == instant(given_invoice[key])
    assert b'"cost":1250.50' in client.get(FILTER_PATH).content


def date_keys() -> set[str]:
    """The invoice's wire dates, as the spec types them."""
    properties = spec.component_schema("Invoice")["properties"]
    return {key for key, node in properties.items() if node.get("$ref") == "#/components/schemas/InvoiceDateTime"}


def without_dates(invoice: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in invoice.items() if key not in date_keys()}


def instant(text: str) -> dt.datetime:
    """The moment a wire date names (Python reads at most six fractional digits: cut the seventh)."""
    moment = re.sub(r"(\.\d{6})\d", r"\1", text)
    return dt.datetime.fromisoformat(moment).astimezone(dt.UTC)


def test_an_invalid_data_file_is_refused_with_the_reason(tmp_path: Path) -> None:
    data = tmp_path / "invoices.json"
    data.write_text('[{"id": "one"}]', encoding="utf-8")

    with pytest.raises(DataFileError, match=r"invoices\[0\]\.number: missing"):
        create_app(PortalConfig(data_file=data, rate_limit=0))


def test_the_command_serves_until_stopped() -> None:
    command = [sys.executable, "-m", "onlyoffice_mock_portal", "--port", "0", "--invoices", "20", "--token", "t"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        assert line.startswith("Mock portal listening on http://127.0.0.1:")
        url = line.split()[4]
        response = httpx.get(url + FILTER_PATH, headers={"Authorization": "t"}, timeout=10)
        assert (response.status_code, response.json()["total"]) == (200, 20)
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=10)
    assert process.returncode == 0


def test_the_command_rejects_bad_input_in_one_line(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "onlyoffice_mock_portal", "--data", str(tmp_path / "missing.json")],
                          capture_output=True, text=True, timeout=30, check=False)  # fmt: skip

    assert done.returncode == 1
    assert done.stderr.count("\n") == 1
    assert "missing.json" in done.stderr
