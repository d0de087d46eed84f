"""Beyond the schema: filters, order, paging and auth hold for generated requests, through the generated client."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from onlyoffice_crm_client import AuthenticatedClient
from onlyoffice_crm_client.api.invoices import get_invoices
from onlyoffice_crm_client.models import EntityTypeFilter, InvoiceSortBy, InvoiceStatusId

from ..interface import Target
from .paging import PagingCheck, check_paging, report_inconclusive
from .properties import Filters, curl, fetch, filter_violations, order_violation
from .roles import CallerRole


def examples(max_examples: int) -> settings:
    """Hypothesis' settings for a property over the target: half the run's examples (at least 10), repeatable."""
    return settings(
        max_examples=max(10, max_examples // 2), derandomize=True, deadline=None, database=None,
        suppress_health_check=[HealthCheck.too_slow],
    )  # fmt: skip


EXAMPLE_DATA_SIZE = 200

pytestmark = pytest.mark.target  # sent to the target: selected by the contract runner


@pytest.fixture(scope="module")
def known(client: AuthenticatedClient, caller_role: CallerRole) -> dict[str, list[Any]]:
    """Values present in the target's data, so generated filters also match something."""
    caller_role.require_invoices("a generated filter (drawn from the portal's invoices)")
    sample = fetch(client, Filters(), 0, EXAMPLE_DATA_SIZE).response
    return {
        "currency": sorted({invoice.currency.abbreviation for invoice in sample}) or ["EUR"],
        "contact": sorted({invoice.contact.id for invoice in sample if invoice.contact}) or [1],
        "opportunity": sorted({invoice.entity.entity_id for invoice in sample if invoice.entity}) or [1],
        "word": sorted({word.lower()[:4] for invoice in sample for word in invoice.description.split() if word})
        or ["a"],
        "day": sorted({invoice.issue_date.replace(hour=0, minute=0, second=0, microsecond=0) for invoice in sample})
        or [dt.datetime(2024, 1, 1, tzinfo=dt.UTC)],
    }


@st.composite
def filters(draw: st.DrawFn, known: dict[str, list[Any]]) -> Filters:
    def maybe(strategy: st.SearchStrategy[object]) -> object:
        return draw(st.one_of(st.none(), strategy))

    day = st.sampled_from(known["day"])
    span = st.timedeltas(min_value=dt.timedelta(0), max_value=dt.timedelta(days=400))
    start = maybe(day)
    end = maybe(st.builds(lambda d, s: d + s, day, span))
    entity = draw(st.sampled_from([None, EntityTypeFilter.CONTACT, EntityTypeFilter.OPPORTUNITY]))
    entity_id = None
    if entity is EntityTypeFilter.CONTACT:
        entity_id = draw(st.sampled_from(known["contact"]))
    elif entity is EntityTypeFilter.OPPORTUNITY:
        entity_id = draw(st.sampled_from(known["opportunity"]))
    chosen = {
        "status": maybe(st.sampled_from(InvoiceStatusId)),
        "issue_date_from": start, "issue_date_to": end,
        "due_date_from": maybe(day), "due_date_to": maybe(day),
        "entity_type": entity, "entityid": entity_id,
        "currency": maybe(st.sampled_from(known["currency"])),
        "filter_value": maybe(st.sampled_from(known["word"])),
        "sort_by": maybe(st.sampled_from(InvoiceSortBy)),
    }  # fmt: skip
    return Filters(**{k: v for k, v in chosen.items() if v is not None}, descending=draw(st.booleans()))  # type: ignore[arg-type]


def test_every_returned_invoice_satisfies_every_filter_in_the_asked_order(
    client: AuthenticatedClient, known: dict[str, list[Any]], max_examples: int
) -> None:
    @examples(max_examples)
    @given(asked=filters(known))
    def holds(asked: Filters) -> None:
        page = fetch(client, asked, 0, 100)

        reproduce = curl(client, asked)
        for invoice in page.response:
            problems = filter_violations(invoice, asked)  # the fields at fault, quoted: nothing else of the invoice
            assert not problems, f"invoice {invoice.id}: {'; '.join(problems)}; reproduce: {reproduce}"
        assert order_violation(page.response, asked) is None, f"reproduce: {reproduce}"
        if len(page.response) < 100:  # a full page's total comes from a count cached 30 s, maybe another filter's
            assert page.total == len(page.response), f"total of a short page; reproduce: {reproduce}"

    holds()


def test_walking_the_pages_yields_what_the_server_guarantees(
    client: AuthenticatedClient,
    known: dict[str, list[Any]],
    max_examples: int,
    record_property: Callable[[str, object], None],
) -> None:
    """A walk that the portal changed under, twice running, has no verdict: one warning for the test says how
    many (``paging.py``); every other walk must hold."""
    checks: list[PagingCheck] = []

    @examples(max_examples)
    @given(data=st.data(), page_size=st.integers(min_value=1, max_value=40))
    def walk_once(data: st.DataObject, page_size: int) -> None:
        checked = check_paging(client, data.draw(filters(known)), page_size)
        assert checked.violations == []
        checks.append(checked)

    walk_once()
    report_inconclusive(checks, "page walks", record_property)


def test_count_zero_returns_one_invoice_and_the_total(client: AuthenticatedClient, caller_role: CallerRole) -> None:
    """ApiContext asks for count + 1 rows and the response filter skips its cut when count is 0."""
    caller_role.require_invoices("count=0's one invoice")
    page = fetch(client, Filters(), 0, 0)

    assert len(page.response) == min(1, page.total), f"reproduce: {curl(client, Filters(), 0, 0)}"


@pytest.mark.parametrize("token", ["", "not-the-token"], ids=["missing", "wrong"])
def test_a_missing_or_wrong_token_is_a_401(server: Target, token: str) -> None:
    with server.client(token=token) as client:
        response = get_invoices.sync_detailed(client=client)

    # The body may be text/html or text/plain, any text (a custom IIS page): only the status is the contract.
    assert response.status_code == 401
