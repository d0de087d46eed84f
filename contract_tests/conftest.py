"""Fixtures of the contract suite: the target and generated clients of it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from onlyoffice_crm_client import AuthenticatedClient

from .target import Target, target


@pytest.fixture(scope="session")
def server() -> Target:
    return target()


@pytest.fixture(scope="session")
def client(server: Target) -> Iterator[AuthenticatedClient]:
    with server.client() as authenticated:
        yield authenticated
