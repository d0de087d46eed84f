"""Slow or stuck clients cannot starve others (issue 10, item 2), and a slow client is given its time.

Each timeout is tested from both sides: a client that finishes within it is answered (a server that closed a
stalled connection at once would fail that), one that does not is closed. The ceilings are socket timeouts and
pytest-timeout, never measured durations.
"""

from __future__ import annotations

import json
import socket
import time
from contextlib import ExitStack

import httpx
import pytest

from onlyoffice_crm_spec import AUTHENTICATION_PATH, FILTER_PATH
from onlyoffice_mock_portal.config import PortalConfig
from onlyoffice_mock_portal.testing import running_portal

CONFIG = PortalConfig()
HALF_A_REQUEST = b"GET " + FILTER_PATH.encode() + b" HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: mock-"
REST_OF_THE_REQUEST = CONFIG.token.removeprefix("mock-").encode() + b"\r\nConnection: close\r\n\r\n"
LOGIN = json.dumps({"userName": CONFIG.user_name, "password": CONFIG.password}).encode()
LOGIN_HEAD = (f"POST {AUTHENTICATION_PATH} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
              f"Content-Length: {len(LOGIN)}\r\nConnection: close\r\n\r\n").encode()  # fmt: skip
TOKEN = {"Authorization": CONFIG.token}
PAUSE_S = 0.3
"""Long enough for the server to read what was sent before; well within the generous timeouts below."""


def connect(url: str) -> socket.socket:
    """A connection whose reads fail after 5 s of silence: the ceiling of every wait here."""
    host, port = url.removeprefix("http://").split(":")
    return socket.create_connection((host, int(port)), timeout=5)


def read_to_the_end(sock: socket.socket) -> bytes:
    """Everything the server sends until it closes the connection."""
    answer = b""
    while chunk := sock.recv(65536):
        answer += chunk
    return answer


@pytest.mark.timeout(60)
def test_many_half_sent_requests_do_not_keep_a_normal_client_waiting() -> None:
    config = PortalConfig(invoices=20, rate_limit=0, max_connections=40, header_timeout_s=30)
    with running_portal(config) as url, ExitStack() as stack:
        stuck = [stack.enter_context(connect(url)) for _ in range(120)]
        for sock in stuck:
            sock.sendall(HALF_A_REQUEST)

        response = httpx.get(url + FILTER_PATH, headers=TOKEN, timeout=2)  # a client kept waiting times out

        assert response.status_code == 200


@pytest.mark.timeout(30)
def test_a_head_sent_slowly_within_the_timeout_is_answered() -> None:
    with running_portal(PortalConfig(invoices=5, rate_limit=0, header_timeout_s=10)) as url, connect(url) as sock:
        sock.sendall(HALF_A_REQUEST)
        time.sleep(PAUSE_S)
        sock.sendall(REST_OF_THE_REQUEST)

        assert read_to_the_end(sock).startswith(b"HTTP/1.1 200 ")


@pytest.mark.timeout(30)
def test_a_head_not_finished_in_time_gets_408_and_is_closed() -> None:
    with running_portal(PortalConfig(invoices=5, rate_limit=0, header_timeout_s=0.3)) as url, connect(url) as sock:
        sock.sendall(HALF_A_REQUEST)

        answer = read_to_the_end(sock)

        assert answer.startswith(b"HTTP/1.1 408 ")
        assert b'"statusCode":408' in answer


@pytest.mark.timeout(30)
def test_a_body_sent_slowly_within_the_timeout_is_answered() -> None:
    with running_portal(PortalConfig(invoices=5, rate_limit=0, body_timeout_s=10)) as url, connect(url) as sock:
        sock.sendall(LOGIN_HEAD + LOGIN[:1])
        time.sleep(PAUSE_S)
        sock.sendall(LOGIN[1:])

        assert read_to_the_end(sock).startswith(b"HTTP/1.1 201 ")


@pytest.mark.timeout(30)
def test_a_body_not_finished_in_time_is_closed_and_the_server_goes_on() -> None:
    with running_portal(PortalConfig(invoices=5, rate_limit=0, body_timeout_s=0.3)) as url, connect(url) as sock:
        sock.sendall(LOGIN_HEAD + LOGIN[:1])

        assert read_to_the_end(sock) == b""  # closed without an answer (a read timeout would raise)
        assert httpx.get(url + FILTER_PATH, headers=TOKEN, timeout=5).status_code == 200


@pytest.mark.timeout(30)
def test_a_connection_silent_for_less_than_the_timeout_is_served() -> None:
    with running_portal(PortalConfig(invoices=5, rate_limit=0, header_timeout_s=10)) as url, connect(url) as sock:
        time.sleep(PAUSE_S)
        sock.sendall(HALF_A_REQUEST + REST_OF_THE_REQUEST)

        assert read_to_the_end(sock).startswith(b"HTTP/1.1 200 ")


@pytest.mark.timeout(30)
def test_a_silent_connection_is_closed_after_the_head_timeout() -> None:
    with running_portal(PortalConfig(invoices=5, rate_limit=0, header_timeout_s=0.3)) as url, connect(url) as sock:
        answer = read_to_the_end(sock)  # ends when the server closes; a read timeout would raise

        assert answer.startswith(b"HTTP/1.1 408 ")
