"""The token and the password never show (issue 21, point 3).

No public ``repr`` (the portals, the generated client, the errors), no error message and no log record
at DEBUG (httpx and httpcore included) holds them, for a normal token and for a malformed one, which is
refused before any request.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Iterator

import httpx
import pytest

from onlyoffice_crm import AsyncPortal, AuthenticationError, Portal, PortalError, check_token
from onlyoffice_crm._transport import Policy, Sender
from onlyoffice_crm_client import AuthenticatedClient
from tests.hostile_servers import Behaviour, HostileServer, answer, nested_json, retry_after, trickle

TOKEN = "s3cr3t-T0ken.value"
PASSWORD = "pa55-w0rd-secret"
MALFORMED = [
    "half-one\nhalf-two",
    "half-one\r\nX-Injected: half-two",
    "half-one\x00half-two",
    "half-one half-two",
    "half-one\u00e9half-two",
    "half-one\x7fhalf-two",
    "   ",
    "",
]
# Answers that end in each kind of error.
FAILURES: list[tuple[str, Behaviour]] = [
    ("401", answer(b"Unauthorized", status="401 Unauthorized")),
    ("503 Retry-After", retry_after("25")),
    ("nested JSON", answer(nested_json(1000))),
    ("trickle", trickle(interval=0.2, size=1000)),
    ("too large", answer(b" " * 2048)),
]


def leaks(text: str, *secrets: str) -> bool:
    """Whether ``text`` holds a secret, or a part of one around a character that could split it."""
    parts = {part for secret in secrets for part in secret.replace("\r", "\n").replace("\x00", "\n").split("\n")}
    return any(part.strip() and len(part.strip()) >= 6 and part.strip() in text for part in parts | set(secrets))


@pytest.fixture
def debug_logs(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    """Every log record at DEBUG, from every logger (httpx and httpcore propagate to the root)."""
    caplog.set_level(logging.DEBUG)
    for name in ("httpx", "httpcore", "onlyoffice_crm", "stamina"):
        logging.getLogger(name).setLevel(logging.DEBUG)
    yield caplog
    for name in ("httpx", "httpcore", "onlyoffice_crm", "stamina"):
        logging.getLogger(name).setLevel(logging.NOTSET)


def record_texts(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [f"{record.getMessage()} {record.args!r} {record.__dict__!r}" for record in caplog.records]


@pytest.mark.timeout(60)
def test_a_normal_token_shows_nowhere(debug_logs: pytest.LogCaptureFixture) -> None:
    shown: list[str] = []
    for _, behaviour in FAILURES:
        with HostileServer(behaviour) as server:
            portal = Portal(server.url, TOKEN, timeout=1, max_retry_wait=0, max_response_bytes=1024, rate_limit=None)
            with portal, pytest.raises(PortalError) as raised:
                portal.count_invoices()
            shown += [str(raised.value), repr(raised.value), repr(portal), repr(portal.client)]
        assert server.requests[0].headers["authorization"] == TOKEN  # the token was really in play

    assert len(debug_logs.records) > 10
    assert not [text for text in shown + record_texts(debug_logs) if leaks(text, TOKEN)]


@pytest.mark.timeout(60)
def test_a_normal_token_shows_nowhere_async(debug_logs: pytest.LogCaptureFixture) -> None:
    async def main(url: str) -> list[str]:
        async with AsyncPortal(url, TOKEN, timeout=1, max_retry_wait=0, rate_limit=None) as portal:
            try:
                await portal.count_invoices()
            except PortalError as error:
                return [str(error), repr(error), repr(portal), repr(portal.client)]
        raise AssertionError("no error")

    shown: list[str] = []
    for _, behaviour in FAILURES[:3]:
        with HostileServer(behaviour) as server:
            shown += asyncio.run(main(server.url))

    assert not [text for text in shown + record_texts(debug_logs) if leaks(text, TOKEN)]


def test_the_generated_client_masks_the_token_before_and_after_connecting() -> None:
    client = AuthenticatedClient(base_url="https://portal.example.com", token=TOKEN, prefix="")
    before = repr(client)
    http = client.get_httpx_client()
    asynchronous = client.get_async_httpx_client()

    assert http.headers["Authorization"] == TOKEN
    assert asynchronous.headers["Authorization"] == TOKEN
    assert not leaks(before + repr(client) + repr(client.with_headers({"X": "1"})), TOKEN)


def test_a_client_given_credential_headers_masks_them() -> None:
    client = AuthenticatedClient(
        base_url="https://portal.example.com",
        token="t",
        headers={"Authorization": TOKEN, "Cookie": f"asc_auth_key={TOKEN}"},
        cookies={"asc_auth_key": TOKEN},
    )

    assert not leaks(repr(client), TOKEN)


@pytest.mark.timeout(30)
@pytest.mark.parametrize("token", MALFORMED, ids=repr)
def test_a_malformed_token_is_refused_before_any_request_without_showing_it(
    token: str, debug_logs: pytest.LogCaptureFixture
) -> None:
    with HostileServer(answer(b"{}")) as server:
        with pytest.raises(ValueError, match="token: not a valid HTTP header value") as sync_error:
            Portal(server.url, token)
        with pytest.raises(ValueError, match="token: not a valid HTTP header value") as async_error:
            AsyncPortal(server.url, token)

    assert server.requests == []
    texts = [str(sync_error.value), repr(sync_error.value), str(async_error.value), *record_texts(debug_logs)]
    assert not [text for text in texts if leaks(text, token)]


@pytest.mark.parametrize("token", MALFORMED, ids=repr)
def test_check_token_refuses_what_cannot_be_a_header_value(token: str) -> None:
    with pytest.raises(ValueError, match="not a valid HTTP header value") as raised:
        check_token(token)

    assert not leaks(str(raised.value), token)


def test_check_token_keeps_a_token_without_the_surrounding_whitespace() -> None:
    assert check_token(f"  {TOKEN}\n") == TOKEN
    with pytest.raises(TypeError, match="token"):
        check_token(b"bytes")


@pytest.mark.timeout(30)
def test_a_malformed_token_from_the_environment_is_not_shown(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ONLYOFFICE_URL", "http://127.0.0.1:9")
    monkeypatch.setenv("ONLYOFFICE_TOKEN", "half-one\nhalf-two")

    with pytest.raises(ValueError, match="token") as raised:
        Portal.from_env()

    assert not leaks(str(raised.value), "half-one\nhalf-two")


@pytest.mark.timeout(30)
def test_a_failed_login_does_not_show_the_password(
    debug_logs: pytest.LogCaptureFixture,
) -> None:
    error = {"message": "User authentication failed", "hresult": -2146233087}
    failed = json.dumps({"status": 1, "statusCode": 500, "error": error}).encode()
    refused = pytest.raises(AuthenticationError)
    with HostileServer(answer(failed, status="500 Internal Server Error")) as server, refused as raised:
        Portal.login(server.url, "anna@example.com", PASSWORD, timeout=2)

    assert server.requests[0].method == "POST"
    texts = [str(raised.value), repr(raised.value), *record_texts(debug_logs)]
    assert not [text for text in texts if leaks(text, PASSWORD)]


def test_a_request_that_is_not_valid_http_is_not_retried_and_not_quoted() -> None:
    """A header value the caller built with a line break: httpx's message quotes it; ours does not."""
    sent: list[httpx.Request] = []

    def handle(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        raise httpx.LocalProtocolError(f"Illegal header value {TOKEN!r}")

    transport = httpx.MockTransport(handle)
    with httpx.Client(base_url="http://portal", transport=transport) as http, pytest.raises(PortalError) as raised:
        Sender(http, Policy(rate_limit=None)).send({"method": "GET", "url": "/"})

    assert len(sent) == 1
    assert not leaks(str(raised.value) + repr(raised.value), TOKEN)
