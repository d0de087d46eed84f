"""``make contract``: run the contract suite over HTTP against the mock portal, or a live portal.

Without ``BASE_URL`` it starts the mock portal CLI as a process on a free loopback port and stops it afterwards
(also on failure, Ctrl-C or SIGTERM). With ``BASE_URL`` (and ``TOKEN``, or ``USER_NAME`` and ``PASSWORD`` for
one login) it runs against that portal, sending only GET requests to the invoice filter, rate-limited.
Writes a JUnit report, prints one line per failure with a reproducing command, exits 1 on any failure and 2
on bad input. The token and password are masked in everything printed and in the report.
"""

from __future__ import annotations

import os
import queue
import re
import secrets
import signal
import subprocess
import sys
import threading
import xml.etree.ElementTree as ET
from pathlib import Path
from types import FrameType
from typing import IO

import httpx

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "reports" / "contract-junit.xml"
TARGET_TESTS = ["test_schema_conformance.py", "test_behaviour.py", "test_client_contract.py"]
FILTER_PATH = "/api/2.0/crm/invoice/filter"
STARTUP_TIMEOUT_S = 60.0
MASK = "***"
_TITLE = re.compile(r"^(?:E\s+)?- (\S.*)$")
_CURL = re.compile(r"curl .*")


class UsageError(Exception):
    """Bad input or an unusable target: reported in one line, exit 2."""


def _drain(stream: IO[str], lines: queue.Queue[str]) -> None:
    for line in stream:
        lines.put(line)


def start_mock_portal(token: str) -> tuple[subprocess.Popen[str], str]:
    """Start the mock portal on a free loopback port; return the process and its base URL once it listens."""
    cli = Path(sys.executable).with_name("onlyoffice-mock-portal")
    command = [str(cli)] if cli.exists() else [sys.executable, "-m", "onlyoffice_mock_portal"]
    command += ["--host", "127.0.0.1", "--port", "0", "--token", token]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    output: queue.Queue[str] = queue.Queue()
    errors: queue.Queue[str] = queue.Queue()
    for stream, lines in ((process.stdout, output), (process.stderr, errors)):
        assert stream is not None
        threading.Thread(target=_drain, args=(stream, lines), daemon=True).start()
    try:
        line = output.get(timeout=STARTUP_TIMEOUT_S)
    except queue.Empty:
        line = ""
    except BaseException:  # Ctrl-C while waiting
        stop(process)
        raise
    match = re.match(r"Mock portal listening on (http://\S+)", line)
    if match is None:
        stop(process)
        said = [errors.get_nowait() for _ in range(errors.qsize())] or [line or "no answer"]
        raise UsageError(f"the mock portal did not start: {said[-1].strip()}")
    return process, match.group(1)


def stop(process: subprocess.Popen[str]) -> None:
    """Terminate ``process`` (kill it when it does not stop within 10 s)."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def log_in(base_url: str, user_name: str, password: str) -> str:
    """One login with the generated client; the token, or a UsageError saying why not."""
    from onlyoffice_crm_client import Client
    from onlyoffice_crm_client.api.authentication import authenticate
    from onlyoffice_crm_client.models import AuthenticationRequest, AuthenticationResponse

    with Client(base_url=base_url, timeout=httpx.Timeout(30)) as anonymous:
        try:
            answer = authenticate.sync_detailed(client=anonymous, body=AuthenticationRequest(user_name, password))
        except httpx.HTTPError as error:
            raise UsageError(f"cannot reach {base_url}: {type(error).__name__}") from None
    parsed = answer.parsed
    if not isinstance(parsed, AuthenticationResponse) or not isinstance(parsed.response.token, str):
        detail = "two-factor authentication is on" if answer.status_code == 201 else f"HTTP {answer.status_code}"
        raise UsageError(f"login to {base_url} as {user_name} failed ({detail})")
    return parsed.response.token


def check_reachable(base_url: str, token: str) -> None:
    """One GET of the filter (one invoice), so that a wrong address fails in one line, not in every test."""
    try:
        httpx.get(f"{base_url}{FILTER_PATH}", params={"count": 1}, headers={"Authorization": token}, timeout=30)
    except httpx.HTTPError as error:
        raise UsageError(f"cannot reach {base_url}: {type(error).__name__}") from None


def live_target(base_url: str) -> tuple[str, str]:
    """The live portal's base URL and token, from the environment (logging in when needed)."""
    base_url = base_url.rstrip("/")
    if not re.fullmatch(r"https?://[^/\s?#]+(/[^\s?#]*)?", base_url):
        raise UsageError(f"BASE_URL must look like https://portal.example.com, not {base_url!r}")
    token = os.environ.get("TOKEN", "").strip()
    user_name, password = os.environ.get("USER_NAME", ""), os.environ.get("PASSWORD", "")
    if not token and not (user_name and password):
        raise UsageError("a live portal needs TOKEN=..., or USER_NAME=... and PASSWORD=...")
    if not token:
        token = log_in(base_url, user_name, password)
    check_reachable(base_url, token)
    return base_url, token


def masked(text: str, secrets_: list[str]) -> str:
    for secret in secrets_:
        if secret:
            text = text.replace(secret, MASK)
    return text


def run_suite(env: dict[str, str], secrets_: list[str]) -> int:
    """Run pytest on the target-facing tests; print its output with secrets masked; return its exit code."""
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.unlink(missing_ok=True)
    tests = [f"contract_tests/{name}" for name in TARGET_TESTS]
    options = ["-p", "no:cacheprovider", "-q", "--tb=short", f"--junitxml={REPORT}", "-o", "junit_logging=no"]
    command = [sys.executable, "-m", "pytest", *tests, *options]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    assert process.stdout is not None
    try:
        for line in process.stdout:
            print(masked(line, secrets_), end="")
        code = process.wait()
    finally:
        stop(process)
        if REPORT.exists():
            REPORT.write_text(masked(REPORT.read_text(encoding="utf-8"), secrets_), encoding="utf-8")
    return code


def failure_summaries(report: Path) -> list[str]:
    """One line per failure in a JUnit report: the test, what failed, a curl command reproducing it."""
    summaries = []
    for case in ET.parse(report).getroot().iter("testcase"):
        problem = case.find("failure")
        problem = case.find("error") if problem is None else problem
        if problem is None:
            continue
        text = f"{problem.get('message', '')}\n{problem.text or ''}"
        first = next((line.strip() for line in text.splitlines() if line.strip()), "failed")
        first = re.sub(r"\s*;?\s*reproduce:.*", "", first)[:160]
        titles: list[str] = []
        emitted = 0
        for line in text.splitlines():
            title, curl = _TITLE.match(line.strip()), _CURL.search(line)
            if title and not curl:
                titles.append(title.group(1).strip())
            elif curl:
                for name in dict.fromkeys(titles or [first]):
                    summaries.append(f"FAIL {case.get('name')}: {name} | reproduce: {curl.group(0).strip()}")
                    emitted += 1
                titles = []
        if not emitted:
            summaries.append(f"FAIL {case.get('name')}: {first} | reproduce: .venv/bin/pytest '{case.get('name')}'")
    return summaries


def _terminate(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def main() -> int:
    signal.signal(signal.SIGTERM, _terminate)
    server: subprocess.Popen[str] | None = None
    secrets_ = [os.environ.get("TOKEN", "").strip(), os.environ.get("PASSWORD", "")]
    try:
        base_url = os.environ.get("BASE_URL", "").strip()
        if base_url:
            base_url, token = live_target(base_url)
            print(f"contract: live portal {base_url} (GET requests to the filter only, rate-limited)")
            env = {**os.environ, "CONTRACT_BASE_URL": base_url, "CONTRACT_TOKEN": token}
        else:
            token = secrets.token_hex(16)
            server, base_url = start_mock_portal(token)
            print(f"contract: mock portal started at {base_url}")
            env = {**os.environ, "CONTRACT_BASE_URL": base_url, "CONTRACT_TOKEN": token, "CONTRACT_RATE_LIMIT": "0"}
        code = run_suite(env, [token, *secrets_])
    except UsageError as error:
        print(f"contract: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("contract: interrupted", file=sys.stderr)
        return 130
    finally:
        if server is not None:
            stop(server)
    for line in failure_summaries(REPORT) if REPORT.exists() else []:
        print(masked(line, [token, *secrets_]))
    print(f"contract: JUnit report at {REPORT.relative_to(ROOT)}")
    if code == 0:
        print("contract: the target agrees with the spec and the generated client")
    elif not REPORT.exists():
        print(f"contract: pytest stopped with exit code {code} before writing a report", file=sys.stderr)
    return 0 if code == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
