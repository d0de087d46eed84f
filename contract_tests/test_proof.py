"""Proof that the suite can fail: each deliberately broken portal is caught, by the right check."""

from __future__ import annotations

import re
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.core.failures import Failure, FailureGroup
from starlette.types import ASGIApp

from onlyoffice_crm_client.models import InvoiceSortBy
from onlyoffice_mock_portal import spec
from onlyoffice_mock_portal.app import create_app
from onlyoffice_mock_portal.config import PortalConfig

from . import broken_portals
from .properties import Filters, fetch, filter_violations
from .target import Target, load_schema

CONFIG = PortalConfig(invoices=60)
APP = create_app(CONFIG)
OPERATION = f"GET {spec.FILTER_PATH}"


def schema_failures(app: ASGIApp, examples: int = 40) -> list[Failure]:
    """Run the schema conformance suite (positive and negative data) against ``app``; return its failures."""
    target = Target("http://mock-portal.local", CONFIG.token, app)  # type: ignore[arg-type]
    operation = load_schema(target)[spec.FILTER_PATH]["GET"]
    found: list[Failure] = []
    for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(max_examples=examples, derandomize=True, database=None, deadline=None,
                  suppress_health_check=list(HealthCheck))  # fmt: skip
        def run(case: Any) -> None:
            try:
                case.call_and_validate(headers={"Authorization": CONFIG.token})
            except FailureGroup as group:
                found.extend(group.exceptions)
            except Failure as failure:
                found.append(failure)

        run()
    return found


def caught_by(failures: list[Failure]) -> set[str]:
    """The checks that reported ``failures`` (all of which must name the filter operation)."""
    assert all(failure.operation == OPERATION for failure in failures), {failure.operation for failure in failures}
    names: set[str] = set()
    for failure in failures:
        custom = re.fullmatch(r"Custom check failed: `(\w+)`", failure.title)
        names |= {custom.group(1)} if custom else set(failure.checks)
    return names


def test_the_real_mock_portal_passes() -> None:
    assert schema_failures(APP) == []


@pytest.mark.parametrize(
    ("broken", "check"),
    [
        (broken_portals.wrong_field_type, "response_schema_conformance"),
        (broken_portals.wrong_status_code, "status_code_conformance"),
        (broken_portals.server_error_on_digits, "not_a_server_error"),
    ],
    ids=["wrong field type", "wrong status code", "500 on some input"],
)
def test_a_broken_portal_is_caught_by_the_check_named(broken: broken_portals.BodyRewrite, check: str) -> None:
    assert check in caught_by(schema_failures(broken_portals.rewrite_responses(APP, broken)))


def test_an_ignored_filter_is_caught_by_the_behaviour_properties() -> None:
    broken = broken_portals.ignoring_parameter(APP, "currency")
    asked = Filters(currency="EUR", sort_by=InvoiceSortBy.ID)
    with Target("http://mock-portal.local", CONFIG.token, broken).client() as client:  # type: ignore[arg-type]
        page = fetch(client, asked, 0, 100)

    assert any(filter_violations(invoice, asked) for invoice in page.response)


def test_a_date_python_cannot_read_is_caught_by_the_client_check() -> None:
    failures = schema_failures(broken_portals.rewrite_responses(APP, broken_portals.leap_second_creation_times))
    messages = [failure.message for failure in failures if "client" in failure.title]

    assert "client_reads_response" in caught_by(failures)
    assert any("/response/0/createOn" in message and ":60." in message for message in messages), messages


def test_a_value_the_client_rewrites_is_caught_by_the_client_check_alone() -> None:
    failures = schema_failures(broken_portals.rewrite_responses(APP, broken_portals.uppercase_user_ids))
    messages = [failure.message for failure in failures]

    assert caught_by(failures) == {"client_reads_response"}, "the built-in checks must all pass"
    assert any("/createBy/id = '" in message and "came back as" in message for message in messages), messages


def test_a_lowercase_t_is_caught_by_the_client_check_and_the_spec_pattern() -> None:
    failures = schema_failures(broken_portals.rewrite_responses(APP, broken_portals.lowercase_t_dates))

    assert {"client_reads_response", "response_schema_conformance"} <= caught_by(failures)
