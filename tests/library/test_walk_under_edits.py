"""Every invoice exactly once while people edit the portal: walks against the mock portal editing its own invoices
before every request (new invoices, some numbered before the walk's position; deletions, including of invoices
the walk has passed; status changes).

The rules checked: no invoice comes twice; every invoice that matched the filter and kept its sort key for the
whole walk comes. An invoice present before and after a walk existed throughout it (the portal never reuses an
id); its status is its sort key in a walk by status.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from onlyoffice_crm import AsyncPortal, Invoice, Portal, WalkReport
from onlyoffice_mock_portal.config import PortalConfig
from onlyoffice_mock_portal.testing import RunningPortal, serve_portal

ORDERS = ["number", "id", "contact", "issue_date", "due_date", "status"]
DRIVERS = [("sync", 2), ("async", 1), ("async", 4)]  # Portal's default concurrency, and AsyncPortal's 1 and 4
FILTERS: dict[str, dict[str, Any]] = {
    "unfiltered": {},
    # Every generated invoice is issued in these years: a filter the portal applies, matching (nearly) all.
    "filtered": {"issued": (dt.date(2015, 1, 1), dt.date(2035, 12, 31)), "due": (dt.date(2015, 1, 1), None)},
}
Snapshot = dict[int, int]  # id -> status id


def snapshot(running: RunningPortal) -> Snapshot:
    """The invoices the portal serves now (read from the mock's store: reading it over HTTP would edit it)."""
    store = running.control.store
    rows = store.positions()
    return dict(zip(store.data.ids[rows].tolist(), store.data.status_ids[rows].tolist(), strict=True))


def walk(
    running: RunningPortal, driver: str, concurrency: int, filters: dict[str, Any]
) -> tuple[list[Invoice], WalkReport]:
    token = PortalConfig().token  # the portals here keep the default token
    if driver == "sync":
        with Portal(running.url, token, rate_limit=None) as portal:
            found = portal.invoices(concurrency=concurrency, **filters)
            return list(found), found.report

    async def collect() -> tuple[list[Invoice], WalkReport]:
        async with AsyncPortal(running.url, token, rate_limit=None) as portal:
            found = portal.invoices(concurrency=concurrency, **filters)
            return [invoice async for invoice in found], found.report

    return asyncio.run(collect())


def edit_count(running: RunningPortal) -> int:
    edits = running.control.edits
    return edits.added + edits.deleted + edits.status_changed


def check_exactly_once(yielded: list[Invoice], before: Snapshot, after: Snapshot, order_by: str) -> None:
    ids = [invoice.id for invoice in yielded]
    assert len(ids) == len(set(ids)), "an invoice came twice"
    throughout = before.keys() & after.keys()
    if order_by == "status":  # only those that kept their status kept their place
        throughout = {invoice_id for invoice_id in throughout if before[invoice_id] == after[invoice_id]}
    missed = throughout - set(ids)
    assert not missed, f"{len(missed)} invoices that existed throughout did not come, e.g. {sorted(missed)[:5]}"


@pytest.fixture(scope="module")
def busy() -> Iterator[RunningPortal]:
    config = PortalConfig(invoices=20_500, rate_limit=0, edits_per_request=1.0, edit_early_numbers=True, seed=5)
    with serve_portal(config) as running:
        yield running


@pytest.mark.timeout(120)
@pytest.mark.parametrize("filter_name", list(FILTERS))
@pytest.mark.parametrize(("driver", "concurrency"), DRIVERS)
@pytest.mark.parametrize("order_by", ORDERS)
def test_a_walk_of_20000_under_one_edit_per_request_yields_each_stable_invoice_once(
    busy: RunningPortal, order_by: str, driver: str, concurrency: int, filter_name: str
) -> None:
    before = snapshot(busy)
    edits_before = edit_count(busy)

    yielded, report = walk(busy, driver, concurrency, {**FILTERS[filter_name], "order_by": order_by})

    after = snapshot(busy)
    assert len(yielded) >= 20_000
    assert edit_count(busy) - edits_before >= 20  # about one per request: the portal really changed
    check_exactly_once(yielded, before, after, order_by)
    assert report.total_before is not None
    assert report.total_after is not None
    # A keyset walk (by a date) sees only the totals; an offset walk also sees invoices come and go before it.
    if report.total_before != report.total_after or order_by not in {"issue_date", "due_date"}:
        assert report.changed


@pytest.fixture(scope="module")
def small() -> Iterator[RunningPortal]:
    with serve_portal(PortalConfig(invoices=2_600, rate_limit=0, seed=9)) as running:
        yield running


@pytest.mark.timeout(300)
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    rate=st.sampled_from([0.0, 0.3, 1.0, 2.0, 4.0]),
    early=st.booleans(),
    warm_up=st.integers(0, 40),
    order_by=st.sampled_from(ORDERS),
    driver=st.sampled_from(DRIVERS),
)
def test_any_edit_pattern_within_the_stated_rate_keeps_the_rules(
    small: RunningPortal, rate: float, early: bool, warm_up: int, order_by: str, driver: tuple[str, int]
) -> None:
    """The edit pattern is drawn: how many edits per request, whether new numbers sort first, and where in the
    portal's seeded sequence of edits the walk begins (``warm_up`` requests first)."""
    small.control.reset()
    small.control.set_faults(edits_per_request=rate, edit_early_numbers=early)
    with Portal(small.url, PortalConfig().token, rate_limit=None) as portal:
        for _ in range(warm_up):
            portal.count_invoices()
    before = snapshot(small)

    yielded, report = walk(small, driver[0], driver[1], {"order_by": order_by})

    check_exactly_once(yielded, before, snapshot(small), order_by)
    assert report.rereads == 0  # within the stated rate, the overlap always finds its place
