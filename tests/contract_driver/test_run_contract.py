"""The runner against a live portal (a mock portal process behind a counting proxy): read-only by construction,
within the rate limit, secrets never written, a passing full run on one screen, failures grouped by check, honest
exit codes. The old variable names (BASE_URL, TOKEN) still work as aliases."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from onlyoffice_mock_portal.process import mock_portal_process

from .local_servers import busiest_second, counting_proxy

ROOT = Path(__file__).resolve().parents[2]
FILTER = "/api/2.0/crm/invoice/filter"
LOGIN = "/api/2.0/authentication"
RATE_LIMIT = 100
SCREEN_LINES = 40


def run_runner(reports: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """The checker in a process of its own; two generated cases per check (a partial run) unless ``env`` says."""
    environment = {**os.environ, "CONTRACT_MAX_EXAMPLES": "2", "CONTRACT_REPORTS": str(reports), **env}
    return subprocess.run(
        [sys.executable, "-m", "onlyoffice_crm_contract.runner"], cwd=ROOT, env=environment, capture_output=True,
        text=True, timeout=240, check=False,
    )  # fmt: skip


def har_entries(reports: Path) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = json.loads((reports / "contract-traffic.har").read_text("utf-8"))["log"]["entries"]
    return entries


def header_values(entries: list[dict[str, Any]], name: str) -> set[str]:
    return {
        header["value"]
        for entry in entries
        for part in ("request", "response")
        for header in entry[part]["headers"]
        if header["name"].lower() == name
    }


def test_a_full_live_run_holds_on_one_screen_sends_only_gets_of_the_filter_and_one_login_and_writes_no_secret(
    tmp_path: Path,
) -> None:
    """The library's variables, the default depth (a full run), within the rate limit. Token ``x`` and password
    ``test``: short and common secrets still leave valid reports without them."""
    portal = ("--token", "x", "--user-name", "u@example.com", "--password", "test", "--invoices", "30")
    with mock_portal_process(*portal, "--rate-limit", "0") as upstream, counting_proxy(upstream.url) as (url, seen):
        done = run_runner(
            tmp_path, ONLYOFFICE_URL=url, ONLYOFFICE_USER_NAME="u@example.com", ONLYOFFICE_PASSWORD="test",
            CONTRACT_RATE_LIMIT=str(RATE_LIMIT), CONTRACT_MAX_EXAMPLES="",
        )  # fmt: skip

    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert len(done.stdout.splitlines()) <= SCREEN_LINES, done.stdout
    assert done.stdout.count("WARN known server defect") <= 1  # each known defect once
    assert re.search(r"^contract: checks: \d+ passed, 0 failed, \d+ warned", done.stdout, re.MULTILINE)
    assert re.search(r"^contract: coverage: 13/13 parameters, ", done.stdout, re.MULTILINE)
    coverage = json.loads((tmp_path / "contract-coverage.json").read_text("utf-8"))
    assert coverage["gaps"] == []
    assert coverage["requests"]["parameter"]["sortBy"] > 0
    assert {(item.method, item.path) for item in seen} == {("GET", FILTER), ("GET", f"{FILTER}.json"), ("POST", LOGIN)}
    assert sum(item.method == "POST" for item in seen) == 1
    assert busiest_second(seen) <= RATE_LIMIT
    ET.parse(tmp_path / "contract-junit.xml")  # valid XML
    entries = har_entries(tmp_path)
    assert len(entries) == len(seen)
    assert header_values(entries, "authorization") == {"***"}
    login = next(entry for entry in entries if entry["request"]["method"] == "POST")
    assert "postData" not in login["request"]  # neither the user name nor the password, nor their length
    assert "content-length" not in {header["name"].lower() for header in login["request"]["headers"]}
    assert all("text" not in entry["response"]["content"] for entry in entries)  # a live run: no bodies
    everything = done.stdout + done.stderr + (tmp_path / "contract-junit.xml").read_text("utf-8")
    assert "Authorization: x" not in everything
    assert '"password": "test"' not in json.dumps(entries)
    assert "contract: the contract holds" in done.stdout
    assert f"at most {busiest_second(seen)} in any second" in done.stdout or busiest_second(seen) <= RATE_LIMIT


def test_a_failing_live_run_exits_1_with_failures_grouped_by_check_and_a_reproduce_command(tmp_path: Path) -> None:
    secret = "s3cret-token-that-must-not-leak"

    def server_error_on_text_search(target: str, status: int) -> int:
        return 500 if "filterValue=" in target else status

    with (
        mock_portal_process("--token", secret, "--invoices", "30", "--rate-limit", "0") as upstream,
        counting_proxy(upstream.url, server_error_on_text_search) as (url, seen),
    ):
        done = run_runner(tmp_path, BASE_URL=url, TOKEN=secret, CONTRACT_RATE_LIMIT="0")

    assert done.returncode == 1, done.stdout[-3000:] + done.stderr[-2000:]  # failures: also in a narrowed run
    assert {item.method for item in seen} == {"GET"}
    grouped = [line for line in done.stdout.splitlines() if line.startswith("FAIL [not_a_server_error]")]
    assert grouped, done.stdout[-3000:]
    assert '  reproduce: curl -H "Authorization: $TOKEN" ' in done.stdout
    written = [tmp_path / name for name in ("contract-junit.xml", "contract-traffic.har", "contract-summary.txt")]
    assert all(
        secret not in text for text in [done.stdout, done.stderr, *(path.read_text("utf-8") for path in written)]
    )
