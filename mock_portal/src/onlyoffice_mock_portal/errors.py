"""The portal's error answers: a JSON envelope for API errors, plain text for 401."""

from __future__ import annotations

from starlette.responses import Response

from .wire import dumps

# HRESULTs of the .NET exceptions the portal turns into each answer.
ARGUMENT_EXCEPTION = -2147024809
FORMAT_EXCEPTION = -2146233033
OVERFLOW_EXCEPTION = -2146233066
GENERIC_EXCEPTION = -2146233088
JSON_CONTENT_TYPE = "application/json; charset=UTF-8"


class ApiError(Exception):
    """An error the portal answers in its JSON error envelope."""

    def __init__(self, status_code: int, message: str, hresult: int = ARGUMENT_EXCEPTION) -> None:
        super().__init__(message)
        self.status_code = status_code
        self.message = message
        self.hresult = hresult


def error_response(error: ApiError, headers: dict[str, str] | None = None) -> Response:
    body = {"status": 1, "statusCode": error.status_code,
            "error": {"message": error.message, "hresult": error.hresult, "data": {}}}  # fmt: skip
    return Response(dumps(body), error.status_code, headers=headers, media_type=JSON_CONTENT_TYPE)


def unauthorized(realm: str | None) -> Response:
    """401 with the plain-text body; ``WWW-Authenticate`` only when an Authorization header was sent."""
    headers = {"WWW-Authenticate": f'Basic Realm="{realm}"'} if realm is not None else None
    return Response(b"Unauthorized", 401, headers=headers, media_type="text/plain")
