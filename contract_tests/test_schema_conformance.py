"""The target's answers conform to the spec, under every built-in check that applies and ours.

Phases, generation modes, example counts and checks come from ``schemathesis.toml`` (see ``target.py``); the
schema is built by the ``contract_schema`` fixture, not at import.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis

import onlyoffice_crm_spec as spec

from .masking import curl_command
from .run_record import RECORD
from .target import Target

pytestmark = pytest.mark.target
schema = schemathesis.pytest.from_fixture("contract_schema")


@schema.include(method="GET", path=spec.FILTER_PATH).parametrize()
def test_the_invoice_filter_conforms(case: Any, server: Target) -> None:
    response = case.call_and_validate(headers={"Authorization": server.token})

    # Every check but ignored_auth accepts a 401: a token the target refuses would make the run vacuous.
    assert response.status_code != 401, (
        f"the target refuses the token; reproduce: {curl_command(case.method, response.request.url)}"
    )


def test_the_target_answered_200_during_the_conformance_run() -> None:
    """No conformance run passes on documented errors alone (a 401, 403 or 503 for every case). Runs after the
    conformance test above (pytest keeps a module's order)."""
    statuses = dict(RECORD.validated_statuses)
    assert statuses.get(200, 0) > 0, f"the target never answered 200 to a validated case: {statuses}"


@schema.include(method="POST", path=spec.AUTHENTICATION_PATH).parametrize()
def test_the_login_conforms(case: Any, server: Target) -> None:
    if server.is_live:
        pytest.skip("a live portal is sent GET requests to the filter only (and the runner's one login)")
    case.call_and_validate()
