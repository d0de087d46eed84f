"""The run's gate: a portal's 503 with ``Retry-After`` is waited out, sent again and recorded as a warning; a live
portal is never sent anything but reads of the filter and one login."""

from __future__ import annotations

import httpx
import pytest

import onlyoffice_crm_spec as spec
from onlyoffice_crm_contract.gate import Gate, Policy, ReadOnlyViolationError, installed
from onlyoffice_crm_contract.run_record import RunRecord
from onlyoffice_mock_portal.config import PortalConfig
from onlyoffice_mock_portal.testing import running_portal

CONFIG = PortalConfig(invoices=20, rate_limit=2, rate_limit_window_s=1.0)


def test_a_rate_limited_answer_is_waited_out_and_reported_not_failed() -> None:
    record = RunRecord()
    with running_portal(CONFIG) as base_url:
        gate = Gate(Policy(base_url, read_only=True, requests_per_second=100), record)
        with installed(gate), httpx.Client(base_url=base_url, headers={"Authorization": CONFIG.token}) as client:
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
    gate = Gate(Policy("https://portal.example.com", read_only=True, requests_per_second=10), RunRecord())

    with pytest.raises(ReadOnlyViolationError):
        gate.admit(method, f"https://portal.example.com{path}")
    gate.admit("GET", f"https://portal.example.com{spec.FILTER_PATH}")
    gate.admit("POST", f"https://portal.example.com{spec.AUTHENTICATION_PATH}")
    with pytest.raises(ReadOnlyViolationError, match="second login"):
        gate.admit("POST", f"https://portal.example.com{spec.AUTHENTICATION_PATH}")
