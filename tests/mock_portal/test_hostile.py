"""Hostile input gets a documented answer, never a 500 or a traceback (issue 10, item 1)."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator

import httpx
import pytest
from starlette.testclient import TestClient

from onlyoffice_crm_spec import AUTHENTICATION_PATH, FILTER_PATH
from onlyoffice_mock_portal.config import PortalConfig
from onlyoffice_mock_portal.testing import running_portal

CONFIG = PortalConfig(invoices=50, rate_limit=0, max_url_bytes=8192, max_body_bytes=4096)
HUGE = "9" * 5000  # beyond Python's 4300-digit int() limit


@pytest.fixture(scope="module")
def url() -> Iterator[str]:
    with running_portal(CONFIG) as base_url:
        yield base_url


def raw_exchange(url: str, *parts: bytes) -> bytes:
    """Send ``parts`` (a pause between them, so the server sees them apart); read until the server closes."""
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=5) as sock:
        for part in parts:
            sock.sendall(part)
            time.sleep(0.05)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


@pytest.mark.parametrize("name", ["count", "startIndex", "status", "entityid", "sortBy", "filterValue", "currency"])
def test_integers_of_thousands_of_digits_are_never_a_500(portal: TestClient, name: str) -> None:
    response = portal.get(FILTER_PATH, params={name: HUGE})

    assert response.status_code in (200, 400), response.text[:200]
    if response.status_code == 400:
        assert response.json()["error"]["message"] == "Value was either too large or too small for an Int32."


@pytest.mark.parametrize(
    "body",
    [b"[" * 30_000 + b"]" * 30_000, b'{"a":' * 10_000 + b"1" + b"}" * 10_000, b"{", b"\xff\xfe", b"null",
     b'{"userName": ' + HUGE.encode() + b', "password": "x"}'],
    ids=["nested arrays", "nested objects", "truncated", "not utf-8", "null", "huge number"],
)  # fmt: skip
def test_unreadable_login_bodies_are_a_400_envelope(anonymous: TestClient, body: bytes) -> None:
    response = anonymous.post(AUTHENTICATION_PATH, content=body, headers={"Content-Type": "application/json"})

    assert response.status_code == 400
    assert response.json()["error"]["message"] == "The request body could not be read."


@pytest.mark.parametrize("field", ["userName", "password"])
def test_a_lone_surrogate_in_the_login_is_a_failed_login_not_a_crash(anonymous: TestClient, field: str) -> None:
    fields = {"userName": "admin@example.com", "password": "x", field: "\\ud800"}
    content = "{" + ",".join(f'"{key}": "{value}"' for key, value in fields.items()) + "}"

    response = anonymous.post(AUTHENTICATION_PATH, content=content, headers={"Content-Type": "application/json"})

    assert response.status_code == 500
    assert response.json()["error"]["message"] == "User authentication failed"


def test_a_login_body_over_the_limit_is_a_413_envelope(url: str) -> None:
    response = httpx.post(url + AUTHENTICATION_PATH, content=b"x" * (CONFIG.max_body_bytes + 1), timeout=10)

    assert response.status_code == 413
    assert response.json()["statusCode"] == 413


def test_a_streamed_login_body_over_the_limit_is_cut_off(url: str) -> None:
    def chunks() -> Iterator[bytes]:
        for _ in range(100):
            yield b"y" * 1024

    response = httpx.post(url + AUTHENTICATION_PATH, content=chunks(), timeout=10)

    assert response.status_code == 413


def test_any_number_of_filter_words_is_passed_on(url: str) -> None:
    words = " ".join(["a"] * 3000)  # about 6 KB, under the 8 KB limit set here
    response = httpx.get(
        url + FILTER_PATH, params={"filterValue": words}, headers={"Authorization": "mock-portal-token"}
    )

    assert response.status_code == 200


def test_an_over_long_url_is_a_414_from_the_front_end(url: str) -> None:
    words = " ".join(["a"] * 5000)  # 10 KB
    response = httpx.get(
        url + FILTER_PATH, params={"filterValue": words}, headers={"Authorization": "mock-portal-token"}
    )

    assert response.status_code == 414
    assert response.headers["content-type"].startswith("text/html")


def test_a_request_line_beyond_what_h11_buffers_is_a_414_envelope(url: str) -> None:
    target = FILTER_PATH.encode() + b"?filterValue=" + b"a" * (CONFIG.max_url_bytes + 20_000)
    answer = raw_exchange(url, b"GET " + target, b" HTTP/1.1\r\nHost: x\r\n\r\n")

    assert answer.startswith(b"HTTP/1.1 414 ")
    assert b'"statusCode":414' in answer


def test_headers_beyond_what_h11_buffers_are_a_431_envelope(url: str) -> None:
    head = b"GET " + FILTER_PATH.encode() + b" HTTP/1.1\r\nHost: x\r\n" + b"X-Big: " + b"b" * 40_000
    answer = raw_exchange(url, head, b"\r\n\r\n")

    assert answer.startswith(b"HTTP/1.1 431 ")
    assert b'"statusCode":431' in answer


@pytest.mark.parametrize(
    "request_bytes",
    [b"GARBAGE\r\n\r\n", b"GET / HTTP/x.y\r\n\r\n", b"GET " + FILTER_PATH.encode() + b" HTTP/1.1\r\nHost x\r\n\r\n",
     b"GET / HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n", b"\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03"],
    ids=["no version", "bad version", "header without colon", "negative length", "TLS hello"],
)  # fmt: skip
def test_malformed_http_gets_the_portals_400_envelope(url: str, request_bytes: bytes) -> None:
    answer = raw_exchange(url, request_bytes)

    assert answer.startswith(b"HTTP/1.1 400 ")
    assert b"application/json" in answer
    assert answer.endswith(b'"error":{"message":"Bad Request","hresult":-2146233088,"data":{}}}')


@pytest.mark.parametrize("path", [FILTER_PATH + "/", "/api/2.0/authentication/", "//api/2.0/crm/invoice/filter"])
def test_a_trailing_slash_is_a_404_envelope_not_a_redirect(portal: TestClient, path: str) -> None:
    response = portal.get(path, headers={"Host": "evil.example.com"}, follow_redirects=False)

    assert response.status_code == 404
    assert "location" not in response.headers
    assert response.json()["statusCode"] == 404
