"""``login`` and ``logout`` end to end against the mock portal with the file store; credentials from the environment."""

from __future__ import annotations

import json
import socket
import stat
from pathlib import Path

import pytest
import typer

from onlyoffice_crm_cli._token_store import StoreKind, remember_login

from .conftest import MockPortal, invoke


def test_login_asks_for_the_password_without_echo_and_keeps_the_token_in_a_private_file(
    mock_portal: MockPortal, isolated_config: Path
) -> None:
    config = mock_portal.config
    result = invoke("login", mock_portal.url + "/", input=f"{config.user_name}\n{config.password}\n")
    assert result.exit_code == 0, result.output
    tokens = isolated_config / "tokens.json"
    assert f"Logged in to {mock_portal.url} as {config.user_name}." in result.stdout
    assert str(tokens) in result.stdout  # says where
    assert config.password not in result.output
    assert json.loads(tokens.read_text()) == {mock_portal.url: config.token}
    assert stat.S_IMODE(tokens.stat().st_mode) == 0o600


def test_commands_use_the_saved_login(logged_in: MockPortal) -> None:
    result = invoke("invoices", "list", "--limit", "3")
    assert result.exit_code == 0, result.output
    assert f"3 of {len(logged_in.wire_invoices):,} invoices" in result.stdout


def test_a_wrong_password_is_exit_3_with_one_line(mock_portal: MockPortal, isolated_config: Path) -> None:
    result = invoke("login", mock_portal.url, input=f"{mock_portal.config.user_name}\nnot-the-password\n")
    assert result.exit_code == 3
    assert result.stderr == f"Error: {mock_portal.url} rejected the user name or password: check them and try again.\n"
    assert not (isolated_config / "tokens.json").exists()


def test_an_unreachable_portal_is_exit_1(isolated_config: Path) -> None:
    with socket.socket() as sock:  # a free port nobody listens on
        sock.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    result = invoke("login", url, "--user-name", "someone", "--password-stdin", input="secret")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: Cannot reach {url}: check the address and your network")
    assert result.stderr.count("\n") == 1


def test_an_address_that_is_not_one_is_a_usage_error() -> None:
    result = invoke("login", "ftp://portal.example.com", "--user-name", "someone", "--password", "secret")
    assert result.exit_code == 2
    assert "is not a portal address" in result.stderr


def test_logout_forgets_the_token_and_later_commands_say_how_to_log_in(
    logged_in: MockPortal, isolated_config: Path
) -> None:
    result = invoke("logout")
    assert result.exit_code == 0, result.output
    assert f"Logged out of {logged_in.url}" in result.stdout
    assert not (isolated_config / "tokens.json").exists()
    result = invoke("invoices", "list")
    assert result.exit_code == 3
    assert result.stderr.startswith("Error: Not logged in: run `onlyoffice-crm login ")
    assert invoke("logout").stdout == "Not logged in: nothing to forget.\n"


def test_a_revoked_saved_token_says_to_log_in_again(mock_portal: MockPortal) -> None:
    remember_login(mock_portal.url, "revoked-token", StoreKind.FILE)
    result = invoke("invoices", "list")
    assert result.exit_code == 3
    assert result.stderr == (
        f"Error: {mock_portal.url} rejected the saved token (expired?): run `onlyoffice-crm login {mock_portal.url}`.\n"
    )


def test_environment_variables_override_the_saved_login(mock_portal: MockPortal) -> None:
    remember_login(mock_portal.url, "revoked-token", StoreKind.FILE)
    with_token = {"ONLYOFFICE_URL": mock_portal.url, "ONLYOFFICE_TOKEN": mock_portal.config.token}
    assert invoke("invoices", "list", "--limit", "1", env=with_token).exit_code == 0
    with_password = {
        "ONLYOFFICE_URL": mock_portal.url,
        "ONLYOFFICE_USER_NAME": mock_portal.config.user_name,
        "ONLYOFFICE_PASSWORD": mock_portal.config.password,
    }
    assert invoke("invoices", "list", "--limit", "1", env=with_password).exit_code == 0
    wrong = invoke("invoices", "list", env={**with_token, "ONLYOFFICE_TOKEN": "wrong"})
    assert wrong.exit_code == 3
    assert (
        wrong.stderr
        == f"Error: {mock_portal.url} rejected the token in ONLYOFFICE_TOKEN: set a valid one or unset it.\n"
    )
    other = invoke("invoices", "list", env={"ONLYOFFICE_URL": "https://other.example.com"})
    assert other.exit_code == 3
    assert other.stderr.startswith("Error: Not logged in to https://other.example.com: run `onlyoffice-crm login")


def test_no_input_to_read_says_which_option_gives_it(mock_portal: MockPortal) -> None:
    result = invoke("login", mock_portal.url, input="")
    assert result.exit_code == 2
    assert result.stderr == "Error: No input for 'user name (e-mail)': give --user-name or set ONLYOFFICE_USER_NAME.\n"
    result = invoke("login", mock_portal.url, "--user-name", "admin@example.com", input="")
    assert result.exit_code == 2
    assert result.stderr == "Error: No input for 'password': give --password-stdin or set ONLYOFFICE_PASSWORD.\n"


def test_ctrl_c_at_the_password_question_is_exit_130(mock_portal: MockPortal, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(*args: object, **kwargs: object) -> str:
        raise typer.Abort  # what the prompt raises on Ctrl-C

    monkeypatch.setattr(typer, "prompt", interrupted)
    result = invoke("login", mock_portal.url, "--user-name", "admin@example.com")
    assert result.exit_code == 130
    assert result.stderr == "Interrupted.\n"


def test_login_to_a_plain_http_portal_written_without_scheme_says_to_write_http(mock_portal: MockPortal) -> None:
    config = mock_portal.config
    bare = mock_portal.url.removeprefix("http://")
    result = invoke("login", bare, "-u", config.user_name, "--password-stdin", input=config.password)

    assert result.exit_code == 1
    assert f"write {mock_portal.url}" in result.stderr
    assert result.stderr.count("\n") == 1
    again = invoke("login", mock_portal.url, "-u", config.user_name, "--password-stdin", input=config.password)
    assert again.exit_code == 0, again.output
