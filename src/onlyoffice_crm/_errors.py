"""The exceptions the library raises, and how an HTTP answer or an httpx error becomes one of them.

Every failure reaches the caller as a :class:`PortalError`: never a ``JSONDecodeError``, a
``KeyError`` or a bare string. A portal's 401 may be ``text/plain`` or an HTML page, a proxy may
answer 502/503/504 with HTML, and an error body may lack any key: the status code decides the
class, the body only adds the server's ``message`` and ``hresult`` when it is the portal's JSON
error envelope.
"""

from __future__ import annotations

import email.utils
import json
import re
import ssl
import time
from typing import Any

import httpx

__all__ = [
    "AuthenticationError",
    "BadRequestError",
    "InconsistentPortalError",
    "IpBlockedError",
    "NoCrmAccessError",
    "NotFoundError",
    "PaymentRequiredError",
    "PermissionDeniedError",
    "PortalConnectionError",
    "PortalError",
    "PortalNotFoundError",
    "PortalTimeoutError",
    "PortalUnavailableError",
    "PortalUnpaidError",
    "RateLimitError",
    "ResponseTooLargeError",
    "ServerError",
    "UnexpectedResponseError",
    "error_for_response",
    "error_for_transport",
]

_BODY_EXCERPT = 200
# The statuses and errors worth another attempt (the request did not change anything on the server).
RETRYABLE_STATUSES = frozenset({429, 502, 503, 504})
# `Retry-After: <seconds>` is 1*DIGIT in ASCII (RFC 9110); ten digits are already beyond any sane wait.
_SECONDS = re.compile(r"[0-9]{1,10}")


class PortalError(Exception):
    """Base class of every error the library raises.

    Attributes:
        message: what went wrong, the server's own message when it sent one.
        status_code: the HTTP status, or ``None`` when no answer came.
        hresult: the server's ``error.hresult`` (a .NET HRESULT), when it sent one.
        retry_after: seconds the server asked to wait (``Retry-After``), when it did.
        response: the httpx response, when there was one.
    """

    def __init__(
        self,
        message: str,
        *,
        status_code: int | None = None,
        hresult: int | None = None,
        retry_after: float | None = None,
        response: httpx.Response | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status_code = status_code
        self.hresult = hresult
        self.retry_after = retry_after
        self.response = response

    def __str__(self) -> str:
        prefix = f"HTTP {self.status_code}: " if self.status_code is not None else ""
        suffix = f" (hresult {self.hresult})" if self.hresult is not None else ""
        return f"{prefix}{self.message}{suffix}"

    @property
    def retryable(self) -> bool:
        """Whether another attempt of the same GET may succeed (429, 502, 503, 504)."""
        return self.status_code in RETRYABLE_STATUSES


class AuthenticationError(PortalError):
    """401 (whatever its body), a failed login (the portal answers 500 "User authentication
    failed"), or a login that needs a second factor (201 without a token).

    Its text says what to do, not the status code: a wrong password is no server failure, even though
    the portal answers it with a 500 (``status_code`` keeps it).
    """

    def __str__(self) -> str:
        return self.message


class BadRequestError(PortalError):
    """400: the server rejected a value; ``message`` and ``hresult`` are the server's."""


class PaymentRequiredError(PortalError):
    """402: the cloud portal is not paid for."""


class PortalUnpaidError(PaymentRequiredError):
    """402 with an empty body: the portal is not paid for, and ``Global.asax`` refuses every request in front of
    the API (``Studio/Global.asax.cs:345-369``). Only the portal's owner can end it by paying; retrying cannot."""


class PermissionDeniedError(PortalError):
    """403: the caller may not read the CRM's invoices (see the subclasses for why)."""


class NoCrmAccessError(PermissionDeniedError):
    """403 in the API's error envelope (``Forbidden``): the account has no access to the CRM module. Every guest
    (visitor) gets it, and so does a user the administrator has not given the CRM
    (``ProductSecurityFilter.cs:76-137``, ``WebItemSecurity.cs:102-107``). Use a user account with CRM access."""


class IpBlockedError(PermissionDeniedError):
    """403 with an empty body: ``Global.asax`` refused the request in front of the API because the caller's IP
    address is outside the portal's IP restrictions (``Studio/Global.asax.cs:371-382``). Ask the portal's
    administrator to allow this machine's address, or run from an allowed one."""


class NotFoundError(PortalError):
    """404: no such route (a wrong base URL, or a portal without the CRM module)."""


class PortalNotFoundError(NotFoundError):
    """404 with an empty body: ``Global.asax`` knows no such portal at this address: it is unknown, was removed,
    or is suspended (``Studio/Global.asax.cs:247-291``). Check the address; a suspended portal comes back only
    when its owner restores it."""


class RateLimitError(PortalError):
    """503 or 429 still answered after every retry: the portal's limit is 500 requests per 10 s."""


class ServerError(PortalError):
    """Any other 5xx, including a proxy's HTML 502/504 page, after every retry."""


class PortalUnavailableError(ServerError):
    """503 with an empty body and no ``Retry-After``: ``Global.asax`` answers so in front of the API while the
    portal is being transferred to another region, restored from a backup, migrated or encrypted
    (``Studio/Global.asax.cs:293-343``). That takes minutes to hours, so it is not retried (the rate limit's
    503 carries ``Retry-After`` and is): try again later."""

    @property
    def retryable(self) -> bool:
        """Never: the portal stays unavailable far longer than a request's retries wait."""
        return False


class UnexpectedResponseError(PortalError):
    """An answer the library cannot read: an unexpected status, or a body that is not the JSON
    the spec describes (for example an XML or HTML page answered with 200)."""


class ResponseTooLargeError(UnexpectedResponseError):
    """An answer larger than the policy's ``max_response_bytes`` (counted after decompression); it was
    not read further.

    Attributes:
        limit: the limit in bytes.
    """

    def __init__(self, message: str, *, status_code: int | None = None, limit: int) -> None:
        super().__init__(message, status_code=status_code)
        self.limit = limit


class InconsistentPortalError(UnexpectedResponseError):
    """An answer that contradicts the request or itself, such as more invoices than were asked for."""


class PortalChangedError(PortalError):
    """The portal changed faster than a walk can follow while keeping every invoice exactly once: the
    walk read pages again, each further away, and still could not find where it was."""


class PortalConnectionError(PortalError):
    """No answer: the connection failed or broke (wraps the httpx error as ``__cause__``)."""


class PortalTimeoutError(PortalError):
    """The portal did not answer within the timeout (wraps ``httpx.TimeoutException``).

    Attributes:
        connecting: ``True`` when the connection itself timed out, so the request never reached the
            server and repeating it is safe.
    """

    def __init__(self, message: str, *, connecting: bool = False) -> None:
        super().__init__(message)
        self.connecting = connecting


_CLASS_BY_STATUS: dict[int, type[PortalError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    402: PaymentRequiredError,
    403: PermissionDeniedError,
    404: NotFoundError,
    429: RateLimitError,
    503: RateLimitError,
}


def parse_retry_after(value: str | None, *, now: float | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (seconds or an HTTP date); ``None`` if absent or unreadable.

    Anything else (other characters, non-ASCII bytes, an impossible date) counts as no header.
    """
    if value is None:
        return None
    text = value.strip()
    if not text.isascii():
        return None
    if _SECONDS.fullmatch(text):
        return float(text)
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when.tzinfo is None:
        return None
    current = time.time() if now is None else now
    return max(0.0, when.timestamp() - current)


def _envelope_error(response: httpx.Response) -> tuple[str | None, int | None]:
    """The ``error.message`` and ``error.hresult`` of the portal's JSON error envelope, when the body is one."""
    try:
        body: Any = json.loads(response.content)
    except (ValueError, RecursionError):
        return None, None
    error = body.get("error") if isinstance(body, dict) else None
    if not isinstance(error, dict):
        return None, None
    message = error.get("message")
    hresult = error.get("hresult")
    return (
        message if isinstance(message, str) else None,
        hresult if isinstance(hresult, int) and not isinstance(hresult, bool) else None,
    )


def _excerpt(response: httpx.Response) -> str:
    text = response.content[:_BODY_EXCERPT].decode("utf-8", errors="replace")
    if _is_page(response, text):
        # A proxy's or a web server's error page: its markup says nothing a reader can use.
        who = "a proxy or web server in front of the portal" if response.status_code in {502, 503, 504} else "it"
        return f"{response.reason_phrase or 'error'} (an HTML page from {who})"
    return " ".join(text.split()) or response.reason_phrase or "no body"


def _is_page(response: httpx.Response, text: str) -> bool:
    media_type = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
    return media_type in {"text/html", "application/xhtml+xml"} or text.lstrip()[:1] == "<"


# Answers with an empty body from ``Global.asax``, in front of the API (Studio/Global.asax.cs:49-77,384-397).
_IN_FRONT_OF_THE_API: dict[int, tuple[type[PortalError], str]] = {
    402: (
        PortalUnpaidError,
        "the portal is not paid for (402 with an empty body, from in front of the API): "
        "its owner must pay for it before it answers again",
    ),
    403: (
        IpBlockedError,
        "the portal refused this machine's IP address (403 with an empty body, from in front of the API: the "
        "caller is outside the portal's IP restrictions): ask its administrator to allow this address",
    ),
    404: (
        PortalNotFoundError,
        "no portal at this address (404 with an empty body, from in front of the API): it is unknown, removed "
        "or suspended; check the address",
    ),
    503: (
        PortalUnavailableError,
        "the portal is unavailable while it is transferred, restored, migrated or encrypted (503 with an empty "
        "body and no Retry-After): try again in a while",
    ),
}
_NO_CRM_ACCESS = (
    "the account has no access to the CRM module (403 Forbidden): a guest never has, and a user has it only "
    "when the portal's administrator gives it; use an account with CRM access"
)


def _class_by_status(status: int) -> type[PortalError]:
    if status in _CLASS_BY_STATUS:
        return _CLASS_BY_STATUS[status]
    return ServerError if status >= 500 else UnexpectedResponseError


def _in_front_of_the_api(response: httpx.Response) -> tuple[type[PortalError], str] | None:
    """The error of an empty-body 402, 403, 404 or 503 (a 503 only without ``Retry-After``: the rate limit's has it)."""
    if response.content.strip() or response.status_code not in _IN_FRONT_OF_THE_API:
        return None
    if response.status_code == 503 and parse_retry_after(response.headers.get("Retry-After")) is not None:
        return None
    return _IN_FRONT_OF_THE_API[response.status_code]


def error_for_response(response: httpx.Response) -> PortalError:
    """The exception for an answer that is not a success, chosen by status code, and for 402, 403, 404 and
    503 also by whether the body is empty (in front of the API) or the API's envelope (a guest's 403)."""
    status = response.status_code
    message, hresult = _envelope_error(response)
    cls: type[PortalError] | None = None
    if status == 401:
        message = "the portal refused the credentials (401 Unauthorized)"
    elif (front := _in_front_of_the_api(response)) is not None:
        cls, message = front
    elif status == 403 and message is not None and message.strip().lower() == "forbidden":
        cls, message = NoCrmAccessError, _NO_CRM_ACCESS
    elif message is None:
        message = _excerpt(response)
    if cls is None:
        cls = _class_by_status(status)
    return cls(
        message,
        status_code=status,
        hresult=hresult,
        retry_after=parse_retry_after(response.headers.get("Retry-After")),
        response=response,
    )


def _origin(error: httpx.TransportError) -> str | None:
    """``scheme://host:port`` of the request that failed, when httpx attached it."""
    try:
        url = error.request.url
    except RuntimeError:  # raised outside a request, no URL known
        return None
    return f"{url.scheme}://{url.netloc.decode('ascii', errors='replace')}"


def _reason(error: BaseException) -> str:
    """An OS or TLS error without its ``[Errno 111]`` prefix: ``connection refused``."""
    text = str(error) or type(error).__name__
    text = re.sub(r"^\[Errno -?\d+\]\s*", "", text)
    return text[:1].lower() + text[1:]


def _tls_mismatch(error: BaseException) -> bool:
    """Whether a TLS handshake met a server that speaks plain HTTP (``WRONG_VERSION_NUMBER``)."""
    seen: BaseException | None = error
    for _ in range(8):  # the cause chain of httpx -> httpcore -> ssl
        if seen is None:
            return False
        if isinstance(seen, ssl.SSLError) and "WRONG_VERSION_NUMBER" in str(seen):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def error_for_transport(error: httpx.TransportError, timeout: float | None) -> PortalError:
    """The exception for an httpx error raised before any answer came (raise it ``from error``).

    The message names the address and, where it can, what to do about it.
    """
    origin = _origin(error)
    where = origin or "the portal"
    if isinstance(error, httpx.TimeoutException):
        phase = "connect to" if isinstance(error, httpx.ConnectTimeout) else "get an answer from"
        return PortalTimeoutError(
            f"could not {phase} {where} within {timeout} s ({type(error).__name__})",
            connecting=isinstance(error, httpx.ConnectTimeout),
        )
    if isinstance(error, httpx.LocalProtocolError):
        # The request itself is not valid HTTP (say, a header value with a line break): no attempt can
        # succeed, and h11's message quotes the value, which may be the token.
        return PortalError("the request could not be sent: a header or the URL is not valid HTTP")
    if origin is not None and origin.startswith("https://") and _tls_mismatch(error):
        plain = "http://" + origin.removeprefix("https://")
        return PortalConnectionError(
            f"{origin} does not answer in TLS (https): if the portal serves plain HTTP, write {plain}"
        )
    if isinstance(error, httpx.ConnectError):
        return PortalConnectionError(f"cannot connect to {where}: {_reason(error) if str(error) else 'refused'}")
    return PortalConnectionError(f"the connection to {where} broke: {_reason(error) if str(error) else 'closed'}")
