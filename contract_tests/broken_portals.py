"""Deliberately broken variants of the mock portal, for proving that the contract suite catches each break.

Each wraps the real app in a small ASGI middleware that corrupts the request or the response.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

BodyRewrite = Callable[[int, bytes, str], tuple[int, bytes]]


def rewrite_responses(app: ASGIApp, rewrite: BodyRewrite) -> ASGIApp:
    """Pass every response's (status, body), with the request's query string, through ``rewrite``."""

    async def wrapped(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        started: dict[str, Any] = {}
        chunks: list[bytes] = []

        async def capture(message: Message) -> None:
            if message["type"] == "http.response.start":
                started.update(message)
                return
            chunks.append(message.get("body", b""))
            if message.get("more_body"):
                return
            status, body = rewrite(started["status"], b"".join(chunks), scope["query_string"].decode("latin-1"))
            headers = [(k, v) for k, v in started["headers"] if k.lower() != b"content-length"]
            headers.append((b"content-length", str(len(body)).encode()))
            await send({"type": "http.response.start", "status": status, "headers": headers})
            await send({"type": "http.response.body", "body": body})

        await app(scope, receive, capture)

    return wrapped


def ignoring_parameter(app: ASGIApp, name: str) -> ASGIApp:
    """The portal acts as if ``name`` was never sent (a filter silently ignored)."""

    async def wrapped(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            pairs = [pair for pair in scope["query_string"].split(b"&") if pair.split(b"=")[0].lower() != name.encode()]
            scope = {**scope, "query_string": b"&".join(pairs)}
        await app(scope, receive, send)

    return wrapped


def _first_invoice(body: bytes, change: Callable[[dict[str, Any]], None]) -> bytes:
    document = json.loads(body)
    if isinstance(document, dict) and document.get("response"):
        change(document["response"][0])
    return json.dumps(document, ensure_ascii=False).encode()


def wrong_field_type(status: int, body: bytes, query: str) -> tuple[int, bytes]:
    """``number`` is sent as a JSON number."""
    return status, _first_invoice(body, lambda invoice: invoice.update(number=12345)) if status == 200 else body


def wrong_status_code(status: int, body: bytes, query: str) -> tuple[int, bytes]:
    """Bad requests are answered 422 instead of 400."""
    return (422, body) if status == 400 else (status, body)


def server_error_on_digits(status: int, body: bytes, query: str) -> tuple[int, bytes]:
    """A crash whenever the text search contains a digit."""
    if re.search(r"filtervalue=[^&]*[0-9]", query, re.IGNORECASE):
        error = {"status": 1, "statusCode": 500, "error": {"message": "boom", "hresult": -1, "data": {}}}
        return 500, json.dumps(error).encode()
    return status, body


def lowercase_t_dates(status: int, body: bytes, query: str) -> tuple[int, bytes]:
    """Dates written as ``2024-01-15t00:00:00...`` (valid RFC 3339, unreadable for Python's parser)."""
    return status, re.sub(rb'("\d{4}-\d\d-\d\d)T', rb"\1t", body)


def uppercase_user_ids(status: int, body: bytes, query: str) -> tuple[int, bytes]:
    """User ids in upper case: a valid ``format: uuid``, which the client's ``UUID`` writes back lower-case."""
    return status, re.sub(
        rb'"id":"([0-9a-f-]{36})"', lambda match: match.group(0).upper().replace(b'"ID"', b'"id"'), body
    )


def leap_second_creation_times(status: int, body: bytes, query: str) -> tuple[int, bytes]:
    """``createOn`` at a leap second, ``...:59:60...``: the schema (RFC 3339) allows it, Python does not."""
    return status, re.sub(rb'("createOn":"\d{4}-\d\d-\d\dT\d\d:\d\d:)\d\d', rb"\g<1>60", body)
