"""The run's replayable record: every exchange as a HAR 1.2 file (credentials were masked when recorded; every
string is scrubbed again as the file is written, ``report_files.py``).

What it keeps of bodies depends on the target. Against the mock portal every body is kept. Against a live portal
a response body is kept only with ``--har-bodies``: otherwise its content holds its size and SHA-256, not its text,
so that no customer's name or invoice is in the artefact. The login's request body (user name, password) is
never kept, nor its length.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from .report_files import write_json_report
from .run_record import Exchange
from .scrubbing import Scrubber

LOGIN_BODY_COMMENT = "the login's request body (user name, password) is never recorded"
UNRECORDED_BODY_COMMENT = "body not recorded (live portal; --har-bodies records it): size and SHA-256 only"


def _headers(pairs: list[tuple[str, str]]) -> list[dict[str, str]]:
    return [{"name": name, "value": value} for name, value in pairs]


def _content_type(pairs: list[tuple[str, str]]) -> str:
    return next((value for name, value in pairs if name.lower() == "content-type"), "")


def _request(exchange: Exchange) -> dict[str, Any]:
    request: dict[str, Any] = {
        "method": exchange.method, "url": exchange.url, "httpVersion": "HTTP/1.1", "cookies": [],
        "headers": _headers(exchange.request_headers),
        "queryString": [{"name": k, "value": v} for k, v in parse_qsl(urlsplit(exchange.url).query, True)],
        "headersSize": -1, "bodySize": len(exchange.request_body.encode()),
    }  # fmt: skip
    if exchange.login:
        request.update(bodySize=-1, comment=LOGIN_BODY_COMMENT)
    elif exchange.request_body:
        request["postData"] = {"mimeType": _content_type(exchange.request_headers), "text": exchange.request_body}
    return request


def _content(exchange: Exchange, bodies: bool) -> dict[str, Any]:
    mime_type = _content_type(exchange.response_headers)
    if bodies:
        return {"size": len(exchange.response_body.encode()), "mimeType": mime_type, "text": exchange.response_body}
    return {"size": exchange.response_size, "mimeType": mime_type, "comment": UNRECORDED_BODY_COMMENT,
            "_sha256": exchange.response_sha256}  # fmt: skip


def har_entry(exchange: Exchange, bodies: bool = True) -> dict[str, Any]:
    """One HAR entry; its comment names the test that sent it. Without ``bodies``, the response body is given by
    its size and SHA-256 only."""
    milliseconds = round(exchange.elapsed_s * 1000, 3)
    return {
        "startedDateTime": dt.datetime.fromtimestamp(exchange.started, dt.UTC).isoformat(),
        "time": milliseconds,
        "request": _request(exchange),
        "response": {
            "status": exchange.status, "statusText": "", "httpVersion": "HTTP/1.1", "cookies": [],
            "headers": _headers(exchange.response_headers), "redirectURL": "", "headersSize": -1, "bodySize": -1,
            "content": _content(exchange, bodies),
        },
        "cache": {},
        "timings": {"send": 0, "wait": milliseconds, "receive": 0},
        "comment": exchange.test + (" (response body truncated)" if exchange.body_truncated and bodies else ""),
    }  # fmt: skip


def write_har(exchanges: Iterable[Exchange], path: Path, scrubber: Scrubber | None = None, bodies: bool = True) -> None:
    """Write ``exchanges`` to ``path`` as HAR 1.2 (JSON, UTF-8), scrubbed; response bodies only with ``bodies``."""
    document = {
        "log": {
            "version": "1.2",
            "creator": {"name": "onlyoffice_crm_contract.runner", "version": "1"},
            "entries": [har_entry(exchange, bodies) for exchange in exchanges],
        }
    }
    write_json_report(path, document, scrubber or Scrubber(), indent=1)
