"""A walk as a caller who is not an administrator yields every invoice it may see exactly once, at rest and while
the portal is edited, in every order, and its report does not count the hidden invoices as removed.

The server's rules for such a caller (``InvoiceDao.cs:187-238``, ``CRMSecutiry.cs:875-900``, ``InvoiceDao.cs:321-374``):
invoices whose contact it may not see are left out; ``startIndex`` counts the visible ones and every page but the
last is full; a full page's ``total`` still counts the hidden ones, the last page's is ``startIndex + returned``, so
the total shrinks on the last page. The walks run against the fake portals of this folder (at rest and under
edits of visible and hidden invoices) and against the mock portal as its ``user`` role, editing itself.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from onlyoffice_crm import ORDER_WORDS, AsyncPortal, Invoice, InvoiceSortBy, Portal, WalkReport
from onlyoffice_crm._filters import InvoiceFilter
from onlyoffice_crm._walk import PageRequest, WalkCore
from onlyoffice_mock_portal.caller import visible_invoices
from onlyoffice_mock_portal.config import PortalConfig
from onlyoffice_mock_portal.testing import RunningPortal, serve_portal

from .conftest import BASE_URL
from .core_portal import CorePortal, drive, invoice
from .fake_portal import FakePortal, make_invoice

PAGE = 10
CORE_ORDERS = list(dict.fromkeys(ORDER_WORDS.values()))
ORDERS = ["number", "id", "contact", "issue_date", "due_date", "status"]
HIDDEN_NAMES = frozenset({"alpha", "Zeta"})
NAMES = ["Northwind", "alpha", "Zeta", None, "Bravo"]
HIDDEN_CONTACTS = frozenset(range(1, 18))  # of the fake portal's contacts 1..49: about a third of the invoices


def hidden_by_name(found: Invoice) -> bool:
    return found.contact is not None and found.contact.display_name in HIDDEN_NAMES


def mixed(count: int, first_number: int = 1) -> list[Invoice]:
    """Invoices with ties of every key, some of them hidden from the caller (contacts alpha and Zeta)."""
    return [
        invoice(
            first_number + (k * 37) % 9000,
            day=1 + k % 3,
            status=1 + k % 5,
            contact=NAMES[k % len(NAMES)],
        )
        for k in range(count)
    ]


def core(order_by: InvoiceSortBy, descending: bool = False, concurrency: int = 1) -> WalkCore:
    return WalkCore(InvoiceFilter(order_by=order_by, descending=descending), concurrency, page_size=PAGE)


def check_once(yielded: list[Invoice], throughout: set[int]) -> None:
    ids = [i.id for i in yielded]
    assert len(ids) == len(set(ids)), "an invoice came twice"
    missed = throughout - set(ids)
    assert not missed, f"{len(missed)} visible invoices that existed throughout did not come"


class TestTheCoreAsANonAdministrator:
    @pytest.mark.parametrize("concurrency", [1, 3])
    @pytest.mark.parametrize("descending", [False, True])
    @pytest.mark.parametrize("order_by", CORE_ORDERS)
    def test_at_rest_every_visible_invoice_comes_once_and_nothing_counts_as_removed(
        self, order_by: InvoiceSortBy, descending: bool, concurrency: int
    ) -> None:
        invoices = mixed(87)
        visible = [i for i in invoices if not hidden_by_name(i)]
        portal = CorePortal(invoices, hidden=hidden_by_name)
        walk = core(order_by, descending, concurrency)

        yielded = drive(walk, portal, concurrency)

        assert sorted(i.id for i in yielded) == sorted(i.id for i in visible)
        report = walk.report
        assert report.total_before == report.total_after == len(invoices)  # both the portal's count, hidden included
        assert (report.added, report.removed, report.changed) == (0, 0, False)

    @pytest.mark.parametrize("order_by", CORE_ORDERS)
    def test_a_walk_of_one_short_page_compares_its_visible_count_with_itself(self, order_by: InvoiceSortBy) -> None:
        invoices = mixed(8)
        walk = core(order_by)

        drive(walk, CorePortal(invoices, hidden=hidden_by_name))

        assert walk.report.removed == 0
        assert walk.report.added == 0

    @pytest.mark.parametrize("concurrency", [1, 3])
    @pytest.mark.parametrize("order_by", CORE_ORDERS)
    def test_under_edits_of_visible_and_hidden_invoices_each_stable_visible_invoice_comes_once(
        self, order_by: InvoiceSortBy, concurrency: int
    ) -> None:
        chooser = random.Random(f"{order_by}-{concurrency}")
        newcomers = iter(mixed(400, first_number=10_000))
        removed: list[int] = []
        added: list[int] = []

        def edit(portal: CorePortal, request: PageRequest) -> None:
            if len(portal.requests) == 1:
                return  # the first page sees the portal as it began
            gone = chooser.choice(portal.invoices)
            portal.invoices.remove(gone)
            removed.append(gone.id)
            new = next(newcomers)
            portal.invoices.append(new)
            added.append(new.id)

        invoices = mixed(120)
        portal = CorePortal(list(invoices), hidden=hidden_by_name, edit=edit)
        walk = core(order_by, concurrency=concurrency)

        yielded = drive(walk, portal, concurrency)

        stable = {i.id for i in invoices if not hidden_by_name(i)} - set(removed)
        check_once(yielded, stable)
        assert not {i.id for i in yielded} & {i.id for i in invoices if hidden_by_name(i)}
        assert walk.report.removed <= len(removed)  # "at least this many": never the hidden ones on top
        assert walk.report.added <= len(added)


def fake_invoices(count: int, seed: int) -> list[dict[str, Any]]:
    """Invoices over four dates (ties beyond a page), five statuses, 49 contacts and none."""
    chooser = random.Random(seed)
    days = [invoice(1, day=d).issue_date for d in (3, 10, 17, 24)]
    found = []
    for number in chooser.sample(range(1, 50_000), count):
        contact = None if chooser.random() < 0.1 else (chooser.randrange(1, 50), chooser.choice(["Northwind", "Zeta"]))
        found.append(make_invoice(number, issued=chooser.choice(days), status=chooser.randrange(1, 6), contact=contact))
    return found


def is_hidden(wire: dict[str, Any]) -> bool:
    return wire["contact"] is not None and wire["contact"]["id"] in HIDDEN_CONTACTS


def editing(fake: FakePortal, seed: int) -> tuple[Callable[[httpx.Request], None], list[int]]:
    """An edit before each page request after the first: one invoice removed (visible or hidden), one added."""
    chooser = random.Random(seed)
    free = iter(chooser.sample(range(50_000, 99_000), 5_000))
    removed: list[int] = []

    def edit(request: httpx.Request) -> None:
        if len(fake.queries()) <= 1:
            return None
        gone = fake.invoices.pop(chooser.randrange(len(fake.invoices)))
        removed.append(gone["id"])
        template = chooser.choice(fake.invoices)
        new = make_invoice(
            next(free),
            issued=invoice(1, day=chooser.choice((3, 10, 17, 24))).issue_date,
            status=chooser.randrange(1, 6),
            contact=None if template["contact"] is None else (template["contact"]["id"], "Northwind"),
        )
        fake.invoices.insert(chooser.randrange(len(fake.invoices)), new)
        return None

    return edit, removed


def walk_over_http(fake: FakePortal, driver: str, order_by: str) -> tuple[list[Invoice], WalkReport]:
    if driver == "sync":
        with Portal(BASE_URL, fake.token, transport=fake.transport(), rate_limit=None) as portal:
            found = portal.invoices(order_by=order_by)  # type: ignore[arg-type]
            return list(found), found.report

    async def collect() -> tuple[list[Invoice], WalkReport]:
        transport = fake.async_transport()
        async with AsyncPortal(BASE_URL, fake.token, transport=transport, rate_limit=None) as portal:
            found = portal.invoices(order_by=order_by, concurrency=3)  # type: ignore[arg-type]
            return [i async for i in found], found.report

    return asyncio.run(collect())


@pytest.mark.parametrize("driver", ["sync", "async"])
@pytest.mark.parametrize("order_by", ORDERS)
def test_a_walk_over_http_at_rest_yields_exactly_the_visible_invoices(driver: str, order_by: str) -> None:
    invoices = fake_invoices(2_300, seed=3)
    fake = FakePortal(invoices, hidden_contacts=HIDDEN_CONTACTS)

    yielded, report = walk_over_http(fake, driver, order_by)

    visible = {wire["id"] for wire in invoices if not is_hidden(wire)}
    assert len(visible) < len(invoices) - 500  # the caller really misses many
    check_once(yielded, visible)
    assert {i.id for i in yielded} == visible
    assert report.total_before == report.total_after == len(invoices)
    assert (report.added, report.removed) == (0, 0)


@pytest.mark.parametrize("driver", ["sync", "async"])
@pytest.mark.parametrize("order_by", ORDERS)
def test_a_walk_over_http_under_edits_yields_each_stable_visible_invoice_once(driver: str, order_by: str) -> None:
    invoices = fake_invoices(2_300, seed=4)
    fake = FakePortal(list(invoices), hidden_contacts=HIDDEN_CONTACTS)
    fake.before, removed = editing(fake, seed=len(order_by))

    yielded, report = walk_over_http(fake, driver, order_by)

    stable = {wire["id"] for wire in invoices if not is_hidden(wire)} - set(removed)
    check_once(yielded, stable)
    assert not {i.id for i in yielded} & {wire["id"] for wire in invoices if is_hidden(wire)}
    assert removed, "the portal really changed"
    assert report.removed <= len(removed)


@pytest.fixture(scope="module")
def busy_user_portal() -> Iterator[RunningPortal]:
    """The mock portal as a ``user`` who may not see every contact, editing itself before every request."""
    config = PortalConfig(
        invoices=3_000, rate_limit=0, role="user", edits_per_request=2.0, edit_early_numbers=True, seed=11
    )
    with serve_portal(config) as running:
        yield running


def served_to_the_caller(running: RunningPortal) -> dict[int, int]:
    """The invoices the mock serves its caller now, id -> status (read from its store: over HTTP it would edit)."""
    store = running.control.store
    rows = store.positions()
    rows = rows[visible_invoices(store.data)[rows]]
    return dict(zip(store.data.ids[rows].tolist(), store.data.status_ids[rows].tolist(), strict=True))


@pytest.mark.timeout(120)
@pytest.mark.parametrize("driver", ["sync", "async"])
@pytest.mark.parametrize("order_by", ORDERS)
def test_a_walk_of_the_mock_as_a_user_under_edits_yields_each_stable_visible_invoice_once(
    busy_user_portal: RunningPortal, order_by: str, driver: str
) -> None:
    running = busy_user_portal
    running.control.reset()
    before = served_to_the_caller(running)
    token = PortalConfig().token

    if driver == "sync":
        with Portal(running.url, token, rate_limit=None) as portal:
            walk = portal.invoices(order_by=order_by)  # type: ignore[arg-type]
            yielded = list(walk)
            report = walk.report
    else:

        async def collect() -> tuple[list[Invoice], WalkReport]:
            async with AsyncPortal(running.url, token, rate_limit=None) as portal:
                found = portal.invoices(order_by=order_by, concurrency=3)  # type: ignore[arg-type]
                return [i async for i in found], found.report

        yielded, report = asyncio.run(collect())

    after = served_to_the_caller(running)
    throughout = {i for i in before.keys() & after.keys() if order_by != "status" or before[i] == after[i]}
    check_once(yielded, throughout)
    assert len(before) < running.control.store.data.ids.size  # some invoices are hidden from this caller
    edits = running.control.edits
    assert edits.added + edits.deleted + edits.status_changed >= 4  # the portal really changed
    assert report.removed <= edits.deleted
