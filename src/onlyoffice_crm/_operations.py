"""The two operations as requests to send and answers to read, shared by :class:`Portal` and :class:`AsyncPortal`.

Requests are built with the generated client's own serialization (``build_request`` of each generated
operation module), so the wire is exactly what the spec-generated client sends; answers are read
here because the generated parser turns a proxy's HTML 503 into a ``JSONDecodeError`` and a 401 into
a string.
"""

from __future__ import annotations

import datetime as dt
import reprlib
from dataclasses import dataclass, field
from typing import Any

import httpx

from onlyoffice_crm_client.api.authentication import authenticate
from onlyoffice_crm_client.api.invoices import get_invoices
from onlyoffice_crm_client.models import AuthenticationRequest, AuthenticationResponse, Invoice, InvoiceListResponse

from ._errors import AuthenticationError, InconsistentPortalError, PortalError, UnexpectedResponseError
from ._filters import InvoiceFilter
from ._transport import parse_body

__all__ = [
    "PAGE_MAXIMUM",
    "Page",
    "check_paging",
    "invoice_request",
    "learn_offset",
    "login_error",
    "login_request",
    "read_login",
    "read_page",
]

# .NET's HRESULT of AuthenticationException, which a portal answers a failed login with (HTTP 500).
LOGIN_FAILED_HRESULT = -2146233087
JSON_HEADERS = {"Accept": "application/json"}  # the documentation says a request without a format gets XML
PAGE_MAXIMUM = get_invoices.COUNT_MAXIMUM
"""The largest ``count`` a page may ask for: the spec's, as the generated client states it."""


@dataclass(frozen=True)
class Page:
    """One page of invoices and the number of all invoices that match.

    Attributes:
        invoices: the invoices of this page, in the order asked.
        total: how many invoices match the filters in all.
        offset: how many matching invoices come before this page.
    """

    invoices: list[Invoice] = field(default_factory=list)
    total: int = 0
    offset: int = 0

    @property
    def has_more(self) -> bool:
        """Whether invoices follow this page."""
        return self.offset + len(self.invoices) < self.total


def check_paging(limit: object, offset: object) -> tuple[int, int]:
    """Check ``limit`` (0 to :data:`PAGE_MAXIMUM`) and ``offset`` (0 or more) of :meth:`Portal.page`."""
    for name, value in (("limit", limit), ("offset", offset)):
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError(f"{name}: expected an int, got {type(value).__name__}")
    assert isinstance(limit, int)
    assert isinstance(offset, int)
    if not get_invoices.COUNT_MINIMUM <= limit <= PAGE_MAXIMUM:
        raise ValueError(f"limit: {limit} is not in {get_invoices.COUNT_MINIMUM}..{PAGE_MAXIMUM}")
    if not get_invoices.START_INDEX_MINIMUM <= offset <= 2**31 - 1:
        raise ValueError(f"offset: {offset} is not in {get_invoices.START_INDEX_MINIMUM}..{2**31 - 1}")
    return limit, offset


def invoice_request(query: InvoiceFilter, start: int, count: int, utc_offset: dt.timedelta | None) -> dict[str, Any]:
    """The ``httpx`` request for one page of ``query``: ``count`` invoices after the first ``start``."""
    arguments = query.arguments(utc_offset)
    if start:
        arguments["start_index"] = start
    request = get_invoices.build_request(**arguments, count=count)
    request["headers"] = JSON_HEADERS
    return request


def _is_count(value: object, least: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= least


def read_page(response: httpx.Response, asked: int | None = None) -> InvoiceListResponse:
    """The envelope of a 200 answer (``total`` and ``response``), checked; never rely on its ``nextIndex``.

    Args:
        response: the answer to a page request.
        asked: the ``count`` the request asked for; ``None`` checks no length.

    Raises:
        UnexpectedResponseError: the body is not the JSON the spec describes, ``total`` is not an int of 0
            or more, or an invoice ``id`` is not an int of 1 or more.
        InconsistentPortalError: the page holds more invoices than ``asked``.
    """
    page = parse_body(response, InvoiceListResponse.from_dict)
    status = response.status_code
    if not _is_count(page.total, 0):
        raise UnexpectedResponseError(
            f"the portal answered total = {reprlib.repr(page.total)}, not a count of invoices",
            status_code=status,
            response=response,
        )
    if asked is not None and len(page.response) > asked:
        raise InconsistentPortalError(
            f"the portal answered {len(page.response)} invoices where at most {asked} were asked",
            status_code=status,
            response=response,
        )
    for invoice in page.response:
        if not _is_count(invoice.id, 1):
            raise UnexpectedResponseError(
                f"the portal answered an invoice with id = {reprlib.repr(invoice.id)}",
                status_code=status,
                response=response,
            )
    return page


def learn_offset(invoices: list[Invoice]) -> dt.timedelta | None:
    """The portal's UTC offset as written on an invoice's dates (``None`` for an empty page)."""
    return invoices[0].issue_date.utcoffset() if invoices else None


def login_request(user_name: str, password: str) -> dict[str, Any]:
    """The ``httpx`` request of ``POST /api/2.0/authentication``."""
    request = authenticate.build_request(body=AuthenticationRequest(user_name=user_name, password=password))
    request["headers"] = {**request.get("headers", {}), **JSON_HEADERS}
    return request


def login_error(error: PortalError) -> PortalError:
    """A failed login as an :class:`AuthenticationError`: the portal answers 500 "User authentication failed"."""
    if isinstance(error, AuthenticationError):
        return error
    if error.status_code == 500 and (
        error.hresult == LOGIN_FAILED_HRESULT or "authentication failed" in error.message.lower()
    ):
        return AuthenticationError(
            f"wrong user name or password: the portal refused the login (it answers HTTP 500 {error.message!r})",
            status_code=error.status_code,
            hresult=error.hresult,
            response=error.response,
        )
    return error


def read_login(response: httpx.Response) -> str:
    """The token of a login answer.

    Raises:
        AuthenticationError: the answer has no token (two-factor authentication is on for the user).
    """
    login = parse_body(response, AuthenticationResponse.from_dict)
    token = login.response.token
    if not isinstance(token, str) or not token:
        raise AuthenticationError(
            "the portal asks for a second factor (two-factor authentication); log in with a token instead",
            status_code=response.status_code,
            response=response,
        )
    return token
