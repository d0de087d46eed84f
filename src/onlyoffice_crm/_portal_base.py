"""What :class:`~onlyoffice_crm.Portal` and :class:`~onlyoffice_crm.AsyncPortal` share: their options,
their construction, reading answers, and every request sequence as a sans-I/O plan.

A plan is a generator that yields the :class:`~onlyoffice_crm._walk.PageRequest` it needs answered, receives
the parsed answer, and returns its result; a driver runs it with plain calls or with ``await``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Generator
from typing import Any, TypedDict, TypeVar

import httpx

from onlyoffice_crm_client import AuthenticatedClient
from onlyoffice_crm_client.models import InvoiceListResponse

from ._filters import InvoiceFilter
from ._operations import JSON_HEADERS, Page, invoice_request, learn_offset, read_page
from ._settings import check_base_url, check_token
from ._transport import DEFAULT_RATE_LIMIT, Policy, RateLimit, as_timedelta
from ._walk import PageRequest

__all__ = ["DEFAULT_MAX_RETRIES", "Plan", "PortalBase", "PortalOptions", "count_plan", "page_plan"]

T = TypeVar("T")
Plan = Generator[PageRequest, InvoiceListResponse, T]
DEFAULT_MAX_RETRIES = 4


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
        utc_offset: the portal's time zone as a UTC offset, to send aware datetimes; learnt from the first
            invoice date seen when not given.
    """

    timeout: float
    max_retries: int
    max_retry_wait: float
    max_response_bytes: int
    rate_limit: RateLimit | None
    utc_offset: dt.timedelta | None


DEFAULTS: dict[str, object] = {
    "timeout": Policy.timeout,
    "max_retries": DEFAULT_MAX_RETRIES,
    "max_retry_wait": Policy.max_retry_wait,
    "max_response_bytes": Policy.max_response_bytes,
    "rate_limit": DEFAULT_RATE_LIMIT,
    "utc_offset": None,
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
        self._options = options
        self._policy = policy_of(options)
        self._utc_offset = as_timedelta(options.get("utc_offset"), "utc_offset")
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
    def client(self) -> AuthenticatedClient:
        """The generated client on the same connection, for anything this layer does not cover."""
        return self._client

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._base_url!r}, token='***')"

    def _httpx_request(self, request: PageRequest) -> dict[str, Any]:
        return invoice_request(request.query, request.start, request.count, self._utc_offset)

    def _read(self, request: PageRequest, response: httpx.Response) -> InvoiceListResponse:
        answer = read_page(response, request.count)
        if self._utc_offset is None:
            self._utc_offset = learn_offset(answer.response)
        return answer

    def _offset_plan(self) -> Plan[dt.timedelta]:
        if self._utc_offset is None:
            yield PageRequest(InvoiceFilter(), 0, 1)
        return self._utc_offset if self._utc_offset is not None else dt.timedelta(0)

    def _localize_plan(self, query: InvoiceFilter) -> Plan[InvoiceFilter]:
        offset = (yield from self._offset_plan()) if query.needs_offset else None
        return query.localized(offset)


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
