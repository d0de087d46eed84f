"""Fixtures of the contract suite: the run (the runner's, else the in-process mock portal), generated clients of
its target, and the spec as a schemathesis schema bound to it.

Tests that send requests to the target carry the ``target`` marker (``pytest -m target`` is what the runner
selects).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from onlyoffice_crm_client import AuthenticatedClient

from ..interface import RUN_KEY, SuiteRun, Target
from .roles import CallerRole, resolve_caller_role
from .target import default_max_examples, load_schema, mock_portal_target


@pytest.fixture(scope="session")
def contract_run(pytestconfig: pytest.Config) -> SuiteRun:
    """The run the contract runner handed in (``interface.RUN_KEY``); else the in-process mock portal."""
    return pytestconfig.stash.get(RUN_KEY, None) or SuiteRun(mock_portal_target())


@pytest.fixture(scope="session")
def server(contract_run: SuiteRun) -> Target:
    """The target under contract."""
    return contract_run.target


@pytest.fixture(scope="session")
def max_examples(contract_run: SuiteRun) -> int:
    """Generated cases per fuzzed operation and property (the run's, else ``schemathesis.toml``'s)."""
    return contract_run.max_examples or default_max_examples()


@pytest.fixture(scope="session")
def client(server: Target) -> Iterator[AuthenticatedClient]:
    """A generated client of the target, with its token."""
    with server.client() as authenticated:
        yield authenticated


@pytest.fixture(scope="session")
def caller_role(contract_run: SuiteRun, client: AuthenticatedClient) -> CallerRole:
    """Whom the token belongs to: the run's ``--role``, else inferred from the filter's first answer
    (``roles.py``)."""
    return resolve_caller_role(contract_run.role, client)


@pytest.fixture(scope="session")
def contract_schema(contract_run: SuiteRun) -> Any:
    """The spec as a schemathesis schema bound to the target (``schemathesis.toml``)."""
    return load_schema(contract_run.target, contract_run.max_examples)
