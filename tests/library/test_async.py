"""AsyncPortal: the same walk, errors and filters with ``async for``, and concurrent pages in order."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any

import httpx
import pytest

from onlyoffice_crm import AsyncPortal, AuthenticationError, Invoice, RateLimitError, ServerError

from .conftest import BASE_URL
from .fake_portal import FakePortal
from .test_walk import ORDERS, expected_numbers


class SlowTransport(httpx.AsyncBaseTransport):
    """The fake portal, answering after ``delay`` seconds; records how many requests overlap."""

    def __init__(self, fake: FakePortal, delay: float) -> None:
        self.fake, self.delay = fake, delay
        self.in_flight = self.most_in_flight = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.in_flight += 1
        self.most_in_flight = max(self.most_in_flight, self.in_flight)
        try:
            await asyncio.sleep(self.delay)
            await request.aread()
            return self.fake.handle(request)
        finally:
            self.in_flight -= 1


async def walk(portal: AsyncPortal, **filters: Any) -> list[str]:
    return [invoice.number async for invoice in portal.invoices(**filters)]


@pytest.mark.parametrize("concurrency", [1, 4])
@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("order_by", list(ORDERS))
def test_every_invoice_exactly_once_in_order(
    fake: FakePortal, order_by: str, descending: bool, concurrency: int
) -> None:
    async def main() -> list[str]:
        async with AsyncPortal(BASE_URL, fake.token, transport=fake.async_transport(), rate_limit=None) as portal:
            return await walk(portal, order_by=order_by, descending=descending, concurrency=concurrency)

    assert asyncio.run(main()) == expected_numbers(fake.invoices, order_by, descending)


def test_concurrent_pages_overlap_and_still_come_in_order(fake: FakePortal) -> None:
    # 7,800 distinct invoices: 8 pages (numbers repeat across the copies; number then id keeps the order stable)
    fake.invoices = [
        {**invoice, "id": invoice["id"] + copy * 1_000_000} for copy in range(3) for invoice in fake.invoices
    ]
    transport = SlowTransport(fake, delay=0.05)

    async def main() -> list[str]:
        async with AsyncPortal(BASE_URL, fake.token, transport=transport, rate_limit=None) as portal:
            return await walk(portal, concurrency=4)

    walked = asyncio.run(main())

    assert walked == sorted(invoice["number"] for invoice in fake.invoices)
    assert transport.most_in_flight == 4


def test_leaving_a_concurrent_walk_early_cancels_the_pages_in_flight(fake: FakePortal) -> None:
    transport = SlowTransport(fake, delay=0.05)

    async def main() -> Invoice:
        async with AsyncPortal(BASE_URL, fake.token, transport=transport, rate_limit=None) as portal:
            walker = portal.invoices(concurrency=3)
            first = await anext(walker)
            await walker.aclose()
            await asyncio.sleep(0.1)
            return first

    assert asyncio.run(main()).number == min(invoice["number"] for invoice in fake.invoices)
    assert transport.in_flight == 0


def test_count_page_and_offset(fake: FakePortal) -> None:
    async def main() -> tuple[int, int, dt.timedelta]:
        async with AsyncPortal(BASE_URL, fake.token, transport=fake.async_transport(), rate_limit=None) as portal:
            page = await portal.page(status="paid", limit=10, order_by="due")
            return await portal.count_invoices(status=4), page.total, await portal.utc_offset()

    count, total, offset = asyncio.run(main())
    assert count == total == sum(1 for invoice in fake.invoices if invoice["status"]["id"] == 4)
    assert offset == dt.timedelta(hours=3)


def test_errors_login_and_retries() -> None:
    fake = FakePortal([])
    answers = iter([httpx.Response(503, headers={"Retry-After": "0"}), httpx.Response(502, text="<html>proxy</html>")])
    fake.before = lambda request: next(answers, None) if "filter" in request.url.path else None

    async def main() -> int:
        async with await AsyncPortal.login(
            BASE_URL, fake.user_name, fake.password, transport=fake.async_transport()
        ) as p:
            return await p.count_invoices()

    assert asyncio.run(main()) == 0
    assert [request.url.path.rsplit("/", 1)[-1] for request in fake.requests] == ["authentication"] + ["filter"] * 3

    async def wrong_password() -> None:
        await AsyncPortal.login(BASE_URL, fake.user_name, "wrong", transport=fake.async_transport())

    with pytest.raises(AuthenticationError):
        asyncio.run(wrong_password())


@pytest.mark.parametrize(("status", "error"), [(503, RateLimitError), (504, ServerError)])
def test_the_last_error_after_the_retries(status: int, error: type[Exception]) -> None:
    transport = httpx.MockTransport(lambda request: httpx.Response(status, text="<html>down</html>"))

    async def main() -> int:
        async with AsyncPortal(BASE_URL, "t", transport=transport, max_retries=1) as portal:
            return await portal.count_invoices()

    with pytest.raises(error):
        asyncio.run(main())


def test_bad_values_raise_when_called_not_when_iterated() -> None:
    portal = AsyncPortal(BASE_URL, "t", transport=httpx.MockTransport(lambda request: httpx.Response(500)))

    with pytest.raises(ValueError, match="status"):
        portal.invoices(status="unpaid")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="concurrency"):
        portal.invoices(concurrency=0)
