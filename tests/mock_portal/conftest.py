"""An in-process mock portal (no sockets) shared by the tests of this folder."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from starlette.testclient import TestClient

from onlyoffice_mock_portal.app import create_app
from onlyoffice_mock_portal.config import PortalConfig

CONFIG = PortalConfig()


@pytest.fixture(scope="session")
def portal() -> Iterator[TestClient]:
    """A client of a default portal, authenticated with its raw token."""
    with TestClient(create_app(CONFIG), headers={"Authorization": CONFIG.token}) as client:
        yield client


@pytest.fixture(scope="session")
def anonymous() -> Iterator[TestClient]:
    """A client of a default portal that sends no credentials."""
    with TestClient(create_app(CONFIG)) as client:
        yield client
