"""A portal that answers no one, or not this caller, is one line saying what it means and what to do, exit 1.

The server refuses in front of its API (``Studio/Global.asax.cs:247-382``) with an empty body: an unknown, removed
or suspended portal 404, an unpaid one 402, a migrating one 503 without ``Retry-After``, an IP outside the portal's
restrictions 403; a guest gets the API's 403 envelope (``ProductSecurityFilter.cs:76-137``). Against the mock
portal's ``portal_state`` and ``role``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from onlyoffice_crm_cli import ExitCode
from onlyoffice_mock_portal.config import PortalConfig
from onlyoffice_mock_portal.testing import RunningPortal, serve_portal

from .conftest import invoke

NOT_FOUND = (
    "has no portal (404: unknown, removed or suspended): check the address; a suspended portal answers again only "
    "once its owner restores it."
)
LINES: dict[str, tuple[dict[str, Any], str]] = {
    "guest": (
        {"role": "guest"},
        "gives this account no access to the CRM (403; a guest never has it): log in as a user with CRM access, or "
        "ask the portal's administrator to give this one the CRM module.",
    ),
    "blocked": (
        {"portal_state": "blocked"},
        "refuses requests from this machine's IP address (403, the portal's IP restrictions): ask its administrator "
        "to allow this address, or run from an allowed one.",
    ),
    "unpaid": (
        {"portal_state": "unpaid"},
        "refuses every request because the portal is not paid for (402): its owner must renew the subscription.",
    ),
    "unknown": ({"portal_state": "unknown"}, NOT_FOUND),
    "suspended": ({"portal_state": "suspended"}, NOT_FOUND),
    "migrating": (
        {"portal_state": "migrating"},
        "is unavailable while the portal is migrated, moved or restored from a backup (503): try again later, it "
        "can take hours.",
    ),
}
COMMANDS = {
    "list": ("invoices", "list"),
    "export": ("invoices", "export", "-f", "jsonl"),
    "totals": ("invoices", "totals"),
}


@pytest.fixture(params=list(LINES))
def refusing(request: pytest.FixtureRequest) -> Iterator[tuple[RunningPortal, str]]:
    """A mock portal in one refusing state or role, and the line the command must print for it."""
    settings, line = LINES[request.param]
    with serve_portal(PortalConfig(invoices=5, rate_limit=0, **settings)) as running:
        yield running, line


@pytest.mark.parametrize("command", list(COMMANDS))
def test_each_refusal_is_one_line_with_what_to_do(refusing: tuple[RunningPortal, str], command: str) -> None:
    running, line = refusing
    env = {"ONLYOFFICE_URL": running.url, "ONLYOFFICE_TOKEN": PortalConfig().token}
    result = invoke(*COMMANDS[command], env=env)
    assert result.exit_code == ExitCode.FAILED
    assert result.stderr.splitlines() == [f"Error: {running.url} {line}"]
    assert result.stdout == ""


@pytest.mark.parametrize("state", ["unknown", "suspended", "unpaid", "migrating"])
def test_a_login_to_a_portal_that_answers_no_one_is_the_same_line(state: str) -> None:
    settings, line = LINES[state]
    config = PortalConfig(invoices=0, rate_limit=0, **settings)
    with serve_portal(config) as running:
        result = invoke(
            "login", running.url, "-u", config.user_name, "--password-stdin", "--token-store", "file",
            input=config.password,
        )  # fmt: skip
    assert result.exit_code == ExitCode.FAILED
    assert result.stderr.splitlines()[-1] == f"Error: {running.url} {line}"


def test_a_migrating_portal_is_asked_once_not_retried() -> None:
    with serve_portal(PortalConfig(invoices=5, rate_limit=0, portal_state="migrating")) as running:
        result = invoke(
            "invoices", "list", env={"ONLYOFFICE_URL": running.url, "ONLYOFFICE_TOKEN": "mock-portal-token"}
        )
        asked = len(running.control.requests)
    assert result.exit_code == ExitCode.FAILED
    assert asked == 1
