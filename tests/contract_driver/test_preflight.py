"""An unusable target ends the run before any test: one line naming the cause, exit 2, within seconds."""

from __future__ import annotations

import socket
import time

import pytest

from onlyoffice_crm_contract.runner.cli import main
from onlyoffice_crm_contract.runner.options import NEEDS_CREDENTIALS

from .local_servers import answering

ENVELOPE = b'{"status":1,"statusCode":%d,"error":{"message":"no","hresult":-1,"data":null}}'


def run_against(capsys: pytest.CaptureFixture[str], base_url: str, *flags: str) -> tuple[int, str, float]:
    started = time.monotonic()
    code = main(["--base-url", base_url, *flags])
    elapsed = time.monotonic() - started
    captured = capsys.readouterr()
    assert captured.out == ""
    return code, captured.err, elapsed


@pytest.mark.parametrize(
    ("status", "body", "content_type", "cause"),
    [
        (401, b"Unauthorized", "text/html", "refuses the token (401)"),
        (402, ENVELOPE % 402, "application/json", "402 Payment Required"),
        (403, ENVELOPE % 403, "application/json", "no access to the CRM module (403)"),
        (404, b"<html>Not found</html>", "text/html", "no invoice filter at this address (404)"),
        (503, ENVELOPE % 503, "application/json", "unavailable or rate-limiting (503)"),
        (200, b"<html>Sign in</html>", "text/html", "answered 200 but not JSON (text/html)"),
        (200, b'{"hello": "world"}', "application/json", "not an invoice list"),
    ],
    ids=["401", "402", "403", "404", "503", "html", "other json"],
)
def test_an_answer_that_is_not_an_invoice_list_is_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], status: int, body: bytes, content_type: str, cause: str
) -> None:
    with answering(status, body, content_type) as url:  # an admin's token: a 403 envelope is no guest's answer
        code, err, elapsed = run_against(capsys, url, "--token", "some-token", "--role", "admin")

    assert (code, err.count("\n")) == (2, 1), err
    assert cause in err
    assert "some-token" not in err
    assert elapsed < 10


def test_an_unreachable_portal_is_one_line_and_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    code, err, elapsed = run_against(capsys, f"http://127.0.0.1:{port}", "--token", "t")

    assert (code, err.count("\n")) == (2, 1)
    assert "cannot reach" in err
    assert elapsed < 10


def test_a_tls_error_is_named(capsys: pytest.CaptureFixture[str]) -> None:
    with answering(200, b"{}") as url:
        code, err, elapsed = run_against(capsys, url.replace("http://", "https://"), "--token", "t")

    assert (code, err.count("\n")) == (2, 1)
    assert "TLS with" in err
    assert elapsed < 10


@pytest.mark.parametrize(
    ("base_url", "problem"),
    [
        ("http://[::1", "not a valid URL"),
        ("http://h:1 junk", "not a valid URL"),
        ("http://por tal.example.com", "must not contain spaces"),
        ("portal.example.com", "has no scheme: write https://portal.example.com"),
        ("ftp://portal.example.com", "is not a portal address"),
        ("http://portal.example.com:99999", "not a valid URL"),
        ("http://portal.example.com:port", "not a valid URL"),
        ("http://portal.example.com:0", "without port 0"),
        ("https://", "is not a portal address"),
        ("https://user:pw@portal.example.com", "must not carry a user name or password"),
        ("https://user:pw@portal.example.com:99999", "must not carry a user name or password"),
        ("https://portal.example.com/?x=1", "is not a portal address"),
    ],
)
def test_a_malformed_base_url_is_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], base_url: str, problem: str
) -> None:
    code, err, _ = run_against(capsys, base_url, "--token", "t")

    assert (code, err.count("\n")) == (2, 1), err
    assert problem in err
    assert "pw@" not in err


def test_missing_credentials_and_bad_numbers_are_one_line_and_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_against(capsys, "https://portal.example.com")[:2] == (
        2, f"contract: {NEEDS_CREDENTIALS}\n"
    )  # fmt: skip
    code, err, _ = run_against(capsys, "https://portal.example.com", "--token", "t", "--rate-limit", "-1")
    assert (code, err.count("\n")) == (2, 1)
    assert "CONTRACT_RATE_LIMIT" in err
