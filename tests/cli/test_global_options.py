"""The root's options (``--timeout``, ``--token-store``, ``--version``) after a command too, the later one winning;
an unknown token store refused by every command, and a line when an option has no effect on the command."""

from __future__ import annotations

import inspect
from collections.abc import Iterator
from typing import Any

import pytest
import typer.main
from typer.testing import Result

from onlyoffice_crm_cli import ExitCode
from onlyoffice_crm_cli._access import open_portal
from onlyoffice_crm_cli._commands import invoices as invoice_commands
from onlyoffice_crm_cli._commands.root import ROOT_PANEL, root
from onlyoffice_crm_cli.app import app

from .conftest import MockPortal, invoke, token_env

UNKNOWN_STORE = "Error: Unknown token store 'vault'"


def commands(command: Any = None, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    """Every command (not group) of the app, by its words after ``onlyoffice-crm``."""
    command = command or typer.main.get_command(app)
    subcommands = getattr(command, "commands", None)
    if subcommands is None:
        yield path, command
        return
    for name, sub in sorted(subcommands.items()):
        yield from commands(sub, (*path, name))


COMMANDS = [path for path, _ in commands()]
# The options of the root callback (Typer adds --install-completion and --show-completion beside them).
ROOT_OPTIONS = [p for p in typer.main.get_command(app).params if p.name in inspect.signature(root).parameters]


def login_args(portal: MockPortal, *options: str) -> list[str]:
    return ["login", portal.url, "-u", portal.config.user_name, "--password-stdin", *options]


@pytest.mark.parametrize("path", COMMANDS, ids=" ".join)
def test_every_command_takes_every_root_option_after_its_name(path: tuple[str, ...]) -> None:
    command = dict(commands())[path]
    own = {option: parameter for parameter in command.params for option in parameter.opts}
    for root_option in ROOT_OPTIONS:
        for flag in root_option.opts:
            assert flag in own, f"{' '.join(path)} does not take {flag}"
            assert getattr(own[flag], "rich_help_panel", None) == ROOT_PANEL
            assert own[flag].type.name == root_option.type.name  # the same checks (a float of at least 1)


def test_the_timeout_after_the_command_is_checked_as_before_it(logged_in: MockPortal) -> None:
    before = invoke("--timeout", "0.5", "invoices", "list")
    after = invoke("invoices", "list", "--timeout", "0.5")
    assert before.exit_code == after.exit_code == 2
    assert "--timeout" in after.stderr


def test_a_list_with_the_timeout_after_the_command_works(logged_in: MockPortal) -> None:
    result = invoke("invoices", "list", "--limit", "2", "--timeout", "5")
    assert result.exit_code == 0, result.output
    assert f"2 of {len(logged_in.wire_invoices):,} invoices" in result.stdout


@pytest.mark.parametrize(
    ("arguments", "used"),
    [
        (["invoices", "totals", "--timeout", "7"], 7.0),
        (["--timeout", "7", "invoices", "totals"], 7.0),
        (["--timeout", "7", "invoices", "totals", "--timeout", "9"], 9.0),
        (["invoices", "totals"], 30.0),
    ],
)
def test_the_later_timeout_wins(
    monkeypatch: pytest.MonkeyPatch, mock_portal: MockPortal, arguments: list[str], used: float
) -> None:
    seen: list[float] = []
    opened = open_portal

    def recording(access: Any, timeout: float, *rest: Any) -> Any:
        seen.append(timeout)
        return opened(access, timeout, *rest)

    monkeypatch.setattr(invoice_commands, "open_portal", recording)
    result = invoke(*arguments, "-f", "json", env=token_env(mock_portal))
    assert result.exit_code == 0, result.output
    assert seen == [used]


def test_the_later_token_store_wins_for_login(mock_portal: MockPortal) -> None:
    # The tests' keyring is keyring's "fail" backend: a login told to use it cannot keep the token.
    to_file = invoke(
        "--token-store", "keyring", *login_args(mock_portal, "--token-store", "file"), input=mock_portal.config.password
    )
    to_keyring = invoke(
        "--token-store", "file", *login_args(mock_portal, "--token-store", "keyring"), input=mock_portal.config.password
    )
    assert to_file.exit_code == 0, to_file.output
    assert "The token is kept in the file" in to_file.stdout
    assert to_keyring.exit_code == ExitCode.FAILED
    assert "keyring" in to_keyring.stderr


def test_the_version_after_a_command() -> None:
    result = invoke("invoices", "export", "--version")
    assert result.exit_code == 0
    assert result.stdout.startswith("onlyoffice-crm ")


# ---------------------------------------------------------------- --token-store outside login


@pytest.mark.parametrize("path", COMMANDS, ids=" ".join)
@pytest.mark.parametrize("where", ["before", "after", "environment"])
def test_an_unknown_token_store_is_refused_by_every_command(path: tuple[str, ...], where: str) -> None:
    arguments = [*path, "https://portal.example.com"] if path == ("login",) else list(path)
    if where == "before":
        result = invoke("--token-store", "vault", *arguments)
    elif where == "after":
        result = invoke(*arguments, "--token-store", "vault")
    else:
        result = invoke(*arguments, env={"ONLYOFFICE_CRM_TOKEN_STORE": "vault"})
    assert result.exit_code == ExitCode.USAGE
    assert result.stderr.startswith(UNKNOWN_STORE)
    assert result.stderr.count("\n") == 1
    assert result.stdout == ""


def no_effect(result: Result, option: str) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith(f"Note: {option} has no effect")]


@pytest.mark.parametrize("before", [True, False], ids=["before", "after"])
def test_a_token_store_outside_login_says_it_has_no_effect(logged_in: MockPortal, before: bool) -> None:
    command = ["invoices", "list", "--limit", "1"]
    result = invoke("--token-store", "file", *command) if before else invoke(*command, "--token-store", "file")
    assert result.exit_code == 0, result.output
    assert no_effect(result, "--token-store") == [
        "Note: --token-store has no effect on `onlyoffice-crm invoices list`: only login chooses where a token is "
        "kept; the other commands use the store it recorded."
    ]


def test_no_line_for_the_environment_nor_for_an_option_the_command_uses(mock_portal: MockPortal) -> None:
    from_environment = invoke("invoices", "list", "--limit", "1", env=token_env(mock_portal))
    login = invoke(
        *login_args(mock_portal, "--token-store", "file", "--timeout", "9"), input=mock_portal.config.password
    )
    assert from_environment.exit_code == login.exit_code == 0, (from_environment.output, login.output)
    assert not no_effect(from_environment, "--token-store")
    assert not [line for line in login.stderr.splitlines() if line.startswith("Note:")]


def test_a_timeout_for_logout_says_it_has_no_effect() -> None:
    result = invoke("logout", "--timeout", "5")
    assert result.exit_code == 0, result.output
    assert no_effect(result, "--timeout") == [
        "Note: --timeout has no effect on `onlyoffice-crm logout`: it asks no portal."
    ]
