"""`make contract` reports failures one per line with a command to reproduce, and never shows the token."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from onlyoffice_mock_portal.config import PortalConfig
from onlyoffice_mock_portal.testing import running_portal

ROOT = Path(__file__).resolve().parents[2]
DRIVER = ROOT / "tools" / "run_contract.py"
SECRET = "s3cret-token-that-must-not-leak"


def run_driver(**env: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "CONTRACT_MAX_EXAMPLES": "2", "CONTRACT_RATE_LIMIT": "0", **env}
    return subprocess.run(
        [sys.executable, str(DRIVER)], env=environment, capture_output=True, text=True, timeout=300, check=False
    )


def test_a_failing_live_run_exits_1_with_one_line_per_failure_and_the_token_masked() -> None:
    with running_portal(PortalConfig(token="the-portal-wants-another-token", invoices=30)) as url:
        done = run_driver(BASE_URL=url, TOKEN=SECRET)

    output = done.stdout + done.stderr
    failures = [line for line in done.stdout.splitlines() if line.startswith("FAIL ")]
    assert done.returncode == 1, output
    assert failures
    assert all("curl " in line for line in failures), failures
    assert SECRET not in output
    assert SECRET not in (ROOT / "reports" / "contract-junit.xml").read_text(encoding="utf-8")


def test_bad_input_is_one_line_and_exit_2() -> None:
    done = run_driver(BASE_URL="portal.example.com", TOKEN=SECRET)

    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1
    assert "BASE_URL" in done.stderr
