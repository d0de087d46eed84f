"""An in-process mock portal (no sockets) shared by the tests of this folder.

These tests send thousands of requests within seconds from one client, so the portal's rate limit (on by
default, as on a cloud portal) is off here; the tests of the limit itself build their own portal.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from starlette.testclient import TestClient

from onlyoffice_mock_portal.app import create_app
from onlyoffice_mock_portal.config import PortalConfig

CONFIG = PortalConfig(rate_limit=0)


@pytest.fixture(scope="session")
def portal() -> Iterator[TestClient]:
    """A client of a default portal (rate limit off), authenticated with its raw token."""
    with TestClient(create_app(CONFIG), headers={"Authorization": CONFIG.token}) as client:
        yield client


@pytest.fixture(scope="session")
def anonymous() -> Iterator[TestClient]:
    """A client of a default portal (rate limit off) that sends no credentials."""
    with TestClient(create_app(CONFIG)) as client:
        yield client
