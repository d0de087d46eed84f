"""``Portal`` and ``AsyncPortal``: the library's two entry points, thin drivers of the same sans-I/O walk and plans.

Both hold the same state (:class:`PortalBase`) and run the same request sequences: a plan is a generator that
yields the :class:`~onlyoffice_crm._walk.PageRequest` it needs answered, receives the parsed answer, and returns
its result; ``Portal`` runs it with plain calls, ``AsyncPortal`` with ``await``. A walk over every invoice is
a :class:`~onlyoffice_crm._walk.WalkCore`, driven with threads (``Portal``) or tasks (``AsyncPortal``) and
returned as an :class:`InvoiceWalk` or :class:`AsyncInvoiceWalk`. How a request is built and an answer read is
in ``_operations``; how the walk keeps its promise is in ``_walk``.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections import deque
from collections.abc import AsyncIterator, Coroutine, Generator, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from types import TracebackType
from typing import Any, Generic, Protocol, Self, TypedDict, TypeVar, Unpack

import httpx

from onlyoffice_crm_client import AuthenticatedClient
from onlyoffice_crm_client.models import Invoice, InvoiceListResponse

from ._errors import PortalError
from ._filters import Filters, InvoiceFilter, OrderedFilters, build_filter
from ._operations import (
    JSON_HEADERS,
    PAGE_MAXIMUM,
    Page,
    check_paging,
    invoice_request,
    learn_offset,
    login_error,
    login_request,
    read_login,
    read_page,
)
from ._settings import check_base_url, check_text, check_token, credentials_from_env
from ._signatures import with_keywords
from ._time_zone import check_time_zone, zoned
from ._transport import DEFAULT_RATE_LIMIT, AsyncSender, Policy, RateLimit, Sender, as_timedelta
from ._walk import PageRequest, WalkCore, WalkReport

__all__ = [
    "DEFAULT_CONCURRENCY",
    "DEFAULT_MAX_RETRIES",
    "AsyncInvoiceWalk",
    "AsyncPortal",
    "InvoiceWalk",
    "OpeningPortal",
    "Plan",
    "Portal",
    "PortalBase",
    "PortalOptions",
    "check_concurrency",
    "count_plan",
    "page_plan",
]

T = TypeVar("T")
Plan = Generator[PageRequest, InvoiceListResponse, T]
DEFAULT_MAX_RETRIES = 4
DEFAULT_CONCURRENCY = 2
"""Pages a walk requests at once unless told otherwise: the next page is on its way while one is read."""


class PortalOptions(TypedDict, total=False):
    """How a portal object sends requests, declared once for the constructors, ``login`` and ``from_env``.

    Keys:
        timeout: seconds for each attempt's whole exchange, from connecting to the last byte of the answer.
        max_retries: further attempts of a GET after 429, 502, 503, 504, a connection error or a connect
            timeout, with exponential backoff and jitter, waiting ``Retry-After`` when sent. Under the mock
            portal's ``onlyoffice_portal`` pytest fixture (or ``stamina.set_testing(True, attempts=100,
            cap=True)``) the retries are made without waiting.
        max_retry_wait: the most seconds one request spends waiting between its attempts; a wait that
            would pass it ends the retries with the last error.
        max_response_bytes: the largest answer accepted, counted after decompression
            (:class:`~onlyoffice_crm.ResponseTooLargeError` beyond it).
        rate_limit: at most this many requests per window, counted on this object (default: the portal's
            500 per 10 s); ``None`` for no limit.
        utc_offset: the portal's time zone as one UTC offset, to send aware datetimes when no ``time_zone`` is
            given; learnt from the first invoice date seen when not given. Right only for a zone without
            daylight saving: prefer ``time_zone``.
        time_zone: the portal's IANA time zone (``"Europe/London"``, or a ``tzinfo``), which the API never
            tells: with it every date filter is sent as exact instants, each with the offset of its own date,
            and is right across daylight-saving changes. Without it, dates are sent as the portal's wall-clock
            time, and the last day of a range whose offset changes that day ends an hour early or late
            (see the guide). ``from_env`` reads ``ONLYOFFICE_TIME_ZONE`` when it is not given.
    """

    timeout: float
    max_retries: int
    max_retry_wait: float
    max_response_bytes: int
    rate_limit: RateLimit | None
    utc_offset: dt.timedelta | None
    time_zone: str | dt.tzinfo | None


DEFAULTS: dict[str, object] = {
    "timeout": Policy.timeout,
    "max_retries": DEFAULT_MAX_RETRIES,
    "max_retry_wait": Policy.max_retry_wait,
    "max_response_bytes": Policy.max_response_bytes,
    "rate_limit": DEFAULT_RATE_LIMIT,
    "utc_offset": None,
    "time_zone": None,
}


def policy_of(options: PortalOptions, *, rate_limit: bool = True) -> Policy:
    """The sending policy of ``options`` (without the rate limit when not ``rate_limit``, as for a login)."""
    unknown = [name for name in options if name not in DEFAULTS]
    if unknown:
        raise TypeError(f"{unknown[0]!r} is not an option (the options are {', '.join(DEFAULTS)})")
    return Policy(
        timeout=options.get("timeout", Policy.timeout),
        max_retries=options.get("max_retries", DEFAULT_MAX_RETRIES),
        max_retry_wait=options.get("max_retry_wait", Policy.max_retry_wait),
        max_response_bytes=options.get("max_response_bytes", Policy.max_response_bytes),
        rate_limit=options.get("rate_limit", DEFAULT_RATE_LIMIT) if rate_limit else None,
    )


class PortalBase:
    """The state both portal classes hold, and how an answer is read."""

    def __init__(self, base_url: str, token: str, options: PortalOptions, transport: object) -> None:
        self._base_url = check_base_url(base_url)
        self._token = check_token(token)
        self._policy = policy_of(options)
        self._utc_offset = as_timedelta(options.get("utc_offset"), "utc_offset")
        self._time_zone = check_time_zone(options.get("time_zone"))
        if self._time_zone is not None and self._utc_offset is not None:
            raise ValueError("utc_offset, time_zone: give the portal's time zone once (time_zone is exact)")
        self._client = AuthenticatedClient(
            base_url=self._base_url,
            token=self._token,
            prefix="",
            headers=dict(JSON_HEADERS),
            timeout=httpx.Timeout(float(self._policy.timeout)),
            httpx_args={"transport": transport} if transport is not None else {},
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
    def time_zone(self) -> dt.tzinfo | None:
        """The portal's time zone as given (``time_zone=`` or ``ONLYOFFICE_TIME_ZONE``), else ``None``."""
        return self._time_zone

    @property
    def client(self) -> AuthenticatedClient:
        """The generated client on the same connection, for anything this layer does not cover."""
        return self._client

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._base_url!r}, token='***')"

    def _httpx_request(self, request: PageRequest) -> dict[str, Any]:
        # Every query was prepared (_prepare_plan): an aware bound left in it is an instant to send as it is.
        return invoice_request(request.query, request.start, request.count, None)

    def _read(self, request: PageRequest, response: httpx.Response) -> InvoiceListResponse:
        answer = read_page(response, request.count)
        if self._utc_offset is None:
            self._utc_offset = learn_offset(answer.response)
        return answer

    def _offset_plan(self) -> Plan[dt.timedelta]:
        if self._time_zone is not None:
            return dt.datetime.now(self._time_zone).utcoffset() or dt.timedelta(0)
        if self._utc_offset is None:
            yield PageRequest(InvoiceFilter(), 0, 1)
        return self._utc_offset if self._utc_offset is not None else dt.timedelta(0)

    def _prepare_plan(self, query: InvoiceFilter) -> Plan[InvoiceFilter]:
        """``query`` as it is sent: with a time zone every date bound an instant (exact across daylight saving);
        without, every bound the portal's wall-clock time, aware ones converted with one offset (learnt first)."""
        if self._time_zone is not None:
            return zoned(query, self._time_zone)
        offset = (yield from self._offset_plan()) if query.needs_offset else None
        return query.localized(offset)

    def _count_plan(self, query: InvoiceFilter) -> Plan[int]:
        return (yield from count_plan((yield from self._prepare_plan(query))))

    def _page_plan(self, query: InvoiceFilter, limit: int, offset: int) -> Plan[Page]:
        return (yield from page_plan((yield from self._prepare_plan(query)), limit, offset))


def count_plan(query: InvoiceFilter) -> Plan[int]:
    """How many invoices match: ``count=1`` (a full page's total is the database count; ``count=0`` would
    return one invoice)."""
    return (yield PageRequest(query, 0, 1)).total


def page_plan(query: InvoiceFilter, limit: int, offset: int) -> Plan[Page]:
    """One page and the total; past the end the portal answers ``total = startIndex``, so it is counted."""
    if limit == 0:
        return Page([], (yield from count_plan(query)), offset)
    answer = yield PageRequest(query, offset, limit)
    total = answer.total
    if not answer.response and offset > 0:
        total = yield from count_plan(query)
    return Page(list(answer.response), total, offset)


class _AsyncPortal(Protocol):
    async def __aenter__(self) -> Self: ...

    async def __aexit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None: ...


P = TypeVar("P", bound=_AsyncPortal)


def check_concurrency(value: object) -> int:
    """``concurrency=``: pages requested at once, 1..32."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"concurrency: expected an int, got {type(value).__name__}")
    if not 1 <= value <= 32:
        raise ValueError(f"concurrency: {value} is not in 1..32")
    return value


class InvoiceWalk(Iterator[Invoice]):
    """The invoices of :meth:`Portal.invoices`, fetched lazily; :attr:`report` says how the portal changed.

    Closing it (or leaving a ``for`` loop early and dropping it) stops the requests in flight.
    """

    def __init__(self, invoices: Iterator[Invoice], report: WalkReport) -> None:
        self._invoices = invoices
        self.report = report
        """How the portal changed under the walk, as far as it could see (complete once the walk ends)."""

    def __next__(self) -> Invoice:
        return next(self._invoices)

    def close(self) -> None:
        """Stop the walk and the requests it has in flight."""
        close = getattr(self._invoices, "close", None)
        if close is not None:
            close()


class OpeningPortal(Generic[P]):
    """A portal being opened (a login): ``await`` it for the portal, or use it in ``async with`` directly."""

    def __init__(self, opening: Coroutine[Any, Any, P]) -> None:
        self._opening = opening
        self._portal: P | None = None

    def __await__(self) -> Generator[Any, None, P]:
        return self._opening.__await__()

    async def __aenter__(self) -> P:
        self._portal = await self._opening
        return await self._portal.__aenter__()

    async def __aexit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        if self._portal is not None:
            await self._portal.__aexit__(kind, error, traceback)


class AsyncInvoiceWalk(AsyncIterator[Invoice]):
    """The invoices of :meth:`AsyncPortal.invoices` (``async for``); :attr:`report` says how the portal changed."""

    def __init__(self, invoices: AsyncIterator[Invoice], report: WalkReport) -> None:
        self._invoices = invoices
        self.report = report
        """How the portal changed under the walk, as far as it could see (complete once the walk ends)."""

    async def __anext__(self) -> Invoice:
        return await anext(self._invoices)

    async def aclose(self) -> None:
        """Stop the walk and cancel the requests it has in flight."""
        close = getattr(self._invoices, "aclose", None)
        if close is not None:
            await close()


class Portal(PortalBase):
    """A connection to one ONLYOFFICE portal's CRM invoices, with a token.

    Args:
        base_url: the portal's address, e.g. ``https://example.onlyoffice.com``.
        token: a token from :meth:`login` (sent raw in ``Authorization``, as the portal issues it).
        transport: an httpx transport to send through (a proxy, a test double).
        **options: see :class:`~onlyoffice_crm.PortalOptions`.

    The portal object is a context manager; :meth:`close` releases its connections.
    """

    @with_keywords(PortalOptions, defaults=DEFAULTS)
    def __init__(
        self,
        base_url: str,
        token: str,
        *,
        transport: httpx.BaseTransport | None = None,
        **options: Unpack[PortalOptions],
    ) -> None:
        super().__init__(base_url, token, options, transport)
        self._sender = Sender(self._client.get_httpx_client(), self._policy)

    @classmethod
    @with_keywords(PortalOptions, defaults=DEFAULTS)
    def login(
        cls,
        base_url: str,
        user_name: str,
        password: str,
        *,
        transport: httpx.BaseTransport | None = None,
        **options: Unpack[PortalOptions],
    ) -> Self:
        """Log in with a user name and password (``POST /api/2.0/authentication``) and return a portal.

        Raises:
            AuthenticationError: wrong credentials (the portal answers 401 or 500), or two-factor
                authentication is on for the user.
            PortalError: any other failure.
        """
        url = check_base_url(base_url)
        request = login_request(check_text("user_name", user_name), check_text("password", password))
        policy = policy_of(options, rate_limit=False)
        with httpx.Client(base_url=url, timeout=httpx.Timeout(policy.timeout), transport=transport) as http:
            try:
                response = Sender(http, policy).send(request, retry=False)
            except PortalError as error:
                raise login_error(error) from error
            token = read_login(response)
        return cls(url, token, transport=transport, **options)

    @classmethod
    @with_keywords(PortalOptions, defaults=DEFAULTS)
    def from_env(cls, *, transport: httpx.BaseTransport | None = None, **options: Unpack[PortalOptions]) -> Self:
        """A portal from ``ONLYOFFICE_URL`` and ``ONLYOFFICE_TOKEN``, or by logging in with
        ``ONLYOFFICE_USER_NAME`` and ``ONLYOFFICE_PASSWORD`` (the token wins when both are set), in the time zone
        ``ONLYOFFICE_TIME_ZONE`` unless ``time_zone`` or ``utc_offset`` is given.

        Raises:
            ValueError: a variable is missing (the message names it).
            AuthenticationError: the login failed.
        """
        found = credentials_from_env()
        if not {"time_zone", "utc_offset"} & options.keys() and found.time_zone is not None:
            options["time_zone"] = found.time_zone  # a zone or an offset given wins over the environment
        if found.token is not None:
            return cls(found.base_url, found.token, transport=transport, **options)
        assert found.user_name is not None
        assert found.password is not None
        return cls.login(found.base_url, found.user_name, found.password, transport=transport, **options)

    def close(self) -> None:
        """Close the connections."""
        self._sender.close()
        self._client.get_httpx_client().close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.close()

    def utc_offset(self) -> dt.timedelta:
        """The portal's UTC offset now: the ``time_zone``'s when given, else the ``utc_offset`` given, else the
        offset on the first invoice date the layer has seen (one request for an invoice if none yet); UTC for a
        portal with no invoices.

        One number, which a zone with daylight saving changes twice a year: each parsed invoice date keeps its
        own offset, and with a ``time_zone`` date filters do not use this. Without one, aware datetimes in
        ``issued=``/``due=`` are converted with it; dates and naive datetimes are sent as the portal's own
        wall-clock time.
        """
        return self._run(self._offset_plan())

    @with_keywords(OrderedFilters, defaults={"descending": False})
    def invoices(self, *, concurrency: int = DEFAULT_CONCURRENCY, **filters: Unpack[OrderedFilters]) -> InvoiceWalk:
        """Every invoice that matches, exactly once, in the order asked, fetching pages of the spec's largest
        ``count`` (:data:`~onlyoffice_crm.PAGE_MAXIMUM`) lazily.

        Invoices added, removed or changed while the walk runs do not make it repeat or skip the others:
        see how the walk keeps its promise (the ``onlyoffice_crm._walk`` module, shown in the guide) and the
        returned walk's ``report``.

        Args:
            concurrency: pages requested at once (1..32): while one page is read, the next ones are fetched
                by as many threads; at most this many pages are held.
            **filters: see :class:`~onlyoffice_crm.OrderedFilters`.

        Raises:
            TypeError, ValueError: a bad filter (the message names it), before any request.
            PortalError: a request failed after its retries, or the portal's answers contradict each other.
        """
        query = build_filter(filters)
        report = WalkReport()
        return InvoiceWalk(self._walk(query, check_concurrency(concurrency), report), report)

    @with_keywords(Filters)
    def count_invoices(self, **filters: Unpack[Filters]) -> int:
        """How many invoices match (one request). Filters as for :meth:`invoices`."""
        return self._run(self._count_plan(build_filter(filters, ordered=False)))

    @with_keywords(OrderedFilters, defaults={"descending": False})
    def page(self, *, limit: int = 25, offset: int = 0, **filters: Unpack[OrderedFilters]) -> Page:
        """One page: the first ``limit`` (0 to :data:`~onlyoffice_crm.PAGE_MAXIMUM`) matching invoices after
        ``offset``, and the total.

        One request (two when ``offset`` is past the end). Paging through ``issue_date``,
        ``due_date`` or ``status`` order with offsets can repeat or skip invoices with equal keys
        on a real portal, as can any offset paging while the portal changes: use :meth:`invoices` to walk them.
        """
        query = build_filter(filters)
        limit, offset = check_paging(limit, offset)
        return self._run(self._page_plan(query, limit, offset))

    def _fetch(self, request: PageRequest) -> httpx.Response:
        return self._sender.send(self._httpx_request(request))

    def _run(self, plan: Plan[T]) -> T:
        try:
            request = next(plan)
            while True:
                request = plan.send(self._read(request, self._fetch(request)))
        except StopIteration as done:
            return done.value  # type: ignore[no-any-return]

    def _walk(self, query: InvoiceFilter, concurrency: int, report: WalkReport) -> Iterator[Invoice]:
        core = WalkCore(self._run(self._prepare_plan(query)), concurrency, report, page_size=PAGE_MAXIMUM)
        in_flight: deque[tuple[PageRequest, Future[httpx.Response]]] = deque()
        # Threads only wait for answers (httpx releases the GIL); parsing and the walk's logic stay here.
        pool = ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="onlyoffice-crm-walk")
        try:
            while not core.done:
                while len(in_flight) < concurrency and (request := core.next_request(len(in_flight))) is not None:
                    in_flight.append((request, pool.submit(self._fetch, request)))
                if not in_flight:
                    break
                request, answer = in_flight.popleft()
                yield from core.receive(request, self._read(request, answer.result()))
        finally:
            pool.shutdown(wait=True, cancel_futures=True)


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
        if not {"time_zone", "utc_offset"} & options.keys() and found.time_zone is not None:
            options["time_zone"] = found.time_zone  # a zone or an offset given wins over the environment
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
        return await self._run(self._count_plan(build_filter(filters, ordered=False)))

    @with_keywords(OrderedFilters, defaults={"descending": False})
    async def page(self, *, limit: int = 25, offset: int = 0, **filters: Unpack[OrderedFilters]) -> Page:
        """One page and the total (see :meth:`Portal.page`)."""
        query = build_filter(filters)
        limit, offset = check_paging(limit, offset)
        return await self._run(self._page_plan(query, limit, offset))

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
        core = WalkCore(await self._run(self._prepare_plan(query)), concurrency, report, page_size=PAGE_MAXIMUM)
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
