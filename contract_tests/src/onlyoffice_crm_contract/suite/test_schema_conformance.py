"""The target's answers conform to the spec, under every built-in check that applies and ours.

Phases, generation modes, example counts and checks come from ``schemathesis.toml`` (see ``target.py``); the
schema is built by the ``contract_schema`` fixture, not at import, and run by schemathesis' engine
(``conformance.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

import onlyoffice_crm_spec as spec

from ..interface import Target
from .conformance import describe, report, run_operation
from .roles import CallerRole

pytestmark = pytest.mark.target


def test_the_invoice_filter_conforms(
    contract_schema: Any, server: Target, caller_role: CallerRole, record_property: Callable[[str, object], None]
) -> None:
    outcome = run_operation(contract_schema, "GET", spec.FILTER_PATH, server.base_url)
    report(outcome, record_property)

    assert not outcome.errors, describe(outcome)
    assert not outcome.failures, describe(outcome)
    # Every check but ignored_auth accepts a 401, 403 or 503: a run on those alone would have tested nothing. A
    # guest is answered 403 for every read whose parameters bind: its run checks the error answers only.
    if caller_role.reads_invoices:
        assert outcome.statuses[200] > 0, f"the target never answered 200: {dict(outcome.statuses)}"
    else:
        assert outcome.statuses[403] > 0, f"a guest was never answered 403: {dict(outcome.statuses)}"
    assert outcome.statuses[401] == 0, f"the target refused the token {outcome.statuses[401]} times"


def test_the_login_conforms(
    contract_schema: Any, server: Target, record_property: Callable[[str, object], None]
) -> None:
    if server.is_live:
        pytest.skip("a live portal is sent GET requests to the filter only (and the runner's one login)")
    # A real portal answers a failed login (wrong or missing user name or password) with 500 and the JSON error
    # envelope (AuthenticationEntryPoint.cs, ApiHttpHandler.cs:125), as the spec documents: not a server error here.
    outcome = run_operation(
        contract_schema, "POST", spec.AUTHENTICATION_PATH, server.base_url, excused=frozenset({"not_a_server_error"})
    )
    report(outcome, record_property)

    assert not outcome.errors, describe(outcome)
    assert not outcome.failures, describe(outcome)
