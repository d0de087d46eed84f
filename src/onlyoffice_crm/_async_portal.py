"""``AsyncPortal``: the asyncio entry point, a thin driver of the same sans-I/O walk and plans as ``Portal``."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections import deque
from collections.abc import AsyncIterator
from types import TracebackType
from typing import Self, TypeVar, Unpack

import httpx

from onlyoffice_crm_client.models import Invoice

from ._errors import PortalError
from ._filters import Filters, InvoiceFilter, OrderedFilters, build_filter
from ._iterators import DEFAULT_CONCURRENCY, AsyncInvoiceWalk, OpeningPortal, check_concurrency
from ._operations import Page, check_paging, login_error, login_request, read_login
from ._portal_base import DEFAULTS, Plan, PortalBase, PortalOptions, count_plan, page_plan, policy_of
from ._settings import check_base_url, check_text, credentials_from_env
from ._signatures import with_keywords
from ._transport import AsyncSender
from ._walk import PageRequest, WalkCore, WalkReport

__all__ = ["AsyncPortal"]

T = TypeVar("T")


class AsyncPortal(PortalBase):
    """The asyncio twin of :class:`Portal`: the same arguments and methods, awaited.

    ``invoices()`` is iterated with ``async for``; ``login()`` and ``from_env()`` can be awaited or used
    directly in ``async with``.
    """

    @with_keywords(PortalOptions, defaults=DEFAULTS)
    def __init__(
        self,
        base_url: str,
        token: str,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        **options: Unpack[PortalOptions],
    ) -> None:
        super().__init__(base_url, token, options, transport)
        self._sender = AsyncSender(self._client.get_async_httpx_client(), self._policy)

    @classmethod
    @with_keywords(PortalOptions, defaults=DEFAULTS)
    def login(
        cls,
        base_url: str,
        user_name: str,
        password: str,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        **options: Unpack[PortalOptions],
    ) -> OpeningPortal[Self]:
        """Log in (see :meth:`Portal.login`): ``await AsyncPortal.login(...)``, or ``async with`` it directly."""
        url = check_base_url(base_url)
        request = login_request(check_text("user_name", user_name), check_text("password", password))
        policy = policy_of(options, rate_limit=False)

        async def opening() -> Self:
            async with httpx.AsyncClient(base_url=url, timeout=policy.timeout, transport=transport) as http:
                try:
                    response = await AsyncSender(http, policy).send(request, retry=False)
                except PortalError as error:
                    raise login_error(error) from error
                token = read_login(response)
            return cls(url, token, transport=transport, **options)

        return OpeningPortal(opening())

    @classmethod
    @with_keywords(PortalOptions, defaults=DEFAULTS)
    def from_env(
        cls, *, transport: httpx.AsyncBaseTransport | None = None, **options: Unpack[PortalOptions]
    ) -> OpeningPortal[Self]:
        """A portal from the environment (see :meth:`Portal.from_env`), awaited or in ``async with``."""
        found = credentials_from_env()
        if found.token is None:
            assert found.user_name is not None
            assert found.password is not None
            return cls.login(found.base_url, found.user_name, found.password, transport=transport, **options)

        async def opening() -> Self:
            return cls(found.base_url, found.token or "", transport=transport, **options)

        return OpeningPortal(opening())

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
        return await self._run(self._offset_plan())

    @with_keywords(OrderedFilters, defaults={"descending": False})
    def invoices(
        self, *, concurrency: int = DEFAULT_CONCURRENCY, **filters: Unpack[OrderedFilters]
    ) -> AsyncInvoiceWalk:
        """Every matching invoice exactly once, in the order asked (see :meth:`Portal.invoices`).

        Args:
            concurrency: pages requested at once (1..32); at most this many pages are held.
        """
        query = build_filter(filters)
        report = WalkReport()
        return AsyncInvoiceWalk(self._walk(query, check_concurrency(concurrency), report), report)

    @with_keywords(Filters)
    async def count_invoices(self, **filters: Unpack[Filters]) -> int:
        """How many invoices match (one request)."""
        return await self._run(count_plan(build_filter(filters, ordered=False)))

    @with_keywords(OrderedFilters, defaults={"descending": False})
    async def page(self, *, limit: int = 25, offset: int = 0, **filters: Unpack[OrderedFilters]) -> Page:
        """One page and the total (see :meth:`Portal.page`)."""
        query = build_filter(filters)
        limit, offset = check_paging(limit, offset)
        return await self._run(page_plan(query, limit, offset))

    async def _fetch(self, request: PageRequest) -> httpx.Response:
        return await self._sender.send(self._httpx_request(request))

    async def _run(self, plan: Plan[T]) -> T:
        try:
            request = next(plan)
            while True:
                request = plan.send(self._read(request, await self._fetch(request)))
        except StopIteration as done:
            return done.value  # type: ignore[no-any-return]

    async def _walk(self, query: InvoiceFilter, concurrency: int, report: WalkReport) -> AsyncIterator[Invoice]:
        core = WalkCore(await self._run(self._localize_plan(query)), concurrency, report)
        in_flight: deque[tuple[PageRequest, asyncio.Task[httpx.Response]]] = deque()
        try:
            while not core.done:
                while len(in_flight) < concurrency and (request := core.next_request(len(in_flight))) is not None:
                    in_flight.append((request, asyncio.ensure_future(self._fetch(request))))
                if not in_flight:
                    break
                request, answer = in_flight.popleft()
                for invoice in core.receive(request, self._read(request, await answer)):
                    yield invoice
        finally:
            for _, task in in_flight:
                task.cancel()
