"""Helpers for testing the generated client without a server: canned wire payloads and captured requests."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from onlyoffice_crm_client import AuthenticatedClient

PAYLOADS = Path(__file__).parent / "payloads"
BASE_URL = "https://portal.example.com"
JSON_CONTENT_TYPE = "application/json; charset=UTF-8"


@pytest.fixture
def wire() -> Callable[[str], bytes]:
    """Read a wire payload of ``payloads/`` as raw bytes, as a portal sends them (``\\/``, raw UTF-8)."""
    return lambda name: (PAYLOADS / name).read_bytes()


ClientFactory = Callable[[httpx.Response], AuthenticatedClient]


@pytest.fixture
def sent() -> list[httpx.Request]:
    """The requests the client under test sent, in order."""
    return []


@pytest.fixture
def client_answering(sent: list[httpx.Request]) -> ClientFactory:
    """Build a client whose every request is recorded in ``sent`` and answered with ``response``."""

    def build(response: httpx.Response) -> AuthenticatedClient:
        def handle(request: httpx.Request) -> httpx.Response:
            sent.append(request)
            return response

        return AuthenticatedClient(
            base_url=BASE_URL, token="t0k3n", prefix="", httpx_args={"transport": httpx.MockTransport(handle)}
        )

    return build
