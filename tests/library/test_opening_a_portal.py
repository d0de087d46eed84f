"""Opening a portal as a program does: ``async with`` straight on ``from_env()`` and ``login()``, and the errors of a
first attempt that say what to do (a wrong password, a refused connection, https to a plain-http portal, a proxy's
HTML page), against the mock portal or a raw-socket server."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Iterator

import pytest

from onlyoffice_crm import AsyncPortal, AuthenticationError, Portal, PortalConnectionError, ServerError
from onlyoffice_mock_portal.config import PortalConfig
from onlyoffice_mock_portal.testing import running_portal
from tests.hostile_servers import HostileServer, answer

CONFIG = PortalConfig(invoices=1000, seed=20)


@pytest.fixture(scope="module")
def url() -> Iterator[str]:
    """A mock portal of 1,000 invoices, for the module."""
    with running_portal(CONFIG) as base_url:
        yield base_url


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


# ---------------------------------------------------------------- async with, directly


@pytest.mark.timeout(30)
def test_async_from_env_and_login_work_directly_in_async_with(url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ONLYOFFICE_URL", url)
    monkeypatch.setenv("ONLYOFFICE_TOKEN", CONFIG.token)

    async def main() -> tuple[int, int]:
        async with AsyncPortal.from_env() as by_env:
            from_env = await by_env.count_invoices()
        async with AsyncPortal.login(url, CONFIG.user_name, CONFIG.password) as by_login:
            logged_in = await by_login.count_invoices()
        return from_env, logged_in

    assert asyncio.run(main()) == (CONFIG.invoices, CONFIG.invoices)


# ---------------------------------------------------------------- errors that say what to do


def test_a_wrong_password_reads_as_one(url: str) -> None:
    with pytest.raises(AuthenticationError) as raised:
        Portal.login(url, CONFIG.user_name, "not-the-password")

    assert str(raised.value).startswith("wrong user name or password")
    assert not str(raised.value).startswith("HTTP 500")
    assert raised.value.status_code == 500  # the fact is kept


def test_connection_refused_names_the_address() -> None:
    address = f"http://127.0.0.1:{free_port()}"
    with Portal(address, "t", max_retries=0) as portal, pytest.raises(PortalConnectionError) as raised:
        portal.count_invoices()

    assert str(raised.value) == f"cannot connect to {address}: connection refused"


def test_https_to_a_plain_http_portal_says_to_write_http(url: str) -> None:
    secure = url.replace("http://", "https://")
    with Portal(secure, "t", max_retries=0) as portal, pytest.raises(PortalConnectionError) as raised:
        portal.count_invoices()

    assert f"write {url}" in str(raised.value)


def test_a_proxys_html_page_stays_out_of_the_message() -> None:
    page = b"<html><head><title>502 Bad Gateway</title></head><body><center>nginx</center></body></html>"
    proxy = answer(page, status="502 Bad Gateway", headers=[("Content-Type", "text/html")])
    with (
        HostileServer(proxy) as server,
        Portal(server.url, "t", max_retries=0) as portal,
        pytest.raises(ServerError) as raised,
    ):
        portal.count_invoices()

    assert "<" not in str(raised.value)
    assert "proxy" in str(raised.value)
