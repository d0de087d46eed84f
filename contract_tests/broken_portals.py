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


def _with_query(app: ASGIApp, change: Callable[[list[bytes]], list[bytes]]) -> ASGIApp:
    async def wrapped(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            pairs = [pair for pair in scope["query_string"].split(b"&") if pair]
            scope = {**scope, "query_string": b"&".join(change(pairs))}
        await app(scope, receive, send)

    return wrapped


def _name(pair: bytes) -> bytes:
    return pair.split(b"=")[0].lower()


def ignoring_parameter(app: ASGIApp, name: str) -> ASGIApp:
    """The portal acts as if ``name`` was never sent (a filter silently ignored)."""
    return _with_query(app, lambda pairs: [pair for pair in pairs if _name(pair) != name.lower().encode()])


def accepting_any_status(app: ASGIApp) -> ASGIApp:
    """A ``status`` that is not a whole number is ignored instead of answered 400 (leniency the server lacks)."""

    def change(pairs: list[bytes]) -> list[bytes]:
        return [pair for pair in pairs if _name(pair) != b"status" or re.fullmatch(rb"status=-?\d+", pair, re.I)]

    return _with_query(app, change)


def ignoring_auth(app: ASGIApp, token: str) -> ASGIApp:
    """Every request is let in, with or without a (valid) token."""

    async def wrapped(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            headers = [(k, v) for k, v in scope["headers"] if k.lower() not in (b"authorization", b"cookie")]
            scope = {**scope, "headers": [*headers, (b"authorization", token.encode())]}
        await app(scope, receive, send)

    return wrapped


def with_content_type(app: ASGIApp, content_type: str, only_status: int | None = None) -> ASGIApp:
    """Every response (or every one with ``only_status``) claims ``content_type``."""

    async def wrapped(scope: Scope, receive: Receive, send: Send) -> None:
        async def relabel(message: Message) -> None:
            if message["type"] == "http.response.start" and only_status in (None, message["status"]):
                headers = [(k, v) for k, v in message["headers"] if k.lower() != b"content-type"]
                message = {**message, "headers": [*headers, (b"content-type", content_type.encode())]}
            await send(message)

        await app(scope, receive, relabel)

    return wrapped


def _first_invoice(body: bytes, change: Callable[[dict[str, Any]], None]) -> bytes:
    try:
        document = json.loads(body)
    except ValueError:
        return body  # not a page (the empty 200 of OPTIONS, an HTML error page)
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


def year_zero_creation_times(status: int, body: bytes, query: str) -> tuple[int, bytes]:
    """``createOn`` in the year 0000: the spec's pattern and RFC 3339 allow it, Python's datetime does not."""
    return status, re.sub(rb'("createOn":")\d{4}', rb"\g<1>0000", body)


def _add_key(node: Any) -> Any:
    if isinstance(node, dict):
        return {**{key: _add_key(value) for key, value in node.items()}, "addedLater": {"list": [1, 2.5, None]}}
    return [_add_key(item) for item in node] if isinstance(node, list) else node


def unknown_keys_everywhere(status: int, body: bytes, query: str) -> tuple[int, bytes]:
    """A newer portal: an extra key in every JSON object (which a client must keep, not choke on)."""
    try:
        document = json.loads(body)
    except ValueError:
        return status, body  # the plain-text 401
    return status, json.dumps(_add_key(document), ensure_ascii=False).encode()


# Variants that differ from the mock only in ways a real portal may, and that the suite must accept.

IIS_401_PAGE = (
    b'<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN">\r\n<html><head><title>401 - Unauthorized: Access is '
    b"denied due to invalid credentials.</title></head><body><h2>401 - Unauthorized</h2></body></html>\r\n"
)


def iis_401_page(status: int, body: bytes, query: str) -> tuple[int, bytes]:
    """A 401 answered by IIS's custom error page (``Web.config:431-442``) instead of the word ``Unauthorized``."""
    return status, IIS_401_PAGE if status == 401 else body
