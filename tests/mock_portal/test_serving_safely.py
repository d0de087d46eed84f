"""The mock portal is safe to leave running on a developer's machine (issue 27, point 3): its server answers only
to the address it listens on (DNS rebinding), or to the hosts allowed on purpose; the in-process app, which tests
reach as ``testserver``, has no such check."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import pytest

from onlyoffice_crm_spec import FILTER_PATH
from onlyoffice_mock_portal.app import create_app
from onlyoffice_mock_portal.cli import build_parser, config_from, main
from onlyoffice_mock_portal.config import PortalConfig
from onlyoffice_mock_portal.hosts import HostName, allowed_host, read_host
from onlyoffice_mock_portal.server import listening_socket, portal_server
from onlyoffice_mock_portal.testing import RunningPortal, serve_portal

CONFIG = PortalConfig(invoices=3, rate_limit=0)
REFUSED = {
    "status": 1,
    "statusCode": 400,
    "error": {
        "message": "Invalid Host header: this mock portal answers only to the address it listens on "
        "(see --allowed-host).",
        "hresult": -2146233088,
        "data": {},
    },
}


def status_for(url: str, host: str, token: str = CONFIG.token) -> int:
    """The status of a filter request to ``url`` that names ``host`` in its ``Host`` header."""
    response = httpx.get(url + FILTER_PATH, headers={"Host": host, "Authorization": token}, timeout=10)
    return response.status_code


@pytest.fixture(scope="module")
def running() -> Iterator[RunningPortal]:
    """A real server on 127.0.0.1."""
    with serve_portal(CONFIG) as portal:
        yield portal


@pytest.fixture
def portal(running: RunningPortal) -> tuple[str, int]:
    """That server, reset: its URL and port."""
    running.control.reset()
    return running.url, int(running.url.rpartition(":")[2])


@pytest.mark.parametrize("name", ["127.0.0.1", "localhost", "LocalHost", "localhost.", "[::1]"])
def test_the_loopback_names_are_answered_on_any_port(portal: tuple[str, int], name: str) -> None:
    url, port = portal
    assert status_for(url, f"{name}:{port}") == 200
    assert status_for(url, f"{name}:9000") == 200  # docker run -p 127.0.0.1:9000:8080
    assert status_for(url, name) == 200


@pytest.mark.parametrize(
    "host",
    ["evil.example.com", "evil.example.com:{port}", "127.0.0.1.nip.io:{port}", "portal.localhost:{port}",
     "localhost.evil.example:{port}", "localhost:0", "localhost:{port}@evil", "127.0.0.2:{port}", ""],
)  # fmt: skip
def test_a_forged_host_gets_a_400_envelope_and_never_reaches_the_portal(
    running: RunningPortal, portal: tuple[str, int], host: str
) -> None:
    url, port = portal
    forged = host.format(port=port)

    response = httpx.get(url + FILTER_PATH, headers={"Host": forged, "Authorization": CONFIG.token}, timeout=10)

    assert (response.status_code, response.json()) == (400, REFUSED)
    assert response.headers["content-type"] == "application/json; charset=UTF-8"
    assert running.control.requests == []


def test_without_a_host_header_http_1_0_is_answered(portal: tuple[str, int]) -> None:
    _, port = portal
    request = f"GET {FILTER_PATH}?count=1 HTTP/1.0\r\nAuthorization: {CONFIG.token}\r\n\r\n".encode()
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(request)
        answer = b"".join(iter(lambda: sock.recv(65536), b""))
    assert answer.startswith(b"HTTP/1.1 200 ")


def test_the_app_in_process_answers_any_host() -> None:
    from starlette.testclient import TestClient

    with TestClient(create_app(CONFIG), headers={"Authorization": CONFIG.token}) as client:
        assert client.get(FILTER_PATH, headers={"Host": "evil.example.com"}).status_code == 200


def test_allowed_hosts_are_answered_by_name_or_by_name_and_port() -> None:
    config = PortalConfig(invoices=3, rate_limit=0, allowed_hosts=("Mock.Internal", "gateway.internal:9000"))
    with serve_portal(config) as running:
        assert status_for(running.url, "mock.internal:1234") == 200
        assert status_for(running.url, "mock.internal") == 200
        assert status_for(running.url, "gateway.internal:9000") == 200
        assert status_for(running.url, "gateway.internal:9001") == 400
        assert status_for(running.url, "gateway.internal") == 400
        assert status_for(running.url, "evil.example.com") == 400


def test_a_star_allows_any_host() -> None:
    with serve_portal(PortalConfig(invoices=3, rate_limit=0, allowed_hosts=("*",))) as running:
        assert status_for(running.url, "anything.example:1") == 200


@contextmanager
def served_on(host: str, config: PortalConfig) -> Iterator[int]:
    """The portal's server on ``host`` (as in a container: ``0.0.0.0``), in a background thread; its port."""
    sock = listening_socket(host)
    server = portal_server(create_app(config), config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 30
        while not server.started and thread.is_alive() and time.monotonic() < deadline:
            time.sleep(0.01)
        yield int(sock.getsockname()[1])
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


def test_on_every_interface_it_answers_the_loopback_names_and_the_allowed_hosts_only() -> None:
    config = PortalConfig(invoices=3, rate_limit=0, allowed_hosts=("mock.internal",))
    with served_on("0.0.0.0", config) as port:
        url = f"http://127.0.0.1:{port}"
        assert status_for(url, f"localhost:{port}") == 200
        assert status_for(url, "127.0.0.1:9000") == 200  # docker run -p 127.0.0.1:9000:8080
        assert status_for(url, f"mock.internal:{port}") == 200
        assert status_for(url, f"rebound.example.com:{port}") == 400


@pytest.mark.parametrize(
    ("value", "expected"),
    [("localhost:8080", HostName("localhost", 8080)), ("[::1]:80", HostName("[::1]", 80)),
     ("Example.COM.", HostName("example.com", None)), ("[::1]", HostName("[::1]", None)),
     ("a:b", None), ("a:99999", None), ("::1", None), ("[::1]x", None), ("a b", None), ("", None),
     ("a:٣", None), ("a:+1", None)],
)  # fmt: skip
def test_host_headers_are_read_strictly(value: str, expected: HostName | None) -> None:
    assert read_host(value) == expected


def test_the_allowed_host_flag_is_repeatable_and_checked(capsys: pytest.CaptureFixture[str]) -> None:
    args = build_parser().parse_args(["--allowed-host", "Mock.Internal", "--allowed-host", "[::1]:9000"])
    assert config_from(args).allowed_hosts == ("mock.internal", "[::1]:9000")
    assert config_from(build_parser().parse_args([])).allowed_hosts == ()

    assert main(["--allowed-host", "two words"]) == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        "onlyoffice-mock-portal: error: argument --allowed-host: 'two words' is no host "
        "(give name, name:port, [v6 address]:port or *)"
    )
    with pytest.raises(ValueError, match="is no host"):
        allowed_host("a/b")
