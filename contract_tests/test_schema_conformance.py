"""The target's answers conform to the spec, under every built-in check that applies and ours."""

from __future__ import annotations

from typing import Any

from onlyoffice_mock_portal import spec

from .target import load_schema, target

schema = load_schema()


@schema.include(method="GET", path=spec.FILTER_PATH).parametrize()
def test_the_invoice_filter_conforms(case: Any) -> None:
    case.call_and_validate(headers={"Authorization": target().token})


@schema.include(method="POST", path=spec.AUTHENTICATION_PATH).parametrize()
def test_the_login_conforms(case: Any) -> None:
    if target().is_live:
        return  # a live portal is only ever sent GET requests to the filter (and one login, by target.py)
    case.call_and_validate()
