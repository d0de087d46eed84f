"""Proof that the suite can fail: each deliberately broken portal is caught, by the check named."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, replace

import pytest
from schemathesis.engine import events, from_schema
from starlette.types import ASGIApp

import onlyoffice_crm_spec as spec
from contract_tests.proofs import broken_portals
from onlyoffice_crm_client.models import Employee, InvoiceSortBy
from onlyoffice_crm_contract.suite.paging import SNAPSHOT_SIZE, PagingCheck, check_paging, view_of, walk, walk_problems
from onlyoffice_crm_contract.suite.properties import TOTAL_ORDERS, Filters, fetch, filter_violations
from onlyoffice_crm_contract.suite.target import InProcessTarget, load_schema
from onlyoffice_mock_portal.app import create_app
from onlyoffice_mock_portal.config import PortalConfig

CONFIG = PortalConfig(invoices=60, rate_limit=0)  # the suite sends more than a portal allows a client
APP = create_app(CONFIG)
OPERATION = f"GET {spec.FILTER_PATH}"
CLIENT_CHECK = "client_reads_response"


@dataclass(frozen=True)
class Caught:
    """One failed check on one response."""

    check: str
    operation: str
    message: str


PROOF_SEED = 1


def contract_failures(app: ASGIApp, examples: int = 15) -> list[Caught]:
    """Run the schema conformance suite against ``app`` as schemathesis' engine does: every phase, every
    configured check, positive and negative data; return what failed."""
    schema = load_schema(InProcessTarget(app, CONFIG.token), examples)
    schema.config.update(continue_on_failure=True)
    schema.config.seed = PROOF_SEED  # the same cases every run: a proof that passes once passes always
    for phase in (schema.config.phases.coverage, schema.config.phases.fuzzing):
        # The engine reuses values from responses as inputs: a broken date sent back would rightly be a 400.
        phase.extra_data_sources.responses = False
    caught: list[Caught] = []
    for event in from_schema(schema.include(method="GET", path=spec.FILTER_PATH)).execute():
        if isinstance(event, events.FatalError | events.NonFatalError):
            raise AssertionError(f"the run itself broke: {event}")
        if isinstance(event, events.ScenarioFinished):
            nodes = [node for nodes in event.recorder.checks.values() for node in nodes]
            caught += [
                Caught(node.name, event.recorder.label, node.failure_info.failure.message)
                for node in nodes
                if node.failure_info is not None
            ]
    return caught


def checks_of(caught: list[Caught]) -> set[str]:
    """The checks that failed (each failure must name the filter operation)."""
    assert {failure.operation for failure in caught} <= {OPERATION}
    return {failure.check for failure in caught}


def test_the_real_mock_portal_passes() -> None:
    assert contract_failures(APP) == []


@pytest.mark.parametrize(
    ("broken", "check"),
    [
        (broken_portals.rewrite_responses(APP, broken_portals.wrong_field_type), "response_schema_conformance"),
        (broken_portals.rewrite_responses(APP, broken_portals.wrong_status_code), "status_code_conformance"),
        (broken_portals.rewrite_responses(APP, broken_portals.server_error_on_digits), "not_a_server_error"),
        (broken_portals.with_content_type(APP, "text/html"), "content_type_conformance"),
        (broken_portals.ignoring_auth(APP, CONFIG.token), "ignored_auth"),
        (broken_portals.accepting_any_status(APP), "negative_data_rejection_unless_lenient"),
    ],
    ids=[
        "wrong field type",
        "wrong status code",
        "500 on some input",
        "wrong content type",
        "auth ignored",
        "leniency beyond the table",
    ],
)
def test_a_broken_portal_is_caught_by_the_check_named(broken: ASGIApp, check: str) -> None:
    assert check in checks_of(contract_failures(broken))


def test_an_ignored_filter_is_caught_by_the_behaviour_properties() -> None:
    broken = broken_portals.ignoring_parameter(APP, "currency")
    asked = Filters(currency="EUR", sort_by=InvoiceSortBy.ID)
    with InProcessTarget(broken, CONFIG.token).client() as client:
        page = fetch(client, asked, 0, 100)

    assert any(filter_violations(invoice, asked) for invoice in page.response)


def test_a_date_only_the_client_cannot_read_is_caught_by_the_client_check_alone() -> None:
    caught = contract_failures(broken_portals.rewrite_responses(APP, broken_portals.year_zero_creation_times))

    assert checks_of(caught) == {CLIENT_CHECK}, "every built-in check must pass"
    assert any("/response/0/createOn = '0000-" in failure.message for failure in caught), caught[0].message


def test_a_value_the_client_rewrites_is_caught_by_the_client_check_alone() -> None:
    caught = contract_failures(broken_portals.rewrite_responses(APP, broken_portals.uppercase_user_ids))

    assert checks_of(caught) == {CLIENT_CHECK}, "every built-in check must pass"
    assert any("/createBy/id = '" in failure.message and "came back as" in failure.message for failure in caught)


def test_a_key_the_client_dropped_would_be_named(monkeypatch: pytest.MonkeyPatch) -> None:
    """The generated client keeps every key (``additional_properties``); this one is made to drop one."""
    written = Employee.to_dict
    monkeypatch.setattr(
        Employee, "to_dict", lambda self: {k: v for k, v in written(self).items() if k != "displayName"}
    )
    caught = contract_failures(APP, examples=5)

    assert checks_of(caught) == {CLIENT_CHECK}
    assert any("/createBy/displayName = " in failure.message and "was dropped" in failure.message for failure in caught)


def test_unknown_keys_from_a_newer_portal_pass_every_check() -> None:
    assert contract_failures(broken_portals.rewrite_responses(APP, broken_portals.unknown_keys_everywhere)) == []


def test_a_lowercase_t_is_caught_by_the_client_check_and_the_spec_pattern() -> None:
    """RFC 3339 allows ``t``; the spec's WireDateTime pattern does not, so here a built-in check fails too."""
    caught = contract_failures(broken_portals.rewrite_responses(APP, broken_portals.lowercase_t_dates))

    assert checks_of(caught) == {CLIENT_CHECK, "response_schema_conformance"}


def test_the_behaviour_properties_hold_on_a_portal_with_unstable_ties_and_an_html_401() -> None:
    """What a portal running the real code does (ties in any order, a different order for each request, an IIS
    401 page) is not a contract failure: every sort key, both directions, walked in small pages."""
    portal = broken_portals.with_content_type(
        broken_portals.rewrite_responses(APP, broken_portals.iis_401_page), "text/html", only_status=401
    )
    with InProcessTarget(portal, CONFIG.token).client() as client:
        orders = {tuple(invoice.id for invoice in fetch(client, Filters(sort_by=InvoiceSortBy.STATUS), 0, 60).response)
                  for _ in range(5)}  # fmt: skip
        assert len(orders) > 1, "the mock portal must vary the order of ties between requests, as a database may"
        for sort_by, descending in itertools.product(InvoiceSortBy, (False, True)):
            asked = Filters(sort_by=sort_by, descending=descending)
            checked = check_paging(client, asked, page_size=7, pages=9)  # the whole result
            assert (checked.violations, checked.inconclusive) == ([], False), (sort_by, descending)
        assert client.get_httpx_client().get(spec.FILTER_PATH, headers={"Authorization": "wrong"}).status_code == 401
    assert contract_failures(portal, examples=5) == []


def paging_checks(
    portal: ASGIApp, page_sizes: tuple[int, ...] = (1, 5, 13)
) -> dict[tuple[InvoiceSortBy, bool, int], PagingCheck]:
    """The paging check for every sort key, both directions and each page size."""
    with InProcessTarget(portal, CONFIG.token).client() as client:
        return {
            (sort_by, descending, page_size): check_paging(
                client, Filters(sort_by=sort_by, descending=descending), page_size
            )
            for sort_by, descending, page_size in itertools.product(InvoiceSortBy, (False, True), page_sizes)
        }


@pytest.mark.timeout(120)
def test_an_honest_portal_edited_while_read_is_never_failed_by_the_paging_property() -> None:
    """One edit per request (an invoice added wherever it sorts, or one deleted, also behind the walk): a check
    passes or is inconclusive, and some are inconclusive."""
    checks = list(paging_checks(broken_portals.edited_while_read(APP, edits_per_request=1.0)).values())

    assert [check.violations for check in checks if check.violations] == []
    assert any(check.inconclusive for check in checks)


def test_the_edits_make_a_plain_walk_repeat_or_skip() -> None:
    """Without the reads before and after, the same walks would fail: the edited portal does bite."""
    portal = broken_portals.edited_while_read(APP, edits_per_request=1.0)
    problems = []
    with InProcessTarget(portal, CONFIG.token).client() as client:
        for sort_by, descending in itertools.product(sorted(TOTAL_ORDERS), (False, True)):
            asked = Filters(sort_by=sort_by, descending=descending)
            walked = walk(client, asked, page_size=5, pages=3)
            problems += walk_problems(walked, view_of(fetch(client, asked, 0, SNAPSHOT_SIZE), asked, 15), asked)

    assert problems


@pytest.mark.parametrize("by", [-1, 1], ids=["repeats", "skips"])
def test_a_portal_that_repeats_or_skips_invoices_while_still_is_caught(by: int) -> None:
    """Ties may hide a shift (a page of equal keys); a total order or dates in this data may not."""
    checks = paging_checks(broken_portals.shifting_pages(APP, by), page_sizes=(1, 5))
    caught = {(sort_by, descending, size) for (sort_by, descending, size), check in checks.items() if check.violations}

    assert not any(check.inconclusive or check.changed for check in checks.values()), "the data held still"
    orders = [*TOTAL_ORDERS, InvoiceSortBy.ISSUE_DATE, InvoiceSortBy.DUE_DATE, InvoiceSortBy.CREATE_ON]
    assert set(itertools.product(orders, (False, True), (1, 5))) <= caught


@pytest.mark.timeout(120)
def test_at_one_edit_per_ten_requests_the_paging_property_reaches_a_verdict() -> None:
    """A check costs five requests and retries once: most meet a portal that holds still for one of the two."""
    checks = list(paging_checks(broken_portals.edited_while_read(APP, edits_per_request=0.1)).values())
    verdicts = [check for check in checks if not check.inconclusive]

    assert [check.violations for check in checks if check.violations] == []
    assert len(verdicts) >= 0.9 * len(checks), f"{len(checks) - len(verdicts)} of {len(checks)} inconclusive"
    assert any(check.changed for check in verdicts), "no check reached its verdict on the retry"


@pytest.mark.timeout(120)
@pytest.mark.parametrize(("rate", "early"), [(1.0, True), (1.0, False), (0.1, True)], ids=["1 early", "1", "0.1"])
def test_the_mock_portals_own_edits_never_fail_the_paging_property(rate: float, early: bool) -> None:
    """The mock's edit fault (added, deleted, status changed; new numbers sorting first when ``early``): a check
    passes or is inconclusive; at one edit per ten requests, nearly every check reaches a verdict."""
    edited = create_app(replace(CONFIG, edits_per_request=rate, edit_early_numbers=early))
    checks = list(paging_checks(edited, page_sizes=(1, 7)).values())
    verdicts = [check for check in checks if not check.inconclusive]

    assert [check.violations for check in checks if check.violations] == []
    assert any(check.changed for check in checks), "the edits never met a check"
    if rate < 1:
        assert len(verdicts) >= 0.9 * len(checks), f"{len(checks) - len(verdicts)} of {len(checks)} inconclusive"
