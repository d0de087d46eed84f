"""The command as a service (issue 28): it ends with exit code 0 on SIGTERM (what ``docker stop``, systemd and CI
send) and on Ctrl-C, as its help says, and its banner says how to log in to it, never with a password of one's
own."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from onlyoffice_crm_spec import FILTER_PATH
from onlyoffice_mock_portal.cli import build_parser, login_line
from onlyoffice_mock_portal.config import PortalConfig

COMMAND = Path(sys.executable).with_name("onlyoffice-mock-portal")
DEFAULTS = PortalConfig()


def started(*arguments: str) -> tuple[subprocess.Popen[str], list[str]]:
    """``onlyoffice-mock-portal`` (the installed command) on a free port, once it serves: the process and its
    banner's two lines."""
    process = subprocess.Popen(
        [str(COMMAND), "--port", "0", "--invoices", "5", *arguments],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    banner = [process.stdout.readline(), process.stdout.readline()]
    return process, banner


@pytest.mark.timeout(60)
@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_the_command_ends_with_exit_code_0_on_sigterm_and_ctrl_c(stop: signal.Signals) -> None:
    process, banner = started("--token", "team-token", "--password", "own-Pa55")
    try:
        url = banner[0].split()[4]
        answer = httpx.get(url + FILTER_PATH, headers={"Authorization": "team-token"}, timeout=10)
        assert answer.status_code == 200
    finally:
        process.send_signal(stop)
        _, errors = process.communicate(timeout=30)

    assert process.returncode == 0
    assert errors == ""
    assert banner[1] == f"Log in as {DEFAULTS.user_name} with the password given by --password.\n"
    assert "own-Pa55" not in "".join(banner)


def test_the_help_says_what_the_exit_codes_are() -> None:
    shown = " ".join(build_parser().format_help().split())
    assert "0 stopped by Ctrl-C or SIGTERM" in shown
    assert "2 bad arguments (also a --data that is no regular file or is over 256 MiB)" in shown


@pytest.mark.parametrize(
    ("config", "line"),
    [
        (DEFAULTS, f"Log in as {DEFAULTS.user_name} with the password {DEFAULTS.password} (the default; --password "
                   "sets another)."),
        (PortalConfig(token="t", user_name="qa@example.com", password="s3cret"),
         "Log in as qa@example.com with the password given by --password."),
        (PortalConfig(password="s3cret"), f"Log in as {DEFAULTS.user_name} with the password given by --password."),
        (PortalConfig(token="t"), f"Log in with the token: no password logs in beside a custom --token "
                                  f"(--password sets one for the user {DEFAULTS.user_name})."),
    ],
    ids=["defaults", "own token and password", "own password", "own token only"],
)  # fmt: skip
def test_the_banner_says_how_to_log_in_and_prints_no_password_of_ones_own(config: PortalConfig, line: str) -> None:
    assert login_line(config) == line
    assert "s3cret" not in login_line(config)
