"""Deliberately broken variants of the mock portal, for proving that the contract suite catches each break.

Each wraps the real app in a small ASGI middleware that corrupts the request or the response.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field
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


# Variants for the paging property: a portal that pages wrongly while its data holds still, and honest portals
# that people edit while the suite reads them.


def shifting_pages(app: ASGIApp, by: int) -> ASGIApp:
    """Every page after the first starts ``by`` places off (-1 repeats an invoice of the page before, 1 skips
    one): a paging bug, on data that holds still."""

    def change(pairs: list[bytes]) -> list[bytes]:
        changed = []
        for pair in pairs:
            found = re.fullmatch(rb"startindex=(\d+)", pair, re.IGNORECASE)
            if found and int(found[1]) > 0:
                pair = b"startIndex=%d" % max(0, int(found[1]) + by)
            changed.append(pair)
        return changed

    return _with_query(app, change)


@dataclass
class _Edits:
    """The invoices an edited portal has deleted, or not yet added, and the rate and dice of its edits."""

    rate: float
    dice: random.Random
    absent: set[int] = field(default_factory=set)
    pending: set[int] = field(default_factory=set)
    """Ids the portal will add (absent until then)."""
    known: set[int] = field(default_factory=set)

    def meet(self, ids: list[int]) -> None:
        """Learn the ids of a real answer: one in four is not yet added when first met."""
        for invoice_id in ids:
            if invoice_id not in self.known:
                self.known.add(invoice_id)
                if invoice_id % 4 == 0:
                    self.pending.add(invoice_id)
                    self.absent.add(invoice_id)

    def edit(self) -> None:
        """The edits due before one request: each adds a pending invoice (wherever it sorts) or deletes one."""
        whole = int(self.rate)
        for _ in range(whole + (self.dice.random() < self.rate - whole)):
            present = sorted(self.known - self.absent)
            if self.pending and (not present or self.dice.random() < 0.5):
                added = self.dice.choice(sorted(self.pending))
                self.pending.discard(added)
                self.absent.discard(added)
            elif present:
                self.absent.add(self.dice.choice(present))


def _paging(query: bytes) -> tuple[int, int] | None:
    values = {_name(pair): pair.partition(b"=")[2] for pair in query.split(b"&") if pair}
    start, count = values.get(b"startindex", b"0"), values.get(b"count", b"")
    return (int(start), int(count)) if start.isdigit() and count.isdigit() and int(count) > 0 else None


def edited_while_read(app: ASGIApp, edits_per_request: float, seed: int = 1) -> ASGIApp:
    """An honest portal that people edit while it is read: before each GET of the filter, ``edits_per_request``
    edits on average (whole edits each time, the fraction by seeded dice), each adding an invoice wherever it
    sorts or deleting one, including one a walk has passed. Every answer is consistent with the data of its
    moment: the page is cut from the real result without the absent invoices (asked of the mock from place 0),
    with the envelope's ``count``, ``startIndex``, ``nextIndex`` and ``total`` as the server writes them.
    Requests without a whole ``startIndex`` and a positive ``count`` pass unchanged."""
    edits = _Edits(edits_per_request, random.Random(seed))

    async def wrapped(scope: Scope, receive: Receive, send: Send) -> None:
        paging = _paging(scope["query_string"]) if scope["type"] == "http" else None
        if paging is None or scope["method"] != "GET":
            await app(scope, receive, send)
            return
        edits.edit()
        start, count = paging
        pairs = [pair for pair in scope["query_string"].split(b"&") if _name(pair) not in (b"startindex", b"count")]

        def cut(status: int, body: bytes, query: str) -> tuple[int, bytes]:
            if status != 200:
                return status, body
            document = json.loads(body)
            edits.meet([invoice["id"] for invoice in document["response"]])
            rows = [invoice for invoice in document["response"] if invoice["id"] not in edits.absent]
            page = rows[start : start + count]
            full = len(page) == count
            envelope: dict[str, Any] = {"count": len(page), "startIndex": start, "nextIndex": start + count + 1}
            envelope = {key: value for key, value in envelope.items() if value and (key != "nextIndex" or full)}
            if full and len(rows) == start + count:
                del envelope["nextIndex"]  # a full page, and the database had no row after it
            envelope.update(total=len(rows) if full else start + len(page), status=0, statusCode=200, response=page)
            return status, json.dumps(envelope, ensure_ascii=False).encode()

        # The whole result from place 0 (the tests' portals hold fewer than the 1,000 one request may ask for).
        query = b"&".join([*pairs, b"startIndex=0", b"count=1000"])
        await rewrite_responses(app, cut)({**scope, "query_string": query}, receive, send)

    return wrapped
