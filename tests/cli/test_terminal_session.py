"""The new user's first hour, played in a pseudo-terminal so that Rich draws as it does for a person (issue 20).

``onlyoffice-crm`` (the entry point installed in this environment, with its pinned dependencies, or the one
``ONLYOFFICE_CRM_COMMAND`` names: tests/packaging runs this session with the command as a user installs it)
runs against mock portal processes and raw-socket servers: login, list, overdue, an export by extension, totals
with a chart, a stuck portal, a refused connection, a wrong password and a retry storm. The screen must show no
bare logger line, one readable line per retry, and a sign of life within 5 s of waiting.
"""

from __future__ import annotations

import csv
import os
import re
import socket
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pexpect  # type: ignore[import-untyped]  # pexpect ships no type hints
import pytest

from onlyoffice_mock_portal.config import PortalConfig
from onlyoffice_mock_portal.process import mock_portal_process
from tests.hostile_servers import HostileServer, Request

ROWS, COLUMNS = 40, 100
SIGN_OF_LIFE_S = 5
DEFAULTS = PortalConfig()
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07|\x1b[()][A-Z0-9]")
RETRY_REASON = r"(portal busy \(\d{3}\)|portal unavailable \(\d{3}\)|cannot connect to \S+: [a-z ]+)"
RETRY_LINE = re.compile(RETRY_REASON + r", retrying [1-4]/4 in [0-9.]+ s…")
PROBE_TOKEN = "probe-token-20"
BARE_LOGGER_LINE = re.compile(r"^(stamina\.|onlyoffice_crm|(DEBUG|INFO|WARNING|ERROR)[: ])", re.MULTILINE)
COMMAND_VARIABLE = "ONLYOFFICE_CRM_COMMAND"


def screen_text(raw: str) -> str:
    """What the terminal shows, as lines: escape sequences dropped, each carriage return starting over."""
    lines = []
    for line in ANSI.sub("", raw).replace("\r\n", "\n").split("\n"):
        lines.append(line.rsplit("\r", 1)[-1])
    return "\n".join(lines)


@dataclass
class Run:
    """One command on the pseudo-terminal: what it showed and how it ended."""

    screen: str
    status: int


@dataclass
class Terminal:
    """Runs ``onlyoffice-crm`` in a 40x100 pseudo-terminal with an isolated config folder."""

    command: str
    env: dict[str, str]
    screens: list[str]

    def spawn(self, *args: str, env: dict[str, str] | None = None) -> pexpect.spawn:
        return pexpect.spawn(
            self.command,
            list(args),
            env={**self.env, **(env or {})},
            dimensions=(ROWS, COLUMNS),
            encoding="utf-8",
            timeout=60,
        )

    def finish(self, child: pexpect.spawn, before: str = "") -> Run:
        child.expect(pexpect.EOF)
        child.close()
        screen = screen_text(before + child.before)
        self.screens.append(screen)
        return Run(screen, child.exitstatus if child.exitstatus is not None else 128 + (child.signalstatus or 0))

    def run(self, *args: str, env: dict[str, str] | None = None) -> Run:
        return self.finish(self.spawn(*args, env=env))


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Terminal]:
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(tmp_path),
        "TERM": "xterm-256color",
        "LANG": "C.UTF-8",
        "ONLYOFFICE_CRM_CONFIG_DIR": str(tmp_path / "config"),
        "ONLYOFFICE_CRM_TOKEN_STORE": "file",
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
    }
    command = os.environ.get(COMMAND_VARIABLE) or str(Path(sys.executable).with_name("onlyoffice-crm"))
    shown = Terminal(command, env, [])
    yield shown
    for screen in shown.screens:  # on every screen of the session
        assert "stamina" not in screen
        assert not BARE_LOGGER_LINE.search(screen), screen


def never_answers(request: Request, sock: socket.socket, stop: threading.Event) -> None:
    stop.wait()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def retry_lines(screen: str) -> list[str]:
    return [line.strip() for line in screen.splitlines() if "retrying" in line]


@pytest.mark.timeout(240)
def test_a_new_users_terminal_session_reads_well(terminal: Terminal, tmp_path: Path) -> None:
    with mock_portal_process("--invoices", "2000", "--seed", "20", "--rate-limit", "0") as portal:
        url = portal.url

        # Help and version, as the installed Typer draws them.
        assert re.fullmatch(r"onlyoffice-crm \d+\.\d+\.\d+\s*", terminal.run("--version").screen)
        assert "<bool>" not in terminal.run("invoices", "list", "--help").screen

        # A wrong password, typed at the prompts.
        child = terminal.spawn("login", url)
        child.expect("User name")
        child.sendline(DEFAULTS.user_name)
        child.expect("Password")
        child.sendline("not-the-password")
        wrong = terminal.finish(child)
        assert wrong.status == 3
        assert f"Error: {url} rejected the user name or password: check them and try again." in wrong.screen
        assert "HTTP 500" not in wrong.screen

        # Login.
        child = terminal.spawn("login", url)
        child.expect("User name")
        child.sendline(DEFAULTS.user_name)
        child.expect("Password")
        child.sendline(DEFAULTS.password)
        logged_in = terminal.finish(child)
        assert logged_in.status == 0, logged_in.screen
        assert f"Logged in to {url} as {DEFAULTS.user_name}." in logged_in.screen

        # List: the table and how many match.
        listed = terminal.run("invoices", "list", "--limit", "10")
        assert listed.status == 0, listed.screen
        assert "10 of 2,000 invoices" in listed.screen
        assert "Contact" in listed.screen
        assert re.search(r"#\d+", listed.screen)

        # Overdue: billed invoices only.
        overdue = terminal.run("invoices", "list", "--overdue", "--limit", "20")
        assert overdue.status == 0, overdue.screen
        statuses = {"Draft", "Rejected", "Paid", "Archive"} & set(overdue.screen.split())
        assert statuses == set(), overdue.screen
        assert "Billed" in overdue.screen

        # An export by extension: an xlsx workbook without --format.
        workbook = tmp_path / "invoices-2024.xlsx"
        exported = terminal.run("invoices", "export", "--issued", "2024", "-o", str(workbook))
        assert exported.status == 0, exported.screen
        assert workbook.read_bytes()[:4] == b"PK\x03\x04"
        assert f"invoices to {workbook}." in exported.screen

        # Totals with a chart: it fits the 40 rows.
        charted = terminal.run("invoices", "totals", "--by", "month", "--issued", "2024", "--chart")
        assert charted.status == 0, charted.screen
        drawn = charted.screen.splitlines()
        first = next(index for index, line in enumerate(drawn) if "Months do not fit" in line or "Invoiced" in line)
        chart_lines = [line for line in drawn[first:] if line.strip()]
        assert len(chart_lines) <= ROWS
        assert charted.screen.count("Invoiced per ") == 6  # one chart per currency

    # A stuck portal: a spinner within 5 s, then the timeout.
    with HostileServer(never_answers) as stuck:
        child = terminal.spawn(
            "--timeout", "6", "invoices", "list", env={"ONLYOFFICE_URL": stuck.url, "ONLYOFFICE_TOKEN": PROBE_TOKEN}
        )
        child.expect(re.escape(f"Asking {stuck.url}…"), timeout=SIGN_OF_LIFE_S)
        seen = child.before + child.after
        timed_out = terminal.finish(child, seen)
        assert timed_out.status == 1
        assert f"Error: {stuck.url} did not answer in time" in timed_out.screen

    # A refused connection: one readable line per retry, then one error line.
    closed = f"http://127.0.0.1:{free_port()}"
    refused = terminal.run("invoices", "list", env={"ONLYOFFICE_URL": closed, "ONLYOFFICE_TOKEN": PROBE_TOKEN})
    assert refused.status == 1
    lines = retry_lines(refused.screen)
    assert [line.split(", retrying ")[1].split(" ")[0] for line in lines] == ["1/4", "2/4", "3/4", "4/4"]
    assert all(RETRY_LINE.fullmatch(line) for line in lines), lines
    assert f"Error: Cannot reach {closed}: check the address and your network (connection refused)." in refused.screen

    # A retry storm: 30% of the answers are 503 or a proxy's 502; the export still completes.
    with mock_portal_process("--invoices", "3000", "--seed", "7", "--error-share", "0.3", "--rate-limit", "0") as busy:
        target = tmp_path / "storm.csv"
        storm = terminal.run(
            "invoices",
            "export",
            "-o",
            str(target),
            env={"ONLYOFFICE_URL": busy.url, "ONLYOFFICE_TOKEN": DEFAULTS.token},
        )
    assert storm.status == 0, storm.screen
    lines = retry_lines(storm.screen)
    assert lines
    assert all(RETRY_LINE.fullmatch(line) for line in lines), lines
    with target.open(newline="", encoding="utf-8") as written:
        assert len(list(csv.reader(written))) == 1 + 3000  # the header and every invoice
