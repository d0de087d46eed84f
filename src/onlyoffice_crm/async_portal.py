"""``AsyncPortal``: the same surface as :class:`Portal` for asyncio, with concurrent page fetching."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections import deque
from collections.abc import AsyncIterator
from types import TracebackType
from typing import Self

import httpx

from onlyoffice_crm_client import AuthenticatedClient
from onlyoffice_crm_client.models import Invoice, InvoiceListResponse, InvoiceSortBy

from .dates import DateRange
from .errors import PortalError
from .filters import InvoiceFilter, build_filter
from .operations import (
    JSON_HEADERS,
    Page,
    check_paging,
    invoice_request,
    learn_offset,
    login_error,
    login_request,
    read_login,
    read_page,
)
from .portal import DEFAULT_MAX_RETRIES
from .settings import check_base_url, check_text, credentials_from_env
from .transport import DEFAULT_RATE_LIMIT, AsyncSender, Policy, RateLimit, as_timedelta
from .walk import DATE_ORDERS, KNOWN_STATUSES, PAGE_SIZE, TOTAL_ORDERS, first_range, keyset_step, status_plan

__all__ = ["AsyncPortal"]


def _check_concurrency(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"concurrency: expected an int, got {type(value).__name__}")
    if not 1 <= value <= 32:
        raise ValueError(f"concurrency: {value} is not in 1..32")
    return value


class AsyncPortal:
    """The asyncio twin of :class:`Portal` (same arguments, same methods, awaited).

    ``invoices()`` is iterated with ``async for``; ``concurrency=`` fetches that many pages at once,
    still in order and within the rate limit (which counts the requests of this object).
    """

    def __init__(
        self,
        base_url: str,
        token: str,
        *,
        timeout: float = 30.0,
        max_retries: int = DEFAULT_MAX_RETRIES,
        rate_limit: RateLimit | None = DEFAULT_RATE_LIMIT,
        utc_offset: dt.timedelta | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self._base_url = check_base_url(base_url)
        self._token = check_text("token", token).strip()
        self._policy = Policy(timeout=timeout, max_retries=max_retries, rate_limit=rate_limit)
        self._utc_offset = as_timedelta(utc_offset, "utc_offset")
        self._client = AuthenticatedClient(
            base_url=self._base_url,
            token=self._token,
            prefix="",
            headers=dict(JSON_HEADERS),
            timeout=httpx.Timeout(float(timeout)),
            httpx_args={"transport": transport} if transport is not None else {},
        )
        self._sender = AsyncSender(self._client.get_async_httpx_client(), self._policy)

    @classmethod
    async def login(
        cls,
        base_url: str,
        user_name: str,
        password: str,
        *,
        timeout: float = 30.0,
        max_retries: int = DEFAULT_MAX_RETRIES,
        rate_limit: RateLimit | None = DEFAULT_RATE_LIMIT,
        utc_offset: dt.timedelta | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> Self:
        """Log in with a user name and password and return a portal (see :meth:`Portal.login`)."""
        url = check_base_url(base_url)
        request = login_request(check_text("user_name", user_name), check_text("password", password))
        policy = Policy(timeout=timeout, max_retries=max_retries, rate_limit=None)
        async with httpx.AsyncClient(base_url=url, timeout=httpx.Timeout(float(timeout)), transport=transport) as http:
            try:
                response = await AsyncSender(http, policy).send(request, retry=False)
            except PortalError as error:
                raise login_error(error) from error
            token = read_login(response)
        return cls(
            url,
            token,
            timeout=timeout,
            max_retries=max_retries,
            rate_limit=rate_limit,
            utc_offset=utc_offset,
            transport=transport,
        )

    @classmethod
    async def from_env(
        cls,
        *,
        timeout: float = 30.0,
        max_retries: int = DEFAULT_MAX_RETRIES,
        rate_limit: RateLimit | None = DEFAULT_RATE_LIMIT,
        utc_offset: dt.timedelta | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> Self:
        """A portal from the environment (see :meth:`Portal.from_env`); awaited because it may log in."""
        found = credentials_from_env()
        if found.token is not None:
            return cls(
                found.base_url,
                found.token,
                timeout=timeout,
                max_retries=max_retries,
                rate_limit=rate_limit,
                utc_offset=utc_offset,
                transport=transport,
            )
        assert found.user_name is not None
        assert found.password is not None
        return await cls.login(
            found.base_url,
            found.user_name,
            found.password,
            timeout=timeout,
            max_retries=max_retries,
            rate_limit=rate_limit,
            utc_offset=utc_offset,
            transport=transport,
        )

    @property
    def base_url(self) -> str:
        """The portal's address."""
        return self._base_url

    @property
    def token(self) -> str:
        """The token sent with every request."""
        return self._token

    @property
    def client(self) -> AuthenticatedClient:
        """The generated client on the same connection (use its ``asyncio`` functions)."""
        return self._client

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._base_url!r}, token='***')"

    async def close(self) -> None:
        """Close the connections."""
        self._sender.close()
        await self._client.get_async_httpx_client().aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        await self.close()

    async def utc_offset(self) -> dt.timedelta:
        """The portal's UTC offset (see :meth:`Portal.utc_offset`)."""
        if self._utc_offset is None:
            await self._fetch(InvoiceFilter(), 0, 1)
        return self._utc_offset if self._utc_offset is not None else dt.timedelta(0)

    def invoices(
        self,
        *,
        status: object = None,
        issued: object = None,
        due: object = None,
        contact: object = None,
        opportunity: object = None,
        currency: object = None,
        search: object = None,
        order_by: object = None,
        descending: bool = False,
        concurrency: int = 1,
    ) -> AsyncIterator[Invoice]:
        """Every matching invoice exactly once, in the order asked (see :meth:`Portal.invoices`).

        Args:
            concurrency: pages fetched at once (1..32) where the order allows it (``number``,
                ``id``, ``contact``, and within each status); at most this many pages are held.
        """
        query = build_filter(
            status=status,
            issued=issued,
            due=due,
            contact=contact,
            opportunity=opportunity,
            currency=currency,
            search=search,
            order_by=order_by,
            descending=descending,
        )
        return self._walk(query, _check_concurrency(concurrency))

    async def count_invoices(
        self,
        *,
        status: object = None,
        issued: object = None,
        due: object = None,
        contact: object = None,
        opportunity: object = None,
        currency: object = None,
        search: object = None,
    ) -> int:
        """How many invoices match (one request)."""
        query = build_filter(
            status=status,
            issued=issued,
            due=due,
            contact=contact,
            opportunity=opportunity,
            currency=currency,
            search=search,
        )
        return await self._count(query)

    async def page(
        self,
        *,
        status: object = None,
        issued: object = None,
        due: object = None,
        contact: object = None,
        opportunity: object = None,
        currency: object = None,
        search: object = None,
        order_by: object = None,
        descending: bool = False,
        limit: int = 25,
        offset: int = 0,
    ) -> Page:
        """One page and the total (see :meth:`Portal.page`)."""
        query = build_filter(
            status=status,
            issued=issued,
            due=due,
            contact=contact,
            opportunity=opportunity,
            currency=currency,
            search=search,
            order_by=order_by,
            descending=descending,
        )
        limit, offset = check_paging(limit, offset)
        if limit == 0:
            return Page([], await self._count(query), offset)
        answer = await self._fetch(query, offset, limit)
        total = answer.total
        if not answer.response and offset > 0:
            total = await self._count(query)
        return Page(list(answer.response), total, offset)

    async def _fetch(self, query: InvoiceFilter, start: int, count: int) -> InvoiceListResponse:
        offset = await self.utc_offset() if query.needs_offset else self._utc_offset
        answer = read_page(await self._sender.send(invoice_request(query, start, count, offset)))
        if self._utc_offset is None:
            self._utc_offset = learn_offset(answer.response)
        return answer

    async def _count(self, query: InvoiceFilter) -> int:
        return (await self._fetch(query, 0, 1)).total

    async def _walk(self, query: InvoiceFilter, concurrency: int) -> AsyncIterator[Invoice]:
        query = query.localized(await self.utc_offset() if query.needs_offset else None)
        if query.order_by in TOTAL_ORDERS:
            walk = self._offset_walk(query, concurrency)
        elif query.order_by in DATE_ORDERS:
            walk = self._keyset_walk(query, concurrency)
        else:
            walk = self._status_walk(query, concurrency)
        async for invoice in walk:
            yield invoice

    async def _offset_walk(self, query: InvoiceFilter, concurrency: int) -> AsyncIterator[Invoice]:
        first = await self._fetch(query, 0, PAGE_SIZE)
        for invoice in first.response:
            yield invoice
        if len(first.response) < PAGE_SIZE:
            return
        start = PAGE_SIZE
        if concurrency > 1:
            # A full page's total is the database count: the pages to fetch are known, fetch them ahead.
            starts = deque(range(PAGE_SIZE, first.total, PAGE_SIZE))
            pending: deque[asyncio.Task[InvoiceListResponse]] = deque()
            try:
                while starts or pending:
                    while starts and len(pending) < concurrency:
                        pending.append(asyncio.ensure_future(self._fetch(query, starts.popleft(), PAGE_SIZE)))
                    page = (await pending.popleft()).response
                    for invoice in page:
                        yield invoice
                    if len(page) < PAGE_SIZE:
                        return
            finally:
                for task in pending:
                    task.cancel()
            start = max(first.total, PAGE_SIZE)
            start += -start % PAGE_SIZE
        while True:  # sequential, or after the last page the total announced (the data grew)
            page = (await self._fetch(query, start, PAGE_SIZE)).response
            for invoice in page:
                yield invoice
            if len(page) < PAGE_SIZE:
                return
            start += PAGE_SIZE

    async def _keyset_walk(self, query: InvoiceFilter, concurrency: int) -> AsyncIterator[Invoice]:
        key = query.order_by
        bounds: DateRange | None = first_range(query)
        while bounds is not None:
            page = (await self._fetch(query.with_range(key, bounds), 0, PAGE_SIZE)).response
            step = keyset_step(page, bounds, key, query.descending)
            for invoice in step.emit:
                yield invoice
            if step.tie is not None:
                tie = query.with_range(key, DateRange(step.tie, step.tie)).ordered(
                    InvoiceSortBy.NUMBER, descending=False
                )
                async for invoice in self._offset_walk(tie, concurrency):
                    yield invoice
            bounds = step.rest

    async def _status_walk(self, query: InvoiceFilter, concurrency: int) -> AsyncIterator[Invoice]:
        by_number = query.ordered(InvoiceSortBy.NUMBER, descending=False)
        if query.status is not None:
            async for invoice in self._offset_walk(by_number, concurrency):
                yield invoice
            return
        counts = await asyncio.gather(*(self._count(by_number.with_status(status)) for status in KNOWN_STATUSES))
        unknown = await self._count(by_number) > sum(counts)
        if unknown and query.descending:
            for invoice in await self._unknown_statuses(by_number, concurrency, descending=True):
                yield invoice
        for status in status_plan(query.descending):
            async for invoice in self._offset_walk(by_number.with_status(status), concurrency):
                yield invoice
        if unknown and not query.descending:
            for invoice in await self._unknown_statuses(by_number, concurrency, descending=False):
                yield invoice

    async def _unknown_statuses(self, by_number: InvoiceFilter, concurrency: int, *, descending: bool) -> list[Invoice]:
        found = [
            invoice
            async for invoice in self._offset_walk(by_number, concurrency)
            if invoice.status.id not in KNOWN_STATUSES
        ]
        return sorted(found, key=lambda invoice: invoice.status.id, reverse=descending)
