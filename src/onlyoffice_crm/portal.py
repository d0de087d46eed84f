"""``Portal``: the synchronous entry point of the library."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from types import TracebackType
from typing import Any, Self

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
from .settings import check_base_url, check_text, credentials_from_env
from .transport import DEFAULT_RATE_LIMIT, Policy, RateLimit, Sender, as_timedelta
from .walk import (
    DATE_ORDERS,
    KNOWN_STATUSES,
    PAGE_SIZE,
    TOTAL_ORDERS,
    first_range,
    keyset_step,
    status_plan,
)

__all__ = ["Portal"]

DEFAULT_MAX_RETRIES = 4


class Portal:
    """A connection to one ONLYOFFICE portal's CRM invoices, with a token.

    Args:
        base_url: the portal's address, e.g. ``https://example.onlyoffice.com``.
        token: a token from :meth:`login` (sent raw in ``Authorization``, as the portal issues it).
        timeout: seconds to wait for each answer (connect, read, write and pool).
        max_retries: further attempts of a GET after 429, 502, 503, 504, a connection error or a
            connect timeout, with exponential backoff and jitter, waiting ``Retry-After`` when sent.
        rate_limit: at most this many requests per window, counted on this object (default: the
            portal's 500 per 10 s); ``None`` for no limit.
        utc_offset: the portal's time zone as a UTC offset, to send aware datetimes; learnt from
            the first invoice date seen when not given (see :meth:`utc_offset`).
        transport: an httpx transport to send through (a proxy, a test double).

    The portal object is a context manager; :meth:`close` releases its connections.
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
        transport: httpx.BaseTransport | None = None,
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
        self._sender = Sender(self._client.get_httpx_client(), self._policy)

    # -- construction -------------------------------------------------------------------------

    @classmethod
    def login(
        cls,
        base_url: str,
        user_name: str,
        password: str,
        *,
        timeout: float = 30.0,
        max_retries: int = DEFAULT_MAX_RETRIES,
        rate_limit: RateLimit | None = DEFAULT_RATE_LIMIT,
        utc_offset: dt.timedelta | None = None,
        transport: httpx.BaseTransport | None = None,
    ) -> Self:
        """Log in with a user name and password (``POST /api/2.0/authentication``) and return a portal.

        Raises:
            AuthenticationError: wrong credentials (the portal answers 401 or 500), or two-factor
                authentication is on for the user.
            PortalError: any other failure.
        """
        url = check_base_url(base_url)
        request = login_request(check_text("user_name", user_name), check_text("password", password))
        policy = Policy(timeout=timeout, max_retries=max_retries, rate_limit=None)
        with httpx.Client(base_url=url, timeout=httpx.Timeout(float(timeout)), transport=transport) as http:
            try:
                response = Sender(http, policy).send(request, retry=False)
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
    def from_env(
        cls,
        *,
        timeout: float = 30.0,
        max_retries: int = DEFAULT_MAX_RETRIES,
        rate_limit: RateLimit | None = DEFAULT_RATE_LIMIT,
        utc_offset: dt.timedelta | None = None,
        transport: httpx.BaseTransport | None = None,
    ) -> Self:
        """A portal from ``ONLYOFFICE_URL`` and ``ONLYOFFICE_TOKEN``, or by logging in with
        ``ONLYOFFICE_USER_NAME`` and ``ONLYOFFICE_PASSWORD`` (the token wins when both are set).

        Raises:
            ValueError: a variable is missing (the message names it).
            AuthenticationError: the login failed.
        """
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
        return cls.login(
            found.base_url,
            found.user_name,
            found.password,
            timeout=timeout,
            max_retries=max_retries,
            rate_limit=rate_limit,
            utc_offset=utc_offset,
            transport=transport,
        )

    # -- properties and lifetime --------------------------------------------------------------

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
        """The generated client on the same connection, for anything this layer does not cover."""
        return self._client

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._base_url!r}, token='***')"

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

    # -- the invoice filter -------------------------------------------------------------------

    def utc_offset(self) -> dt.timedelta:
        """The portal's time zone as a UTC offset: the one given, else the offset on the first invoice
        date the layer has seen (one request for an invoice if none yet); UTC for a portal with no invoices.

        Aware datetimes in ``issued=``/``due=`` are converted with it; dates and naive datetimes are
        sent as the portal's own wall-clock time and need no offset.
        """
        if self._utc_offset is None:
            self._fetch(InvoiceFilter(), 0, 1)
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
    ) -> Iterator[Invoice]:
        """Every invoice that matches, exactly once, in the order asked, fetching pages of 1,000 lazily.

        Args:
            status: an ``InvoiceStatus``, its id, or its name or title in any case (``"paid"``, ``"billed"``).
            issued: issue dates: a ``date``, an inclusive ``(start, end)`` pair of dates or
                datetimes (either may be ``None``), or a year.
            due: due dates, the same way.
            contact: a contact id (invoices of that contact).
            opportunity: an opportunity id (invoices linked to it).
            currency: a currency abbreviation such as ``"EUR"``, in any case.
            search: words, each a prefix of a word of the number or description.
            order_by: ``"number"`` (the default), ``"issue_date"``, ``"due_date"``, ``"status"``,
                ``"contact"``, ``"id"`` (or ``InvoiceSortBy``); equal keys come by number.
            descending: reverse the order.

        Raises:
            TypeError, ValueError: a bad filter (the message names it), before any request.
            PortalError: a request failed after its retries.
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
        return self._walk(query)

    def count_invoices(
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
        """How many invoices match (one request). Arguments as for :meth:`invoices`."""
        query = build_filter(
            status=status,
            issued=issued,
            due=due,
            contact=contact,
            opportunity=opportunity,
            currency=currency,
            search=search,
        )
        return self._count(query)

    def page(
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
        """One page: the first ``limit`` (0..1000) matching invoices after ``offset``, and the total.

        One request (two when ``offset`` is past the end). Paging through ``issue_date``,
        ``due_date`` or ``status`` order with offsets can repeat or skip invoices with equal keys
        on a real portal: use :meth:`invoices` to walk them all.
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
        limit, offset = check_paging(limit, offset)
        if limit == 0:  # `count=0` would return one invoice
            return Page([], self._count(query), offset)
        answer = self._fetch(query, offset, limit)
        total = answer.total
        if not answer.response and offset > 0:  # past the end the portal answers total = startIndex
            total = self._count(query)
        return Page(list(answer.response), total, offset)

    # -- walking ------------------------------------------------------------------------------

    def _request(self, query: InvoiceFilter, start: int, count: int) -> dict[str, Any]:
        return invoice_request(query, start, count, self.utc_offset() if query.needs_offset else self._utc_offset)

    def _read(self, response: httpx.Response) -> InvoiceListResponse:
        answer = read_page(response)
        if self._utc_offset is None:
            self._utc_offset = learn_offset(answer.response)
        return answer

    def _fetch(self, query: InvoiceFilter, start: int, count: int) -> InvoiceListResponse:
        return self._read(self._sender.send(self._request(query, start, count)))

    def _count(self, query: InvoiceFilter) -> int:
        # count=1: a full page's total is the database count; an empty one is 0 (count=0 returns one invoice)
        return self._fetch(query, 0, 1).total

    def _walk(self, query: InvoiceFilter) -> Iterator[Invoice]:
        query = query.localized(self.utc_offset() if query.needs_offset else None)
        if query.order_by in TOTAL_ORDERS:
            yield from self._offset_walk(query)
        elif query.order_by in DATE_ORDERS:
            yield from self._keyset_walk(query)
        else:
            yield from self._status_walk(query)

    def _offset_walk(self, query: InvoiceFilter) -> Iterator[Invoice]:
        first = self._fetch(query, 0, PAGE_SIZE)
        yield from first.response
        if len(first.response) < PAGE_SIZE:
            return
        # A full page's total is the database count, so the pages are known: while one is parsed and
        # yielded, a thread already waits for the next answer (only the HTTP exchange, which releases
        # the GIL, runs there). At most two pages are held.
        requests = [self._request(query, start, PAGE_SIZE) for start in range(PAGE_SIZE, first.total, PAGE_SIZE)]
        start = PAGE_SIZE * (len(requests) + 1)
        if requests:
            pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="onlyoffice-crm-prefetch")
            try:
                ahead = pool.submit(self._sender.send, requests[0])
                for following in [*requests[1:], None]:
                    response = ahead.result()
                    if following is not None:
                        ahead = pool.submit(self._sender.send, following)
                    page = self._read(response).response
                    yield from page
                    if len(page) < PAGE_SIZE:  # the data shrank meanwhile
                        return
            finally:
                pool.shutdown(wait=True, cancel_futures=True)
        while True:  # the data grew meanwhile: go on page by page
            page = self._fetch(query, start, PAGE_SIZE).response
            yield from page
            if len(page) < PAGE_SIZE:
                return
            start += PAGE_SIZE

    def _keyset_walk(self, query: InvoiceFilter) -> Iterator[Invoice]:
        key = query.order_by
        bounds: DateRange | None = first_range(query)
        while bounds is not None:
            page = self._fetch(query.with_range(key, bounds), 0, PAGE_SIZE).response
            step = keyset_step(page, bounds, key, query.descending)
            yield from step.emit
            if step.tie is not None:
                tie = query.with_range(key, DateRange(step.tie, step.tie)).ordered(
                    InvoiceSortBy.NUMBER, descending=False
                )
                yield from self._offset_walk(tie)
            bounds = step.rest

    def _status_walk(self, query: InvoiceFilter) -> Iterator[Invoice]:
        by_number = query.ordered(InvoiceSortBy.NUMBER, descending=False)
        if query.status is not None:
            yield from self._offset_walk(by_number)
            return
        known = sum(self._count(by_number.with_status(status)) for status in KNOWN_STATUSES)
        unknown = self._count(by_number) > known  # a newer portal's status the filter cannot ask for
        if unknown and query.descending:
            yield from self._unknown_statuses(by_number, descending=True)
        for status in status_plan(query.descending):
            yield from self._offset_walk(by_number.with_status(status))
        if unknown and not query.descending:
            yield from self._unknown_statuses(by_number, descending=False)

    def _unknown_statuses(self, by_number: InvoiceFilter, *, descending: bool) -> Iterator[Invoice]:
        # Held in memory: only the invoices whose status this client does not know.
        found = [invoice for invoice in self._offset_walk(by_number) if invoice.status.id not in KNOWN_STATUSES]
        yield from sorted(found, key=lambda invoice: invoice.status.id, reverse=descending)
