"""Fixtures of the contract suite: the target, generated clients of it, its schemathesis schema, the run's gate.

Tests that send requests to the target carry the ``target`` marker (``pytest -m target`` is what the runner
selects).
"""

from __future__ import annotations

from collections.abc import Generator, Iterator
from typing import Any

import pytest

from onlyoffice_crm_client import AuthenticatedClient

from .gate import Gate, current_gate, installed
from .run_record import RECORD
from .target import Target, http_policy, load_schema, target


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> Generator[None, Any, Any]:
    """Label every request a test (and its fixtures) sends with the test's id, for the record and the HAR."""
    RECORD.current_test = item.nodeid
    try:
        return (yield)
    finally:
        RECORD.current_test = "between tests"


@pytest.fixture(scope="session")
def traffic_gate() -> Iterator[Gate | None]:
    """The run's gate over HTTP (the runner's, or one installed here when pytest is run directly); None in-process."""
    policy = http_policy()
    if policy is None or current_gate() is not None:
        yield current_gate()
        return
    with installed(Gate(policy)) as gate:
        yield gate


@pytest.fixture(scope="session")
def server(traffic_gate: Gate | None) -> Target:
    """The target named by the environment (the in-process mock portal by default)."""
    return target()


@pytest.fixture(scope="session")
def client(server: Target) -> Iterator[AuthenticatedClient]:
    """A generated client of the target, with its token."""
    with server.client() as authenticated:
        yield authenticated


@pytest.fixture(scope="session")
def contract_schema(server: Target) -> Any:
    """The spec as a schemathesis schema bound to the target (``schemathesis.toml``)."""
    return load_schema(server)
