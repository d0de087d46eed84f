"""The target's answers conform to the spec, under every built-in check that applies and ours.

Phases, generation modes, example counts and checks come from ``schemathesis.toml`` (see ``target.py``).
"""

from __future__ import annotations

from typing import Any

import pytest

import onlyoffice_crm_spec as spec

from .target import load_schema, target

schema = load_schema()


@schema.include(method="GET", path=spec.FILTER_PATH).parametrize()
def test_the_invoice_filter_conforms(case: Any) -> None:
    response = case.call_and_validate(headers={"Authorization": target().token})

    # Every check but ignored_auth accepts a 401: a token the target refuses would make the run vacuous.
    assert response.status_code != 401, f"the target refuses the token; reproduce: {case.as_curl_command()}"


@schema.include(method="POST", path=spec.AUTHENTICATION_PATH).parametrize()
def test_the_login_conforms(case: Any) -> None:
    if target().is_live:
        pytest.skip("a live portal is sent GET requests to the filter only (and one login, by target.py)")
    case.call_and_validate()
