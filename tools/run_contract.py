"""``make contract``: run the contract suite over HTTP against the mock portal, or a live portal.

Without ``BASE_URL`` it starts the mock portal as a process on a free loopback port and stops it afterwards
(also on failure or Ctrl-C). With ``BASE_URL`` (and ``TOKEN``, or ``USER_NAME`` and ``PASSWORD``) it runs
against that portal, sending only GET requests to the invoice filter (plus one login), rate-limited.
Writes a JUnit report, prints one line per failure with a reproducing command, exits 1 on any failure.
The token is masked in everything printed and in the report.
"""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "reports" / "contract-junit.xml"
TARGET_TESTS = ["test_schema_conformance.py", "test_behaviour.py", "test_client_contract.py"]
STARTUP_TIMEOUT_S = 60
MASK = "***"


class UsageError(Exception):
    """Bad input: reported in one line, exit 2."""


def start_mock_portal(token: str) -> tuple[subprocess.Popen[str], str]:
    """Start the mock portal on a free port; return the process and its base URL once it listens."""
    command = [sys.executable, "-m", "onlyoffice_mock_portal", "--port", "0", "--token", token]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert process.stdout is not None
    line = process.stdout.readline()  # the portal prints its URL once listening
    match = re.match(r"Mock portal listening on (http://\S+)", line)
    if match is None:
        process.kill()
        error = process.stderr.read().strip().splitlines() if process.stderr else []
        raise UsageError(f"the mock portal did not start: {error[-1] if error else line.strip()}")
    return process, match.group(1)


def stop(process: subprocess.Popen[str]) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def suite_environment(base_url: str, token: str) -> dict[str, str]:
    env = {**os.environ, "CONTRACT_BASE_URL": base_url, "CONTRACT_TOKEN": token}
    if not token:
        env["CONTRACT_USER_NAME"] = os.environ.get("USER_NAME", "")
        env["CONTRACT_PASSWORD"] = os.environ.get("PASSWORD", "")
    return env


def masked(text: str, secrets_: list[str]) -> str:
    for secret in secrets_:
        if secret:
            text = text.replace(secret, MASK)
    return text


def run_suite(env: dict[str, str], secrets_: list[str]) -> int:
    """Run pytest on the target-facing tests; print its output with secrets masked; return its exit code."""
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    tests = [f"contract_tests/{name}" for name in TARGET_TESTS]
    options = ["-p", "no:cacheprovider", "-q", "--tb=line", f"--junitxml={REPORT}", "-o", "junit_logging=no"]
    command = [sys.executable, "-m", "pytest", *tests, *options]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    assert process.stdout is not None
    for line in process.stdout:
        print(masked(line, secrets_), end="")
    code = process.wait()
    if REPORT.exists():
        REPORT.write_text(masked(REPORT.read_text(encoding="utf-8"), secrets_), encoding="utf-8")
    return code


def failure_summaries(report: Path) -> list[str]:
    """One line per failed test of a JUnit report: the test, the first line of the failure, a curl command."""
    lines = []
    for case in ET.parse(report).getroot().iter("testcase"):
        problem = case.find("failure")
        if problem is None:
            problem = case.find("error")
        if problem is None:
            continue
        text = f"{problem.get('message', '')}\n{problem.text or ''}"
        first = next((line.strip() for line in text.splitlines() if line.strip()), "failed")
        curl = re.search(r"curl [^\n]*", text)
        reproduce = f" | reproduce: {curl.group(0).strip()}" if curl and "curl " not in first else ""
        lines.append(f"FAIL {case.get('name')}: {first[:200]}{reproduce}")
    return lines


def main() -> int:
    base_url = os.environ.get("BASE_URL", "").strip()
    token = os.environ.get("TOKEN", "").strip()
    server: subprocess.Popen[str] | None = None
    try:
        if base_url:
            if not re.match(r"https?://[^/\s]+", base_url):
                raise UsageError(f"BASE_URL must look like https://portal.example.com, not {base_url!r}")
            if not token and not (os.environ.get("USER_NAME") and os.environ.get("PASSWORD")):
                raise UsageError("a live portal needs TOKEN=..., or USER_NAME=... and PASSWORD=...")
            print(f"contract: live portal {base_url} (GET requests only, rate-limited)")
        else:
            token = secrets.token_hex(16)
            server, base_url = start_mock_portal(token)
            print(f"contract: mock portal started at {base_url}")
        env = suite_environment(base_url, token)
        if server is not None:
            env["CONTRACT_RATE_LIMIT"] = "0"  # our own local process: no need to spare it
        code = run_suite(env, [token, os.environ.get("PASSWORD", "")])
    except UsageError as error:
        print(f"contract: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("contract: interrupted", file=sys.stderr)
        return 130
    finally:
        if server is not None:
            stop(server)
    summaries = failure_summaries(REPORT) if REPORT.exists() else []
    for line in summaries:
        print(line)
    print(f"contract: JUnit report at {REPORT.relative_to(ROOT)}")
    if code == 0:
        print("contract: the target agrees with the spec and the generated client")
    return 0 if code == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
