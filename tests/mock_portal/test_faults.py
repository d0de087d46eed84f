"""Faults on demand: the rate limit, 503/502 answers, latency and dropped connections (issue 10, item 5)."""

from __future__ import annotations

import subprocess
import sys
import time

import httpx
import pytest
from starlette.testclient import TestClient

from onlyoffice_crm_spec import FILTER_PATH
from onlyoffice_mock_portal.app import create_app
from onlyoffice_mock_portal.config import PortalConfig
from onlyoffice_mock_portal.ratelimit import RateLimit
from onlyoffice_mock_portal.testing import running_portal

TOKEN = {"Authorization": "mock-portal-token"}


def test_the_rate_limit_is_on_by_default_at_500_per_10_seconds() -> None:
    assert (PortalConfig().rate_limit, PortalConfig().rate_limit_window_s) == (500, 10.0)


def test_requests_over_the_rate_limit_get_the_503_envelope_with_retry_after() -> None:
    client = TestClient(create_app(PortalConfig(invoices=5, rate_limit=3, rate_limit_window_s=60)), headers=TOKEN)

    statuses = [client.get(FILTER_PATH).status_code for _ in range(3)]
    refused = client.get(FILTER_PATH)

    assert statuses == [200, 200, 200]
    assert refused.status_code == 503
    assert refused.json()["statusCode"] == 503
    assert 1 <= int(refused.headers["retry-after"]) <= 60


def test_the_window_slides_and_clients_are_counted_apart() -> None:
    now = [0.0]
    limiter = RateLimit(app=None, limit=2, window_s=10, clock=lambda: now[0])  # type: ignore[arg-type]

    assert limiter._retry_after("a") is None
    assert limiter._retry_after("a") is None
    assert limiter._retry_after("a") == 10
    assert limiter._retry_after("b") is None
    now[0] = 10.5
    assert limiter._retry_after("a") is None


def test_a_rate_limit_of_zero_is_off() -> None:
    client = TestClient(create_app(PortalConfig(invoices=5, rate_limit=0)), headers=TOKEN)
    assert {client.get(FILTER_PATH).status_code for _ in range(30)} == {200}


def statuses(config: PortalConfig, requests: int) -> list[int]:
    client = TestClient(create_app(config), headers=TOKEN)
    return [client.get(FILTER_PATH).status_code for _ in range(requests)]


def test_error_share_answers_503_envelopes_and_502_pages_repeatably_under_the_seed() -> None:
    config = PortalConfig(invoices=5, rate_limit=0, error_share=0.5, seed=3)
    first = statuses(config, 60)

    assert first == statuses(config, 60)
    assert first != statuses(PortalConfig(invoices=5, rate_limit=0, error_share=0.5, seed=4), 60)
    assert {200, 502, 503} <= set(first)
    assert 10 < first.count(200) < 50


def test_a_502_is_the_proxys_html_page_and_a_503_the_envelope() -> None:
    client = TestClient(create_app(PortalConfig(invoices=5, rate_limit=0, error_share=1.0)), headers=TOKEN)
    answers = {response.status_code: response for response in (client.get(FILTER_PATH) for _ in range(20))}

    assert answers[502].headers["content-type"].startswith("text/html")
    assert b"502 Bad Gateway" in answers[502].content
    assert answers[503].json()["statusCode"] == 503
    assert "retry-after" in answers[503].headers


def test_latency_is_added_to_every_answer() -> None:
    client = TestClient(create_app(PortalConfig(invoices=5, rate_limit=0, latency_ms=150)), headers=TOKEN)
    started = time.monotonic()
    client.get(FILTER_PATH)
    assert time.monotonic() - started >= 0.15


def test_dropped_connections_cut_the_answer_short() -> None:
    config = PortalConfig(invoices=30, rate_limit=0, drop_share=1.0)
    with running_portal(config) as url, pytest.raises(httpx.RemoteProtocolError):
        httpx.get(url + FILTER_PATH, headers=TOKEN, timeout=5)


def test_help_documents_every_fault_flag() -> None:
    done = subprocess.run([sys.executable, "-m", "onlyoffice_mock_portal", "--help"], capture_output=True,
                          text=True, timeout=30, check=True)  # fmt: skip
    for flag in ("--rate-limit", "--rate-limit-window", "--error-share", "--latency-ms", "--drop-share", "--seed",
                 "--max-url-bytes", "--max-body-bytes", "--header-timeout", "--body-timeout", "--max-connections",
                 "--two-factor"):  # fmt: skip
        assert flag in done.stdout


@pytest.mark.parametrize("arguments", [["--error-share", "2"], ["--latency-ms", "-1"], ["--rate-limit", "-5"]])
def test_bad_fault_flags_are_a_one_line_usage_error(arguments: list[str]) -> None:
    done = subprocess.run([sys.executable, "-m", "onlyoffice_mock_portal", *arguments], capture_output=True,
                          text=True, timeout=30, check=False)  # fmt: skip

    assert done.returncode == 2
    assert done.stderr.strip().splitlines()[-1].startswith("onlyoffice-mock-portal: error:")
