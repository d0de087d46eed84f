"""Slow or stuck clients cannot starve others (issue 10, item 2)."""

from __future__ import annotations

import socket
import time
from contextlib import ExitStack

import httpx

from onlyoffice_crm_spec import FILTER_PATH
from onlyoffice_mock_portal.config import PortalConfig
from onlyoffice_mock_portal.testing import running_portal

HALF_A_REQUEST = b"GET " + FILTER_PATH.encode() + b" HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: mock-"
TOKEN = {"Authorization": "mock-portal-token"}


def connect(url: str) -> socket.socket:
    host, port = url.removeprefix("http://").split(":")
    return socket.create_connection((host, int(port)), timeout=5)


def test_many_half_sent_requests_do_not_keep_a_normal_client_waiting() -> None:
    config = PortalConfig(invoices=20, rate_limit=0, max_connections=40, header_timeout_s=30)
    with running_portal(config) as url, ExitStack() as stack:
        stuck = [stack.enter_context(connect(url)) for _ in range(120)]
        for sock in stuck:
            sock.sendall(HALF_A_REQUEST)
        started = time.monotonic()

        response = httpx.get(url + FILTER_PATH, headers=TOKEN, timeout=5)

        assert response.status_code == 200
        assert time.monotonic() - started < 2


def test_a_head_not_finished_in_time_gets_408_and_is_closed() -> None:
    with running_portal(PortalConfig(invoices=5, rate_limit=0, header_timeout_s=0.3)) as url, connect(url) as sock:
        sock.sendall(HALF_A_REQUEST)
        started = time.monotonic()
        answer = sock.recv(65536)
        while chunk := sock.recv(65536):
            answer += chunk

        assert answer.startswith(b"HTTP/1.1 408 ")
        assert 0.2 < time.monotonic() - started < 3


def test_a_body_not_finished_in_time_is_closed_and_the_server_goes_on() -> None:
    config = PortalConfig(invoices=5, rate_limit=0, body_timeout_s=0.3)
    with running_portal(config) as url, connect(url) as sock:
        sock.sendall(b"POST /api/2.0/authentication HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{")
        started = time.monotonic()
        while sock.recv(65536):
            pass

        assert time.monotonic() - started < 3
        assert httpx.get(url + FILTER_PATH, headers=TOKEN, timeout=5).status_code == 200


def test_a_silent_connection_is_closed_after_the_head_timeout() -> None:
    with running_portal(PortalConfig(invoices=5, rate_limit=0, header_timeout_s=0.3)) as url, connect(url) as sock:
        started = time.monotonic()
        while sock.recv(65536):
            pass

        assert time.monotonic() - started < 3
