"""The command against a broken or hostile portal: each probe ends within its bound, with one line and exit 1,
and leaves no file behind (issue 21); a portal that does not answer gets a note on stderr before the timeout. The
servers are raw sockets (tests/hostile_servers.py)."""

from __future__ import annotations

import re
import socket
import threading
from pathlib import Path

import pytest

from onlyoffice_crm_cli import ExitCode
from tests.hostile_servers import (
    Behaviour,
    HostileServer,
    Request,
    answer,
    endless_chunked,
    gzip_bomb,
    nested_json,
    page_body,
    retry_after,
    trickle,
)

from .conftest import invoke

PROBES: dict[str, Behaviour] = {
    "endless body": endless_chunked(),
    "gzip bomb": gzip_bomb(),
    "one byte a second": trickle(interval=1.0),
    "a page longer than asked": answer(page_body(1001)),
    "total as a string": answer(page_body(3, total="3000")),
    "total NaN": answer(page_body(3, total=float("nan"))),
    "JSON nested 100,000 deep": answer(nested_json()),
    "cost NaN": answer(page_body(3, cost=float("nan"))),
    "503 with a non-ASCII Retry-After": retry_after(b"\xff5"),
}


@pytest.mark.timeout(60)
@pytest.mark.parametrize("probe", list(PROBES))
def test_an_export_from_a_hostile_portal_fails_in_one_line_and_writes_nothing(probe: str, tmp_path: Path) -> None:
    target = tmp_path / "invoices.csv"
    with HostileServer(PROBES[probe]) as server:
        env = {"ONLYOFFICE_URL": server.url, "ONLYOFFICE_TOKEN": "probe-token", "ONLYOFFICE_TIMEOUT": "2"}
        result = invoke("invoices", "export", "-o", str(target), env=env)

    assert result.exit_code == ExitCode.FAILED, result.output
    # One error line, after one readable line per retry (for the portal that answers 503).
    *retries, error = result.output.strip().splitlines()
    assert error.startswith("Error: "), result.output
    assert all(re.fullmatch(r"portal busy \(503\), retrying [1-4]/4 in [0-9.]+ s…", line) for line in retries)
    assert "Traceback" not in result.output
    assert "probe-token" not in result.output
    assert list(tmp_path.iterdir()) == []


def never_answers(request: Request, sock: socket.socket, stop: threading.Event) -> None:
    """Read the request, then say nothing until the server stops."""
    stop.wait()


@pytest.mark.timeout(30)
def test_a_stuck_portal_gets_a_note_before_the_timeout() -> None:
    with HostileServer(never_answers) as server:
        url = server.url
        result = invoke("--timeout", "4", "login", url, "-u", "a@example.com", "--password-stdin", input="p")

    first, *rest = result.stderr.splitlines()
    assert first == f"Logging in to {url}… (no answer yet)"
    assert rest == [f"Error: {url} did not answer in time: try again later, or give a larger --timeout."]
    assert result.exit_code == 1
