"""Fixtures: a fake portal with many ties, and portals talking to it through a mock transport."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from typing import Any

import pytest
import stamina

from onlyoffice_crm import Portal

from .fake_portal import FakePortal, make_invoice

BASE_URL = "https://portal.example.com"
PORTAL_ZONE = dt.timezone(dt.timedelta(hours=3))


def tie_heavy_invoices(count: int = 2600, seed: int = 7) -> list[dict[str, Any]]:
    """Invoices whose dates and statuses tie a lot: 1,200 share one issue date (more than a page)."""
    chooser = random.Random(seed)
    days = [dt.datetime(2024, 1, d, tzinfo=PORTAL_ZONE) for d in (3, 10, 17, 24)]
    names = ["Northwind", "alpha", "Zeta", "Bravo", "northwind"]
    invoices: list[dict[str, Any]] = []
    for number in chooser.sample(range(1, 100_000), count):
        issued = days[0] if len(invoices) < 1200 else chooser.choice(days[1:])
        invoices.append(
            make_invoice(
                number,
                issued=issued,
                due=issued + dt.timedelta(days=chooser.choice((14, 30))),
                status=chooser.choice((1, 2, 3, 4, 5)),
                currency=chooser.choice(("EUR", "USD")),
                cost=chooser.randrange(1, 10**7) / 100,
                contact=None if chooser.random() < 0.1 else (chooser.randrange(1, 50), chooser.choice(names)),
            )
        )
    return invoices


@pytest.fixture(autouse=True)
def no_backoff_waits() -> Iterator[None]:
    """Retries without sleeping, except where a test turns it off to measure waits."""
    stamina.set_testing(True, attempts=100, cap=True)
    yield
    stamina.set_testing(False)


@pytest.fixture(scope="session")
def tie_heavy() -> list[dict[str, Any]]:
    return tie_heavy_invoices()


@pytest.fixture
def fake(tie_heavy: list[dict[str, Any]]) -> FakePortal:
    return FakePortal(list(tie_heavy))


@pytest.fixture
def portal(fake: FakePortal) -> Iterator[Portal]:
    with Portal(BASE_URL, fake.token, transport=fake.transport(), rate_limit=None) as opened:
        yield opened
