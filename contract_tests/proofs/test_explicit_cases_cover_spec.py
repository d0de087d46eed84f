"""The deterministic phase reaches everything the spec documents for the filter: each parameter, enum value, sort
key in each direction, the page maximum and every response status has an explicit case with an oracle, or (for a
status) a reason why no request can provoke it."""

from __future__ import annotations

import onlyoffice_crm_spec as spec
from onlyoffice_crm_contract.suite import explicit_cases
from onlyoffice_crm_contract.suite.explicit_cases import UNREACHABLE_STATUSES, required_items, status_item


def covered() -> set[str]:
    return {item for case in explicit_cases.explicit_cases() for item in case.covers}


def test_every_item_the_spec_documents_has_an_explicit_case() -> None:
    unreachable = {status_item(code) for code in UNREACHABLE_STATUSES}
    missing = sorted(required_items() - covered() - unreachable)

    assert missing == [], f"no explicit case (oracle) covers: {', '.join(missing)}"


def test_no_case_claims_an_item_the_spec_lacks() -> None:
    assert sorted(covered() - required_items()) == []


def test_the_unreachable_statuses_are_documented_and_not_also_covered() -> None:
    documented = set(spec.operation(spec.FILTER_PATH, "get")["responses"])

    assert set(UNREACHABLE_STATUSES) <= documented
    assert not {status_item(code) for code in UNREACHABLE_STATUSES} & covered()


def test_the_required_items_follow_the_spec() -> None:
    """A parameter added to the spec becomes an item the cases must cover (the check above then names it)."""
    items = required_items()

    assert {explicit_cases.parameter_item(name) for name in spec.query_parameter_names(spec.FILTER_PATH)} <= items
    assert explicit_cases.sort_item("contact", "descending") in items
    assert explicit_cases.value_item("status", 5) in items
    assert explicit_cases.MAXIMUM_ITEM in items
