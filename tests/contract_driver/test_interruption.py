"""Real signals to real runs, early, inside a test (schemathesis' engine, which catches the interrupt itself) and
late: the exit code says which signal (129, 130, 143), the output and every report say "interrupted: no verdict"
and never that the contract holds, and the mock portal the run started stops with it, not under it."""

from __future__ import annotations

import os
import re
import select
import signal
import socket
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from onlyoffice_crm_contract.runner.cli import ReportFiles, conclude
from onlyoffice_crm_contract.runner.interruption import Interruption
from onlyoffice_crm_contract.runner.verdict import RunResult
from onlyoffice_mock_portal.process import mock_portal_process

from .local_servers import counting_proxy

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "interruption-test-token"


def start_runner(reports: Path, *flags: str, **env: str) -> subprocess.Popen[str]:
    """The checker in a session of its own (as a terminal's foreground job is), unbuffered, one case per check."""
    environment = {**os.environ, "CONTRACT_REPORTS": str(reports), "CONTRACT_MAX_EXAMPLES": "1",
                   "PYTHONUNBUFFERED": "1", **env}  # fmt: skip
    return subprocess.Popen(
        [sys.executable, "-m", "onlyoffice_crm_contract.runner", *flags], cwd=ROOT, env=environment,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )  # fmt: skip


def assert_no_verdict(code: int, expected: int, out: str, reports: Path) -> None:
    """Exit ``expected``; "interrupted: no verdict" in the output, both summaries and the JUnit verdict case."""
    summaries = [(reports / name).read_text("utf-8") for name in ("contract-summary.txt", "contract-summary.md")]
    assert code == expected, out[-3000:]
    for text in (out, *summaries):
        assert "interrupted: no verdict" in text
        assert "the contract holds" not in text
    verdict = ET.parse(reports / "contract-junit.xml").find(".//testcase[@name='verdict']/error")
    assert verdict is not None
    assert "interrupted: no verdict" in verdict.get("message", "")


def signal_at_request(tmp_path: Path, number: int, sent: signal.Signals, *flags: str) -> tuple[int, str, str]:
    """A run against a mock portal behind a proxy that sends ``sent`` to the run when request ``number`` arrives
    (before answering it: the run is waiting in the middle of that request); its exit code, stdout and stderr."""
    runner: list[subprocess.Popen[str]] = []
    arrived = [0]

    def signal_the_run(target: str, status: int) -> int:
        arrived[0] += 1
        if arrived[0] == number:
            runner[0].send_signal(sent)
            time.sleep(0.3)  # the signal lands while the request is still open
        return status

    with (
        mock_portal_process("--token", TOKEN, "--invoices", "30", "--rate-limit", "0") as upstream,
        counting_proxy(upstream.url, signal_the_run) as (url, _),
    ):
        runner.append(start_runner(tmp_path, *flags, ONLYOFFICE_URL=url, ONLYOFFICE_TOKEN=TOKEN))
        out, err = runner[0].communicate(timeout=120)
    assert arrived[0] >= number, f"only {arrived[0]} requests arrived: {out[-2000:]}{err[-2000:]}"
    return runner[0].returncode, out, err


@pytest.mark.timeout(120)
def test_a_sighup_during_the_preflight_is_129_with_every_report_and_no_verdict(tmp_path: Path) -> None:
    code, out, _ = signal_at_request(tmp_path, 1, signal.SIGHUP)

    assert_no_verdict(code, 129, out, tmp_path)
    assert "stopped by SIGHUP during preflight" in out


@pytest.mark.timeout(120)
def test_a_sigterm_inside_schemathesis_engine_is_143_although_the_engine_catches_it(tmp_path: Path) -> None:
    code, out, _ = signal_at_request(tmp_path, 8, signal.SIGTERM, "-k", "test_the_invoice_filter_conforms")

    assert_no_verdict(code, 143, out, tmp_path)
    assert "stopped by SIGTERM during test_schema_conformance.py::test_the_invoice_filter_conforms" in out
    assert "FAIL" not in out  # the test the signal stopped is not reported as failed


@pytest.mark.timeout(120)
def test_a_sigint_at_the_last_request_of_a_run_is_130(tmp_path: Path) -> None:
    # -k picks the run's four known-defect requests: after the preflight, the fifth request is the run's last.
    code, out, _ = signal_at_request(tmp_path, 5, signal.SIGINT, "-k", "known_server_defect")

    assert_no_verdict(code, 130, out, tmp_path)
    assert "stopped by SIGINT during test_known_defects.py::" in out


def read_until(stream: object, pattern: str, within_s: float) -> str:
    """What the unbuffered ``stream`` (a pipe) printed up to ``pattern``."""
    assert hasattr(stream, "fileno")
    seen, deadline = "", time.monotonic() + within_s
    while not re.search(pattern, seen):
        assert time.monotonic() < deadline, seen
        ready, _, _ = select.select([stream], [], [], 1.0)
        if ready:
            chunk = os.read(stream.fileno(), 4096).decode()
            assert chunk, f"the run ended before {pattern!r}: {seen}"
            seen += chunk
    return seen


def listening(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


@pytest.mark.timeout(120)
def test_ctrl_c_to_the_whole_job_in_the_middle_of_a_test_is_130_and_the_mock_stops_with_the_run(
    tmp_path: Path,
) -> None:
    """What a terminal does on Ctrl-C: SIGINT to the job's process group, here once the first test passed."""
    runner = start_runner(tmp_path)
    assert runner.stdout is not None
    seen = read_until(runner.stdout, r"answered 200\n\.", 90)  # the preflight line, then pytest's first dot
    port = int(re.search(r"127\.0\.0\.1:(\d+)", seen)[1])  # type: ignore[index]
    os.killpg(runner.pid, signal.SIGINT)
    out, _ = runner.communicate(timeout=60)

    assert_no_verdict(runner.returncode, 130, seen + out, tmp_path)
    assert "FAIL" not in out  # the mock portal did not stop under the run
    assert not listening(port)


def test_a_signal_after_the_suite_passed_and_before_the_verdict_still_means_no_verdict(tmp_path: Path) -> None:
    stop = Interruption()
    stop.install()
    try:
        with stop.disarmed():  # as while the runner writes its reports: remembered, raises nothing
            os.kill(os.getpid(), signal.SIGTERM)
            verdict, lines = conclude(ReportFiles(tmp_path), RunResult(pytest_code=0), stop)
    finally:
        stop.restore()

    assert int(verdict.code) == 143
    assert lines[-1].startswith("contract: interrupted: no verdict (stopped by SIGTERM")
    assert "interrupted: no verdict" in (tmp_path / "contract-summary.md").read_text("utf-8")
