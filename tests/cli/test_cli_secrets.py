"""No output of the command shows the token or the password, whatever the portal answers; a token that cannot be
a header value is refused before any request; a portal's broken answers are exit 1, never 2 (wrong usage)."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from onlyoffice_crm_cli._selection import InvoiceQuery

from .broken_portal import broken_portal
from .conftest import MockPortal, invoke

TOKEN = "s3cr3t-T0KEN-4f9a2c"
PASSWORD = "pa55-W0RD-91be77"
MALFORMED = ["tok\nen-1f2e3d", "tok en-1f2e3d", "tök-1f2e3d", "token-1f2e3d\r\nX-Evil: 1"]


def written_files(folder: Path) -> list[Path]:
    """Every file under ``folder`` but the token store's (``config/``)."""
    return [path for path in folder.rglob("*") if path.is_file() and "config" not in path.relative_to(folder).parts]


def file_text(path: Path) -> str:
    """The text of a written file; of an xlsx workbook (a zip), the text of every part."""
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as workbook:
            return "".join(workbook.read(name).decode("utf-8", "replace") for name in workbook.namelist())
    return path.read_bytes().decode("utf-8", "replace")


def assert_nothing_shows(result: Result, folder: Path, *secrets: str) -> None:
    """Neither stdout, stderr nor a written file has a secret: whole, as ``repr`` quotes it, or a long part of it."""
    texts = [result.stdout, result.stderr, *(file_text(path) for path in written_files(folder))]
    for secret in secrets:
        forms = {secret, repr(secret)[1:-1], *(part for part in secret.split() if len(part) >= 8)}
        for text in texts:
            for form in forms:
                assert form not in text, (form, text)


def commands(folder: Path) -> list[tuple[str, ...]]:
    return [
        ("invoices", "list", "--limit", "3"),
        ("invoices", "export", "--columns", "number,amount", "-o", str(folder / "out.csv")),
        ("invoices", "export", "-f", "xlsx", "-o", str(folder / "out.xlsx")),
        ("invoices", "totals", "--by", "status", "--format", "csv"),
    ]


@pytest.mark.timeout(60)
@pytest.mark.parametrize("mode", ["echo-400", "echo-500", "echo-200"])
def test_a_portal_that_echoes_the_token_never_gets_it_printed(tmp_path: Path, mode: str) -> None:
    with broken_portal(mode) as (url, behaviour):
        env = {"ONLYOFFICE_URL": url, "ONLYOFFICE_TOKEN": TOKEN}
        for command in commands(tmp_path):
            result = invoke(*command, env=env)
            assert result.exit_code == 1, result.output
            assert result.stderr.startswith("Error: ")
            assert result.stderr.count("\n") == 1
            assert_nothing_shows(result, tmp_path, TOKEN)
        assert behaviour.requests  # the portal was asked: the token travelled and came back
    assert written_files(tmp_path) == []


@pytest.mark.timeout(60)
def test_a_login_the_portal_answers_with_the_password_never_shows_it(tmp_path: Path) -> None:
    with broken_portal("login-echo-500") as (url, _behaviour):
        result = invoke("login", url, "--user-name", "someone@example.com", input=f"{PASSWORD}\n")
        assert result.exit_code == 3, result.output
        assert_nothing_shows(result, tmp_path, PASSWORD)
        env = {"ONLYOFFICE_URL": url, "ONLYOFFICE_USER_NAME": "someone@example.com", "ONLYOFFICE_PASSWORD": PASSWORD}
        result = invoke("invoices", "list", env=env)
        assert result.exit_code == 3, result.output
        assert_nothing_shows(result, tmp_path, PASSWORD)


@pytest.mark.timeout(60)
def test_the_mock_portal_with_right_and_wrong_credentials(mock_portal: MockPortal, tmp_path: Path) -> None:
    config = mock_portal.config
    for token, code in ((config.token, 0), (TOKEN, 3)):
        for command in commands(tmp_path):
            result = invoke(*command, env={"ONLYOFFICE_URL": mock_portal.url, "ONLYOFFICE_TOKEN": token})
            assert result.exit_code == code, result.output
            assert_nothing_shows(result, tmp_path, token)
    login = invoke("login", mock_portal.url, "--user-name", config.user_name, input=f"{PASSWORD}\n")
    assert login.exit_code == 3
    assert_nothing_shows(login, tmp_path, PASSWORD)
    login = invoke("login", mock_portal.url, "--user-name", config.user_name, input=f"{config.password}\n")
    assert login.exit_code == 0
    assert_nothing_shows(login, tmp_path, config.password, config.token)


@pytest.mark.timeout(30)
@pytest.mark.parametrize("token", MALFORMED)
def test_a_token_that_cannot_be_a_header_is_refused_before_any_request(tmp_path: Path, token: str) -> None:
    with broken_portal("echo-400") as (url, behaviour):
        for command in commands(tmp_path):
            result = invoke(*command, env={"ONLYOFFICE_URL": url, "ONLYOFFICE_TOKEN": token})
            assert result.exit_code == 3, result.output
            assert result.stderr.startswith("Error: ONLYOFFICE_TOKEN has a space, a line break")
            assert result.stderr.count("\n") == 1
            assert_nothing_shows(result, tmp_path, token)
        assert behaviour.requests == []  # refused before any request: no retries either


@pytest.mark.timeout(30)
@pytest.mark.parametrize("token", MALFORMED[:2])
def test_a_malformed_saved_token_is_refused_before_any_request(
    tmp_path: Path, isolated_config: Path, token: str
) -> None:
    from onlyoffice_crm_cli._token_store import StoreKind, remember_login

    with broken_portal("echo-400") as (url, behaviour):
        remember_login(url, token, StoreKind.FILE)
        result = invoke("invoices", "list")
        assert result.exit_code == 3, result.output
        assert result.stderr == (
            f"Error: The token saved for {url} has a space, a line break, a control character or non-ASCII text, "
            f"which no token has: run `onlyoffice-crm login {url}`.\n"
        )
        assert_nothing_shows(result, tmp_path, token)
        assert behaviour.requests == []


@pytest.mark.timeout(30)
def test_a_login_answered_with_a_malformed_token_saves_nothing(tmp_path: Path, isolated_config: Path) -> None:
    with broken_portal("login-malformed-token") as (url, _behaviour):
        result = invoke("login", url, "--user-name", "someone@example.com", "--password-stdin", input=PASSWORD)
    assert result.exit_code == 1, result.output
    assert result.stderr.count("\n") == 1
    assert_nothing_shows(result, tmp_path, PASSWORD, "line\nbreak-token")
    assert not (isolated_config / "tokens.json").exists()


@pytest.mark.timeout(60)
@pytest.mark.parametrize("mode", ["total-text", "deep-json", "html-200", "echo-200"])
def test_a_broken_answer_is_exit_1_not_2(tmp_path: Path, mode: str) -> None:
    with broken_portal(mode) as (url, _behaviour):
        env = {"ONLYOFFICE_URL": url, "ONLYOFFICE_TOKEN": TOKEN}
        for command in commands(tmp_path):
            result = invoke(*command, env=env)
            assert result.exit_code == 1, result.output
            assert result.stderr.startswith("Error: "), result.stderr
            assert result.stderr.count("\n") == 1
            assert "Traceback" not in result.output
    assert written_files(tmp_path) == []


def test_a_filter_the_library_refuses_is_still_a_usage_error_found_before_any_request() -> None:
    # Positive for the command line, beyond Int32 for the library. Nothing listens on the port: a request would
    # be exit 1 ("Cannot reach"), so exit 2 also shows none was sent.
    env = {"ONLYOFFICE_URL": "http://127.0.0.1:9", "ONLYOFFICE_TOKEN": TOKEN}
    for command in ("list", "export", "totals"):
        result = invoke("invoices", command, "--customer", "3000000000", env=env)
        assert result.exit_code == 2, result.output
        assert result.stderr == "Error: contact: 3000000000 is not an id (1..2147483647)\n"


@pytest.mark.parametrize("fault", [ValueError("cost: 'NaN' is not an amount"), TypeError("total: expected int")])
@pytest.mark.parametrize("command", ["export", "totals"])
def test_a_value_error_from_the_portal_walk_is_exit_1_not_2(
    logged_in: MockPortal, monkeypatch: pytest.MonkeyPatch, fault: Exception, command: str
) -> None:
    """Whatever the library lets through from a portal's answer, once the portal is asked it is not wrong usage."""
    original = InvoiceQuery.invoices

    def broken_after_ten(self: InvoiceQuery, *args: Any, **kwargs: Any) -> Iterator[Any]:
        for index, invoice in enumerate(original(self, *args, **kwargs)):
            if index == 10:
                raise fault
            yield invoice

    monkeypatch.setattr(InvoiceQuery, "invoices", broken_after_ten)
    result = invoke("invoices", command)
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith(f"Error: unexpected {type(fault).__name__}: {fault}")
    assert result.stderr.count("\n") == 1
