"""The portal's answers other than a page: the JSON error envelope, the 401, and what its front end says."""

from __future__ import annotations

import html

from starlette.responses import Response

from .wire import dumps

# HRESULTs of the .NET exceptions behind each answer (the envelope carries the innermost exception's).
ARGUMENT_EXCEPTION = -2147024809
ARGUMENT_OUT_OF_RANGE_EXCEPTION = -2146233086
FORMAT_EXCEPTION = -2146233033
OVERFLOW_EXCEPTION = -2146233066
GENERIC_EXCEPTION = -2146233088
AUTHENTICATION_EXCEPTION = -2146233087
"""``System.Exception("User authentication failed")`` thrown by the login (``AuthenticationEntryPoint``)."""
JSON_CONTENT_TYPE = "application/json; charset=UTF-8"
HTML_CONTENT_TYPE = "text/html; charset=utf-8"


class ApiError(Exception):
    """An error the portal answers in its JSON error envelope."""

    def __init__(self, status_code: int, message: str, hresult: int = ARGUMENT_EXCEPTION) -> None:
        super().__init__(message)
        self.status_code = status_code
        self.message = message
        self.hresult = hresult


def error_body(error: ApiError, start_index: int = 0) -> bytes:
    """The envelope in the server's member order; ``startIndex`` is kept when the request had one
    (``ApiHttpHandler`` sets it before the call and ``SetError`` leaves it)."""
    body: dict[str, object] = {"startIndex": start_index} if start_index else {}
    body.update({"status": 1, "statusCode": error.status_code,
                 "error": {"message": error.message, "hresult": error.hresult, "data": {}}})  # fmt: skip
    return dumps(body)


def error_response(error: ApiError, headers: dict[str, str] | None = None, start_index: int = 0) -> Response:
    """An :class:`ApiError` as the portal's JSON error envelope."""
    return Response(error_body(error, start_index), error.status_code, headers=headers, media_type=JSON_CONTENT_TYPE)


def unauthorized(realm: str | None) -> Response:
    """401 with the body ``Unauthorized`` and no content type of its own, so ASP.NET's default ``text/html``
    (``ErrorHttpHandler.cs:38``); ``WWW-Authenticate`` only when an Authorization header was sent."""
    headers = {"WWW-Authenticate": f'Basic Realm="{realm}"'} if realm is not None else None
    return Response(b"Unauthorized", 401, headers=headers, media_type=HTML_CONTENT_TYPE)


def front_end_page(status_code: int, reason: str) -> bytes:
    """An HTML error page as the nginx in front of a cloud portal writes it (for 502 and 414)."""
    title = html.escape(f"{status_code} {reason}")
    return (f"<html>\r\n<head><title>{title}</title></head>\r\n<body>\r\n<center><h1>{title}</h1></center>\r\n"
            "<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n").encode()  # fmt: skip


ASPNET_ERROR_PAGE = (
    "<!DOCTYPE html>\r\n<html>\r\n<head><title>Server error</title></head>\r\n<body>\r\n"
    "<h1>Server error</h1>\r\n<p>An error occurred while processing your request.</p>\r\n</body>\r\n</html>\r\n"
)
"""A stand-in for ``Studio/500.aspx`` (its markup is the portal's, not in the API): what matters is that it is
HTML, not the envelope."""


def aspnet_error_page() -> Response:
    """500 from ASP.NET itself, for a failure outside the API's error handling (``customErrors`` with
    ``redirectMode="ResponseRewrite"``, ``Studio/Web.config:144-147``): an HTML page, not the envelope."""
    return Response(ASPNET_ERROR_PAGE.encode(), 500, media_type=HTML_CONTENT_TYPE)
