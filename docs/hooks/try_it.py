"""The "try it without a portal" session, run for real at each build: the mock portal started as a reader starts
it, then ``onlyoffice-crm`` logging in to it, listing, exporting and totalling, each command shown with what it
printed.

The mock portal runs on a free port, and its address is shown as the default one (``127.0.0.1:8080``), which a
reader's ``onlyoffice-mock-portal`` listens on. The token the login gets is kept in a file of a folder that lives
for the build, shown as a reader's config folder on Linux (theirs may go to the OS keyring instead). The login's
user name and password are the mock portal's defaults, read from :class:`PortalConfig`.
"""

from __future__ import annotations

import os
import queue
import re
import shlex
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from onlyoffice_mock_portal import PortalConfig
from onlyoffice_mock_portal.process import stop

# The width of the pictures (captures.py): the page's column holds it at a width of 1280 px (make docs-check).
WIDTH = 100
COMMAND_TIMEOUT_S = 120
STARTUP_TIMEOUT_S = 60
BANNER_SETTLE_S = 0.5
DEFAULT_ADDRESS = "127.0.0.1:8080"
LISTENING = re.compile(r"Mock portal listening on http://(?P<address>\S+)")
EXPORT_FILE = "paid.csv"
# Where a reader's token file goes on Linux when the OS keyring cannot be used (platformdirs' config folder).
READERS_CONFIG_FOLDER = "~/.config/onlyoffice-crm"


@dataclass(frozen=True)
class Step:
    """One command of the session: what the reader types (``shown``) and what runs (``run``)."""

    says: str
    run: tuple[str, ...]
    stdin: str | None = None
    shown: str | None = None

    def typed(self) -> str:
        """The command line as the page shows it."""
        return self.shown or shlex.join(self.run)


def steps(url: str) -> list[Step]:
    """The session after the mock portal is up at ``url``: log in, list, export, look at the file, total."""
    defaults = PortalConfig()
    login = ("onlyoffice-crm", "login", url, "--user-name", defaults.user_name, "--password-stdin")
    return [
        Step(
            "Log in with the mock portal's user name and password (its defaults; the password comes from standard "
            "input, so that it shows neither in `ps` nor in the shell's history):",
            login,
            stdin=f"{defaults.password}\n",
            shown=f"printf '%s\\n' {shlex.quote(defaults.password)} | {shlex.join(login)}",
        ),
        Step("List five of its invoices:", ("onlyoffice-crm", "invoices", "list", "--limit", "5")),
        Step(
            "Export the paid ones to a spreadsheet, and look at its first lines:",
            ("onlyoffice-crm", "invoices", "export", "--status", "paid", "--output", EXPORT_FILE),
        ),
        Step("", ("head", "-n", "3", EXPORT_FILE)),
        Step(
            "Total the invoices in euros, exactly, per status:",
            ("onlyoffice-crm", "invoices", "totals", "--by", "status", "--currency", "EUR"),
        ),
    ]


def try_it_session() -> str:
    """The session as Markdown: each step's words, then a console block with the command and its output."""
    with tempfile.TemporaryDirectory(prefix="docs-try-it-") as folder:
        work = Path(folder)
        with _mock_portal() as (address, banner):
            url = f"http://{address}"
            blocks = [_block("Start the mock portal in a terminal of its own, and leave it running:",
                             "onlyoffice-mock-portal", banner)]  # fmt: skip
            blocks.append("In another terminal, point the command at it.\n")
            for step in steps(url):
                blocks.append(_block(step.says, step.typed(), _run(step, work)))
        shown = "\n".join(blocks).replace(address, DEFAULT_ADDRESS)
        return shown.replace(str(work / "config"), READERS_CONFIG_FOLDER)


def _block(says: str, typed: str, output: str) -> str:
    lead = f"{says}\n\n" if says else ""
    return f"{lead}```console\n$ {typed}\n{output.rstrip()}\n```\n"


def _environment(work: Path) -> dict[str, str]:
    keep = {name: value for name, value in os.environ.items() if not name.startswith(("ONLYOFFICE", "FORCE_COLOR"))}
    return {
        **keep,
        "ONLYOFFICE_CRM_CONFIG_DIR": str(work / "config"),
        "ONLYOFFICE_CRM_TOKEN_STORE": "file",
        "COLUMNS": str(WIDTH),
        "NO_COLOR": "1",
        "TERM": "dumb",
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
    }


def _run(step: Step, work: Path) -> str:
    """What the step printed, standard error after standard output (it must succeed)."""
    done = subprocess.run(
        step.run, input=step.stdin or "", env=_environment(work), cwd=work,
        capture_output=True, text=True, timeout=COMMAND_TIMEOUT_S, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        raise RuntimeError(f"{step.typed()} exited {done.returncode}: {done.stderr.strip()}")
    return done.stdout + done.stderr


@contextmanager
def _mock_portal() -> Iterator[tuple[str, str]]:
    """``onlyoffice-mock-portal`` with its defaults but a free port; yields its address and what it printed on
    starting; stops it afterwards."""
    with tempfile.TemporaryDirectory(prefix="docs-try-it-portal-") as folder:
        command = [str(Path(sys.executable).with_name("onlyoffice-mock-portal")), "--port", "0"]
        process = subprocess.Popen(
            command, cwd=folder, env=_environment(Path(folder)), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            text=True, start_new_session=True,
        )  # fmt: skip
        try:
            assert process.stdout is not None
            lines: queue.Queue[str] = queue.Queue()
            threading.Thread(target=_drain, args=(process.stdout, lines), daemon=True).start()
            first = lines.get(timeout=STARTUP_TIMEOUT_S)
            listening = LISTENING.match(first)
            if listening is None:
                raise RuntimeError(f"onlyoffice-mock-portal did not start: {first.strip()}")
            banner = [first]
            try:
                while True:
                    banner.append(lines.get(timeout=BANNER_SETTLE_S))
            except queue.Empty:
                pass
            yield listening["address"], "".join(banner)
        finally:
            stop(process)


def _drain(stream: IO[str], lines: queue.Queue[str]) -> None:
    for line in stream:
        lines.put(line)
