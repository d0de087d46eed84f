"""A regression battery: the mock portal with the real server's quirks (the baseline), and variants of it, each
with one change that a server team could ship (a regression the checker must catch) or that a real portal shows
and clients survive (a decoy the checker must pass).

Every member is an ASGI application built from a plain mock portal by wrappers in the manner of
``broken_portals.py``; its line says the real bug it imitates. ``run_battery.py`` serves each one over HTTP and
runs the checker and plain schemathesis against it.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any, Literal
from urllib.parse import parse_qsl, urlencode

from starlette.types import ASGIApp, Message, Receive, Scope, Send

import onlyoffice_crm_spec as spec
from contract_tests.proofs import broken_portals
from onlyoffice_mock_portal.app import create_app
from onlyoffice_mock_portal.config import PortalConfig

TOKEN = "battery-token"
CONFIG = PortalConfig(token=TOKEN, invoices=300, rate_limit=0)
COUNT_CACHE_SECONDS = 30.0
WHOLE_RESULT = 1000
"""Every invoice of a battery portal in one inner request (they hold 300)."""
TO_WIDENING = dt.timedelta(days=1) - dt.timedelta(minutes=1)

Kind = Literal["mock", "baseline", "regression", "decoy"]
Query = list[tuple[str, str]]


# --- ASGI plumbing ---------------------------------------------------------------------------------------------


@dataclass
class Answer:
    """One response of the wrapped application."""

    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes

    def json(self) -> Any:
        """The body as JSON, or None when it is not JSON."""
        try:
            return json.loads(self.body)
        except ValueError:
            return None


async def ask(app: ASGIApp, scope: Scope, query: Query, path: str | None = None) -> Answer:
    """Send ``app`` the request of ``scope`` with another query string (and path), and collect its answer."""
    sub = {**scope, "query_string": urlencode(query).encode(), "path": path or scope["path"]}
    sub["raw_path"] = sub["path"].encode()
    started: dict[str, Any] = {}
    chunks: list[bytes] = []

    async def receive() -> Message:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Message) -> None:
        if message["type"] == "http.response.start":
            started.update(message)
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))

    await app(sub, receive, send)
    return Answer(started["status"], list(started.get("headers", [])), b"".join(chunks))


async def reply(send: Send, answer: Answer) -> None:
    """Send ``answer`` (its content-length recomputed)."""
    headers = [(k, v) for k, v in answer.headers if k.lower() != b"content-length"]
    headers.append((b"content-length", str(len(answer.body)).encode()))
    await send({"type": "http.response.start", "status": answer.status, "headers": headers})
    await send({"type": "http.response.body", "body": answer.body})


Rewrite = Callable[[Scope, Query, Answer], Answer]


def answering(app: ASGIApp, rewrite: Rewrite) -> ASGIApp:
    """Pass every answer of a GET of the filter through ``rewrite(scope, query, answer)``."""

    async def wrapped(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET" or not scope["path"].startswith(spec.FILTER_PATH):
            await app(scope, receive, send)
            return
        query = parse_qsl(scope["query_string"].decode("latin-1"), keep_blank_values=True)
        await reply(send, rewrite(scope, query, await ask(app, scope, query)))

    return wrapped


def asking(app: ASGIApp, change: Callable[[Query], Query]) -> ASGIApp:
    """The filter is asked ``change(query)`` instead of the query sent."""

    async def wrapped(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"].startswith(spec.FILTER_PATH):
            query = parse_qsl(scope["query_string"].decode("latin-1"), keep_blank_values=True)
            scope = {**scope, "query_string": urlencode(change(query)).encode()}
        await app(scope, receive, send)

    return wrapped


def value(query: Query, name: str) -> str | None:
    """The first value of a parameter (names case-insensitive), as the server binds it."""
    return next((text for key, text in query if key.lower() == name.lower()), None)


def without(query: Query, *names: str) -> Query:
    """The query without these parameters."""
    lowered = {name.lower() for name in names}
    return [(key, text) for key, text in query if key.lower() not in lowered]


def _int(text: str | None, default: int) -> int:
    return int(text) if text is not None and re.fullmatch(r"\d+", text) else default


def _envelope(answer: Answer, change: Callable[[dict[str, Any]], None]) -> Answer:
    document = answer.json()
    if not isinstance(document, dict):
        return answer
    change(document)
    return replace(answer, body=json.dumps(document, ensure_ascii=False).encode())


def page_of(rows: list[Any], start: int, count: int, status: int = 200) -> dict[str, Any]:
    """The envelope the server writes for ``rows`` (the whole result) at ``start`` and ``count``."""
    page = rows[start : start + count] if count > 0 else rows[start : start + 1]
    full = count > 0 and len(page) == count
    document: dict[str, Any] = {}
    if page:
        document["count"] = len(page)
    if start:
        document["startIndex"] = start
    if full and len(rows) > start + count:
        document["nextIndex"] = start + count + 1
    document.update(total=len(rows) if full else start + len(page), status=0, statusCode=status, response=page)
    return document


def whole_result(app: ASGIApp, change: Callable[[Query, list[dict[str, Any]]], list[dict[str, Any]]]) -> ASGIApp:
    """The page is cut from ``change(query, the whole result)``, the envelope written as the server does."""

    async def wrapped(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET" or not scope["path"].startswith(spec.FILTER_PATH):
            await app(scope, receive, send)
            return
        query = parse_qsl(scope["query_string"].decode("latin-1"), keep_blank_values=True)
        inner = [*without(query, "startIndex", "count"), ("startIndex", "0"), ("count", str(WHOLE_RESULT))]
        answer = await ask(app, scope, inner)
        document = answer.json()
        if answer.status != 200 or not isinstance(document, dict):
            await reply(send, await ask(app, scope, query))
            return
        rows = change(query, document["response"])
        start, count = _int(value(query, "startIndex"), 0), min(_int(value(query, "count"), 1000), 1000)
        body = json.dumps(page_of(rows, start, count), ensure_ascii=False).encode()
        await reply(send, replace(answer, body=body))

    return wrapped


def relabel(app: ASGIApp, change: Callable[[int, str], str | None]) -> ASGIApp:
    """Every response's content type becomes ``change(status, content type)`` (None: unchanged)."""

    async def wrapped(scope: Scope, receive: Receive, send: Send) -> None:
        async def relabelled(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = dict(message["headers"])
                new = change(message["status"], headers.get(b"content-type", b"").decode("latin-1"))
                if new is not None:
                    kept = [(k, v) for k, v in message["headers"] if k.lower() != b"content-type"]
                    message = {**message, "headers": [*kept, (b"content-type", new.encode())]}
            await send(message)

        await app(scope, receive, relabelled)

    return wrapped


# --- the server's quirks (the baseline) ------------------------------------------------------------------------


def count_cache(app: ASGIApp, seconds: float = COUNT_CACHE_SECONDS, key_by_text: bool = True) -> ASGIApp:
    """``InvoiceDao.GetInvoicesCount``: the count of a full page is cached for 30 s per tenant, user and search
    text, not per filter, so a full page's ``total`` is the first count asked with that text (or, without
    ``key_by_text``, with any)."""
    cache: dict[str, tuple[float, int]] = {}

    def rewrite(scope: Scope, query: Query, answer: Answer) -> Answer:
        document = answer.json()
        if answer.status != 200 or not isinstance(document, dict):
            return answer
        asked = _int(value(query, "count"), 1000)
        if not (0 < asked == len(document["response"])):
            return answer  # a short page's total is startIndex + returned: no count query
        key = (value(query, "filterValue") or "").lower() if key_by_text else ""
        now = time.monotonic()
        cached = cache.get(key)
        if cached is None or now - cached[0] > seconds:
            cache[key] = (now, document["total"])
            return answer
        return _envelope(answer, lambda envelope: envelope.update(total=cached[1]))

    return answering(app, rewrite)


def iis_401(app: ASGIApp) -> ASGIApp:
    """IIS's custom 401 page (``Web.config:431-442``) as ``text/html``."""
    page = broken_portals.rewrite_responses(app, broken_portals.iis_401_page)
    return relabel(page, lambda status, _: "text/html" if status == 401 else None)


def baseline(app: ASGIApp) -> ASGIApp:
    """The mock portal with the quirks of a portal running the real code switched on: unstable ties (the mock's
    own), the 500 on a failed login (the mock's own), the 30 s count cache and IIS's 401 page."""
    return iis_401(count_cache(app))


# --- regressions -----------------------------------------------------------------------------------------------

DATE = re.compile(r"(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(\.\d{1,7})?(Z|[+-]\d\d:\d\d)?$")


def shift_date(text: str, by: dt.timedelta) -> str:
    """A date of the query moved by ``by``, in the same shape (text that is no such date is left alone)."""
    found = DATE.fullmatch(text)
    if found is None:
        return text
    year, month, day, hour, minute, second = (int(part) for part in found.groups()[:6])
    ticks = int((found[7] or ".0")[1:].ljust(7, "0"))
    try:
        moved = dt.datetime(year, month, day, hour, minute, second, ticks // 10) + by
    except (ValueError, OverflowError):
        return text
    return moved.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moved.microsecond * 10 + ticks % 10:07d}" + (found[8] or "")


def shifting_dates(app: ASGIApp, moves: dict[str, dt.timedelta]) -> ASGIApp:
    """Date bounds compared differently, as if each named bound were sent moved by its ``timedelta``."""

    def change(query: Query) -> Query:
        lowered = {name.lower(): by for name, by in moves.items()}
        return [(key, shift_date(text, lowered[key.lower()]) if key.lower() in lowered else text)
                for key, text in query]  # fmt: skip

    return asking(app, change)


def _error_status_200(scope: Scope, query: Query, answer: Answer) -> Answer:
    if answer.status < 400:
        return answer
    return _envelope(answer, lambda document: document.update(statusCode=200) if "error" in document else None)


def _drop(*members: str) -> Rewrite:
    def rewrite(scope: Scope, query: Query, answer: Answer) -> Answer:
        if answer.status != 200:
            return answer

        def change(document: dict[str, Any]) -> None:
            for member in members:
                document.pop(member, None)

        return _envelope(answer, change)

    return rewrite


def _count_echoes_asked(scope: Scope, query: Query, answer: Answer) -> Answer:
    asked = value(query, "count")
    if answer.status != 200 or asked is None or not asked.isdigit() or int(asked) == 0:
        return answer
    return _envelope(answer, lambda document: document.update(count=int(asked)))


def _one_as_object(scope: Scope, query: Query, answer: Answer) -> Answer:
    def change(document: dict[str, Any]) -> None:
        if isinstance(document.get("response"), list) and len(document["response"]) == 1:
            document["response"] = document["response"][0]

    return _envelope(answer, change) if answer.status == 200 else answer


def _single_match_as_object(scope: Scope, query: Query, answer: Answer) -> Answer:
    def change(document: dict[str, Any]) -> None:
        if isinstance(document.get("response"), list) and len(document["response"]) == 1 == document["total"]:
            document["response"] = document["response"][0]

    return _envelope(answer, change) if answer.status == 200 else answer


def _json_401(scope: Scope, query: Query, answer: Answer) -> Answer:
    if answer.status != 401:
        return answer
    body = {"status": 1, "statusCode": 401, "error": {"message": "Unauthorized", "hresult": -2147024891, "data": {}}}
    headers = [(k, v) for k, v in answer.headers if k.lower() != b"content-type"]
    return Answer(401, [*headers, (b"content-type", b"application/json; charset=UTF-8")], json.dumps(body).encode())


def _error_without_start(scope: Scope, query: Query, answer: Answer) -> Answer:
    if answer.status < 400:
        return answer
    return _envelope(answer, lambda document: document.pop("startIndex", None))


def _zero_count_empty(scope: Scope, query: Query, answer: Answer) -> Answer:
    if answer.status != 200 or value(query, "count") != "0":
        return answer
    start = _int(value(query, "startIndex"), 0)

    def change(document: dict[str, Any]) -> None:
        document.pop("count", None)
        document.pop("nextIndex", None)
        document.update(total=start, response=[])

    return _envelope(answer, change)


def _next_index_always(scope: Scope, query: Query, answer: Answer) -> Answer:
    asked = _int(value(query, "count"), 1000)
    start = _int(value(query, "startIndex"), 0)

    def change(document: dict[str, Any]) -> None:
        if 0 < asked == len(document.get("response") or []):
            document["nextIndex"] = start + asked + 1

    return _envelope(answer, change) if answer.status == 200 else answer


def _money_as_text(scope: Scope, query: Query, answer: Answer) -> Answer:
    def change(document: dict[str, Any]) -> None:
        for invoice in document.get("response") or []:
            invoice["cost"] = f"{invoice['cost']:.2f}"

    return _envelope(answer, change) if answer.status == 200 else answer


def _status_title_null(scope: Scope, query: Query, answer: Answer) -> Answer:
    def change(document: dict[str, Any]) -> None:
        for invoice in document.get("response") or []:
            invoice["status"]["title"] = None

    return _envelope(answer, change) if answer.status == 200 else answer


def _count_zero_written(scope: Scope, query: Query, answer: Answer) -> Answer:
    def change(document: dict[str, Any]) -> None:
        document.setdefault("count", len(document.get("response") or []))

    return _envelope(answer, change) if answer.status == 200 else answer


def _three_digit_dates(status: int, body: bytes, query: str) -> tuple[int, bytes]:
    return status, re.sub(rb'("\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3})\d{4}', rb"\1", body)


def _offsets_without_colon(status: int, body: bytes, query: str) -> tuple[int, bytes]:
    return status, re.sub(rb'(\.\d{7}[+-]\d\d):(\d\d")', rb"\1\2", body)


def _case_sensitive_words(query: Query, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    wanted = (value(query, "filterValue") or "").split(",")[0].split()
    if not wanted:
        return rows

    def words(row: dict[str, Any]) -> list[str]:
        return f"{row['number']} {row['description']}".split(" ")

    return [row for row in rows if all(any(word.startswith(w) for word in words(row)) for w in wanted)]


def _null_contacts_first(query: Query, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    if (value(query, "sortBy") or "").lower() != "contact":
        return rows
    return [row for row in rows if row["contact"] is None] + [row for row in rows if row["contact"] is not None]


def _contact_ties_reversed(query: Query, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    if (value(query, "sortBy") or "").lower() != "contact" or value(query, "sortOrder") != "descending":
        return rows
    grouped: list[list[dict[str, Any]]] = []
    for row in rows:
        name = row["contact"]["displayName"].casefold() if row["contact"] else None
        if (
            grouped
            and name is not None
            and grouped[-1][0]["contact"]
            and (grouped[-1][0]["contact"]["displayName"].casefold() == name)
        ):
            grouped[-1].append(row)
        else:
            grouped.append([row])
    return [row for group in grouped for row in reversed(group)]


def _sort_order_without_key(query: Query) -> Query:
    if value(query, "sortOrder") == "descending" and value(query, "sortBy") is None:
        return [*query, ("sortBy", "number")]
    return query


def _clamp_count(limit: int) -> Callable[[Query], Query]:
    def change(query: Query) -> Query:
        return [*without(query, "count"), ("count", str(min(_int(value(query, "count"), 1000), limit)))]

    return change


def _status_off_by_one(query: Query) -> Query:
    return [(key, str(int(text) + 1) if key.lower() == "status" and text in {"1", "2", "3", "4"} else text)
            for key, text in query]  # fmt: skip


def _entity_type_swapped(query: Query) -> Query:
    return [(key, "contact" if key.lower() == "entitytype" and text.lower() == "opportunity" else text)
            for key, text in query]  # fmt: skip


def _currency_case_sensitive(query: Query) -> Query:
    code = value(query, "currency")
    if code is None or code == code.upper():
        return query
    return [*without(query, "currency"), ("currency", "no such code")]


def _refusing(predicate: Callable[[Query], bool], status: int = 400) -> Callable[[ASGIApp], ASGIApp]:
    """Requests for which ``predicate`` holds answer the error envelope with ``status``."""

    def wrap(app: ASGIApp) -> ASGIApp:
        def rewrite(scope: Scope, query: Query, answer: Answer) -> Answer:
            if not predicate(query):
                return answer
            error = {"message": "Requested value was not found.", "hresult": -2147024809, "data": {}}
            body = {"status": 1, "statusCode": status, "error": error}
            return Answer(status, [(b"content-type", b"application/json; charset=UTF-8")], json.dumps(body).encode())

        return answering(app, rewrite)

    return wrap


def _bearer_refused(app: ASGIApp) -> ASGIApp:
    async def wrapped(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            headers = [(k, b"wrong" if k.lower() == b"authorization" and v.startswith(b"Bearer ") else v)
                       for k, v in scope["headers"]]  # fmt: skip
            scope = {**scope, "headers": headers}
        await app(scope, receive, send)

    return wrapped


def _no_json_suffix(app: ASGIApp) -> ASGIApp:
    async def wrapped(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"].endswith(".json"):
            scope = {**scope, "path": scope["path"] + "-gone", "raw_path": (scope["path"] + "-gone").encode()}
        await app(scope, receive, send)

    return wrapped


def _past_end_last_page(app: ASGIApp) -> ASGIApp:
    async def wrapped(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET" or not scope["path"].startswith(spec.FILTER_PATH):
            await app(scope, receive, send)
            return
        query = parse_qsl(scope["query_string"].decode("latin-1"), keep_blank_values=True)
        answer = await ask(app, scope, query)
        document = answer.json()
        start = _int(value(query, "startIndex"), 0)
        if answer.status == 200 and isinstance(document, dict) and start and not document["response"]:
            inner = [*without(query, "startIndex", "count"), ("count", str(WHOLE_RESULT))]
            rows = (await ask(app, scope, inner)).json()["response"]
            count = min(_int(value(query, "count"), 1000), 1000) or 1
            if rows:  # the last page, written as if it stood at the place asked
                last = page_of(rows[-count:], 0, count)
                last.update(startIndex=start, total=start + len(last["response"]))
                answer = replace(answer, body=json.dumps(last, ensure_ascii=False).encode())
        await reply(send, answer)

    return wrapped


def _total_unfiltered(app: ASGIApp) -> ASGIApp:
    async def wrapped(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET" or not scope["path"].startswith(spec.FILTER_PATH):
            await app(scope, receive, send)
            return
        query = parse_qsl(scope["query_string"].decode("latin-1"), keep_blank_values=True)
        answer = await ask(app, scope, query)
        if answer.status == 200:
            everything = (await ask(app, scope, [("count", str(WHOLE_RESULT))])).json()
            answer = _envelope(answer, lambda document: document.update(total=len(everything["response"])))
        await reply(send, answer)

    return wrapped


# --- decoys ----------------------------------------------------------------------------------------------------


def _extra_member(scope: Scope, query: Query, answer: Answer) -> Answer:
    return _envelope(answer, lambda document: document.update(links={"self": scope["path"]}, apiVersion="12.8"))


def _pretty_and_reordered(scope: Scope, query: Query, answer: Answer) -> Answer:
    document = answer.json()
    if not isinstance(document, dict):
        return answer
    reordered = dict(sorted(document.items(), reverse=True))
    return replace(answer, body=json.dumps(reordered, ensure_ascii=False, indent=2).encode())


def _shuffled_ties(query: Query, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    key = {"issuedate": "issueDate", "duedate": "dueDate", "status": "status"}.get(
        (value(query, "sortBy") or "").lower()
    )
    if key is None:
        return rows
    salt = time.monotonic_ns()
    grouped: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        grouped.setdefault(json.dumps(row[key]), []).append(row)
    return [row for group in grouped.values() for row in sorted(group, key=lambda r: hash((r["id"], salt)))]


def _without_charset(status: int, content_type: str) -> str | None:
    return "application/json" if content_type.startswith("application/json") else None


def _text_plain_401(status: int, content_type: str) -> str | None:
    return "text/plain; charset=utf-8" if status == 401 else None


# --- the battery -----------------------------------------------------------------------------------------------

Build = Callable[[ASGIApp], ASGIApp]


@dataclass(frozen=True)
class Member:
    """One portal of the battery: how it is built from a plain mock portal, and the real bug (or quirk) it
    imitates."""

    name: str
    kind: Kind
    imitates: str
    build: Build
    config: PortalConfig = CONFIG

    def app(self) -> ASGIApp:
        """A fresh application of this member."""
        return self.build(create_app(self.config))


def on_baseline(change: Build) -> Build:
    """``change`` on top of the baseline (it sees and alters what the baseline answers)."""
    return lambda mock: change(baseline(mock))


def under_baseline(change: Build) -> Build:
    """``change`` beneath the baseline's quirks (the count cache and the 401 page still apply on top)."""
    return lambda mock: baseline(change(mock))


def _rewritten(rewrite: Rewrite) -> Build:
    return on_baseline(lambda app: answering(app, rewrite))


def _bodies(rewrite: broken_portals.BodyRewrite) -> Build:
    return on_baseline(lambda app: broken_portals.rewrite_responses(app, rewrite))


def _asked(change: Callable[[Query], Query]) -> Build:
    return under_baseline(lambda app: asking(app, change))


def _result(change: Callable[[Query, list[dict[str, Any]]], list[dict[str, Any]]]) -> Build:
    return under_baseline(lambda app: whole_result(app, change))


def _ignoring(name: str) -> Build:
    return under_baseline(lambda app: broken_portals.ignoring_parameter(app, name))


def _filter_value_contains(mock: ASGIApp) -> ASGIApp:
    """The words reach the mock without their filter: the contains-match is applied to the whole result."""

    def keep(query: Query, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        wanted = [word.upper() for word in (value(query, "filterValue") or "").split(",")[0].split()]
        return [row for row in rows if all(w in f"{row['number']} {row['description']}".upper() for w in wanted)]

    def unfiltered(app: ASGIApp) -> ASGIApp:
        return asking(app, lambda query: without(query, "filterValue"))

    return baseline(whole_result(unfiltered(mock), keep))


W = TO_WIDENING
TICK = dt.timedelta(microseconds=1)

REGRESSIONS: tuple[Member, ...] = (
    # The twelve the checker passed, and the two it caught by accident (issue 25).
    Member("error statusCode 200", "regression", "error envelopes say statusCode 200 whatever the HTTP status",
           _rewritten(_error_status_200)),
    Member("nextIndex dropped", "regression", "nextIndex is no longer written while more pages exist",
           _rewritten(_drop("nextIndex"))),
    Member("past the end: the last page", "regression", "a startIndex past the end answers the last page again",
           under_baseline(_past_end_last_page)),
    Member("total unfiltered on short pages", "regression", "total comes from an unfiltered count, also on short pages",
           under_baseline(_total_unfiltered)),
    Member("page maximum 100", "regression", "the page maximum dropped from 1,000 to 100 without notice",
           _asked(_clamp_count(100))),
    Member("currency case-sensitive", "regression", "the currency column lost its case-insensitive collation",
           _asked(_currency_case_sensitive)),
    Member("filterValue case-sensitive", "regression", "the text search became case-sensitive (a binary LIKE)",
           _result(_case_sensitive_words)),
    Member("issue dates exclusive", "regression", "the issue-date range became exclusive at both ends",
           under_baseline(lambda app: shifting_dates(app, {"issueDateFrom": TICK, "issueDateTo": -TICK}))),
    Member("issueDateTo not its whole day", "regression", "issueDateTo is compared as sent, not to + 1 day - 1 minute",
           under_baseline(lambda app: shifting_dates(app, {"issueDateTo": -W}))),
    Member("contact ties reversed descending", "regression",
           "a descending contact sort also reverses its number tie-break",
           _result(_contact_ties_reversed)),
    Member("null contacts first", "regression", "invoices without a contact sort first (NULLS FIRST)",
           _result(_null_contacts_first)),
    Member("401 as JSON", "regression", "a 401 comes as a JSON envelope instead of the server's text/html",
           on_baseline(lambda app: answering(app, _json_401))),
    Member("no charset", "regression", "JSON answers lost '; charset=UTF-8'",
           on_baseline(lambda app: relabel(app, _without_charset))),
    Member("count echoes the size asked", "regression", "count echoes the page size asked, not the invoices returned",
           _rewritten(_count_echoes_asked)),
    Member("one-invoice page as an object", "regression", "a page of one invoice is serialized as an object",
           _rewritten(_one_as_object)),
    Member("single match as an object", "regression",
           "a result of one match is serialized as an object (the one-element-array bug of XML-to-JSON converters)",
           _rewritten(_single_match_as_object)),
    # The server's own defects, as broken_portals.py has them.
    Member("number as a JSON number", "regression", "a wrapper change writes the invoice number as an integer",
           _bodies(broken_portals.wrong_field_type)),
    Member("400 becomes 422", "regression", "a framework upgrade answers validation errors 422",
           _bodies(broken_portals.wrong_status_code)),
    Member("500 on digits in the search", "regression", "the text search crashes on a digit (a bad LIKE escape)",
           _bodies(broken_portals.server_error_on_digits)),
    Member("everything text/html", "regression", "a serializer misconfiguration labels JSON as text/html",
           on_baseline(lambda app: broken_portals.with_content_type(app, "text/html"))),
    Member("auth ignored", "regression", "the API token is no longer checked", on_baseline(
           lambda app: broken_portals.ignoring_auth(app, TOKEN))),
    Member("any status accepted", "regression", "a status that is no number or name is ignored instead of a 400",
           under_baseline(broken_portals.accepting_any_status)),
    Member("lower-case t in dates", "regression", "a date formatter writes 't' between date and time",
           _bodies(broken_portals.lowercase_t_dates)),
    Member("upper-case user ids", "regression", "GUIDs written upper-case ('D' format, upper)",
           _bodies(broken_portals.uppercase_user_ids)),
    Member("createOn in year 0000", "regression", "an uninitialised DateTime written as year 0000",
           _bodies(broken_portals.year_zero_creation_times)),
    Member("pages repeat an invoice", "regression", "an off-by-one in the LIMIT offset repeats the last invoice",
           under_baseline(lambda app: broken_portals.shifting_pages(app, -1))),
    Member("pages skip an invoice", "regression", "an off-by-one in the LIMIT offset skips an invoice",
           under_baseline(lambda app: broken_portals.shifting_pages(app, 1))),
    # Filters and orders silently dropped or changed.
    Member("status ignored", "regression", "the status filter is no longer applied", _ignoring("status")),
    Member("currency ignored", "regression", "the currency filter is no longer applied", _ignoring("currency")),
    Member("filterValue ignored", "regression", "the text search is no longer applied", _ignoring("filterValue")),
    Member("entityid ignored", "regression", "the linked-entity filter is no longer applied", _ignoring("entityid")),
    Member("issueDateFrom ignored", "regression", "the lower issue-date bound is dropped", _ignoring("issueDateFrom")),
    Member("dueDateTo ignored", "regression", "the upper due-date bound is dropped", _ignoring("dueDateTo")),
    Member("sortOrder ignored", "regression", "every sort is ascending", _ignoring("sortOrder")),
    Member("sortBy ignored", "regression", "every list comes in number order", _ignoring("sortBy")),
    Member("startIndex ignored", "regression", "every request answers the first page", _ignoring("startIndex")),
    Member("due dates exclusive", "regression", "the due-date range became exclusive at both ends",
           under_baseline(lambda app: shifting_dates(app, {"dueDateFrom": TICK, "dueDateTo": -TICK}))),
    Member("sortOrder without sortBy descends", "regression", "sortOrder=descending now reverses the default order",
           _asked(_sort_order_without_key)),
    Member("count=0 returns nothing", "regression", "the SmartList now cuts count=0 to no invoice",
           _rewritten(_zero_count_empty)),
    Member("status names refused", "regression", "status binds numbers only: 'sent', 'Billed' answer 400",
           on_baseline(_refusing(lambda q: not re.fullmatch(r"\d*", value(q, "status") or "")))),
    Member("entityType case-sensitive", "regression", "entityType compared case-sensitively: 'Contact' is a 400",
           on_baseline(_refusing(lambda q: (value(q, "entityType") or "").lower() != (value(q, "entityType") or "")))),
    Member("Bearer refused", "regression", "'Authorization: Bearer <token>' no longer accepted",
           on_baseline(_bearer_refused)),
    Member(".json route gone", "regression", "the .json suffix route was dropped (404)", on_baseline(_no_json_suffix)),
    Member("3-digit fractions", "regression", "dates written with 3 fractional digits instead of 7",
           _bodies(_three_digit_dates)),
    Member("offsets without a colon", "regression", "offsets written +0300 instead of +03:00",
           _bodies(_offsets_without_colon)),
    Member("status off by one", "regression", "the status filter matches the next status (an enum renumbered)",
           _asked(_status_off_by_one)),
    Member("opportunity filter on contacts", "regression", "entityType=opportunity filters by the contact id",
           _asked(_entity_type_swapped)),
    Member("text search inside words", "regression", "the text search matches inside words (LIKE '%word%')",
           _filter_value_contains),
    Member("error envelope loses startIndex", "regression", "the error envelope no longer keeps startIndex",
           _rewritten(_error_without_start)),
    Member("nextIndex on the last page", "regression", "nextIndex written on every full page, also the last",
           _rewritten(_next_index_always)),
    Member("money as text", "regression", "cost serialized as a string ('10.50')", _rewritten(_money_as_text)),
    Member("status title null", "regression", "a missing resource string writes status.title null",
           _rewritten(_status_title_null)),
    Member("count 0 written", "regression", "count written as 0 on an empty page instead of omitted",
           _rewritten(_count_zero_written)),
)  # fmt: skip

DECOYS: tuple[Member, ...] = (
    Member("ties shuffled on every request", "decoy", "a database that orders equal keys anew for every query",
           _result(_shuffled_ties)),
    Member("count cache for any text", "decoy", "the 30 s count cache hit by every search text",
           lambda mock: iis_401(count_cache(mock, key_by_text=False))),
    Member("plain ASP.NET 401", "decoy", "a portal without IIS's page: 'Unauthorized' as text/html",
           lambda mock: count_cache(mock)),
    Member("a proxy's text/plain 401", "decoy", "a proxy in front answers the 401 as text/plain",
           lambda mock: relabel(count_cache(mock), _text_plain_401)),
    Member("extra envelope members", "decoy", "a newer portal adds envelope members (links, apiVersion)",
           _rewritten(_extra_member)),
    Member("extra keys everywhere", "decoy", "a newer portal adds a key to every object",
           _bodies(broken_portals.unknown_keys_everywhere)),
    Member("slow answers", "decoy", "a busy portal: 15 ms before every answer", baseline,
           replace(CONFIG, latency_ms=15.0)),
    Member("portal west of UTC", "decoy", "a portal in UTC-05:00 (dates and bounds in its time zone)", baseline,
           replace(CONFIG, utc_offset_minutes=-300)),
    Member("portal in UTC", "decoy", "a portal in UTC: dates end in Z", baseline,
           replace(CONFIG, utc_offset_minutes=0)),
    Member("pretty, reordered JSON", "decoy", "a serializer that indents and orders members differently",
           _rewritten(_pretty_and_reordered)),
)  # fmt: skip

PLAIN_MOCK = Member("plain mock portal", "mock", "the mock portal as it ships", lambda mock: mock)
BASELINE = Member("baseline", "baseline", "the mock with the server's quirks (ties, count cache, IIS 401, 500 login)",
                  baseline)  # fmt: skip
MEMBERS: tuple[Member, ...] = (PLAIN_MOCK, BASELINE, *REGRESSIONS, *DECOYS)
