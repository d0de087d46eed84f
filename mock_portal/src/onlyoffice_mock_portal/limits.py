"""Limits a real portal's front end enforces before the application: URL length and body size."""

from __future__ import annotations

from starlette.requests import Request
from starlette.types import ASGIApp, Receive, Scope, Send

from .errors import HTML_CONTENT_TYPE, ApiError, front_end_page

URI_TOO_LONG = 414


class UrlLengthLimit:
    """Answer 414 (nginx's page) to a request target longer than ``max_bytes``, as nginx does past its
    ``large_client_header_buffers``; the filter never sees such a request."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and len(scope["raw_path"]) + 1 + len(scope["query_string"]) > self.max_bytes:
            body = front_end_page(URI_TOO_LONG, "Request-URI Too Large")
            headers = [(b"content-type", HTML_CONTENT_TYPE.encode()), (b"content-length", str(len(body)).encode()),
                       (b"connection", b"close")]  # fmt: skip
            await send({"type": "http.response.start", "status": URI_TOO_LONG, "headers": headers})
            await send({"type": "http.response.body", "body": body})
            return
        await self.app(scope, receive, send)


async def read_body(request: Request, max_bytes: int) -> bytes:
    """The request body, or :class:`ApiError` 413 as soon as it (or its declared length) exceeds ``max_bytes``."""
    too_large = ApiError(413, f"The request body is larger than {max_bytes} bytes.")
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and (len(declared) > 18 or int(declared) > max_bytes):
        raise too_large
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > max_bytes:
            raise too_large
        chunks.append(chunk)
    return b"".join(chunks)
