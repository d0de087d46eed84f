"""Hand-written tables that restate the spec's parameters or enums stay in step with it, naming any drift."""

from __future__ import annotations

import inspect

import onlyoffice_crm_spec as spec
from onlyoffice_crm_client.api.invoices import get_invoices
from onlyoffice_crm_contract.suite import leniency, properties

SPEC_PARAMETERS = set(spec.query_parameter_names(spec.FILTER_PATH))


def _drift(name: str, covered: set[str], expected: set[str]) -> list[str]:
    return [f"{name} covers {item!r}, which the spec lacks" for item in sorted(covered - expected)] + [
        f"{name} misses {item!r}, which the spec has" for item in sorted(expected - covered)
    ]


def test_the_leniency_table_and_the_strict_list_cover_exactly_the_spec_parameters() -> None:
    covered = set(leniency.TABLE) | set(leniency.STRICT)

    assert not set(leniency.TABLE) & leniency.STRICT, "a parameter is both lenient and strict"
    assert _drift("leniency.py", covered, SPEC_PARAMETERS) == []


def test_the_suites_filter_model_sends_every_parameter_of_the_generated_function() -> None:
    sent = set(properties._arguments(properties.Filters(), 0, 1))
    accepted = set(inspect.signature(get_invoices.sync_detailed).parameters) - {"client"}

    assert _drift("properties.Filters", sent, accepted) == []
    assert len(accepted) == len(SPEC_PARAMETERS)
