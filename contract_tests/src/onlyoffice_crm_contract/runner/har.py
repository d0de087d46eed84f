"""The run's replayable record: every exchange as a HAR 1.2 file (credentials were masked when recorded)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from .run_record import Exchange


def _headers(pairs: list[tuple[str, str]]) -> list[dict[str, str]]:
    return [{"name": name, "value": value} for name, value in pairs]


def _content_type(pairs: list[tuple[str, str]]) -> str:
    return next((value for name, value in pairs if name.lower() == "content-type"), "")


def har_entry(exchange: Exchange) -> dict[str, Any]:
    """One HAR entry; its comment names the test that sent it."""
    request: dict[str, Any] = {
        "method": exchange.method, "url": exchange.url, "httpVersion": "HTTP/1.1", "cookies": [],
        "headers": _headers(exchange.request_headers),
        "queryString": [{"name": k, "value": v} for k, v in parse_qsl(urlsplit(exchange.url).query, True)],
        "headersSize": -1, "bodySize": len(exchange.request_body.encode()),
    }  # fmt: skip
    if exchange.request_body:
        request["postData"] = {"mimeType": _content_type(exchange.request_headers), "text": exchange.request_body}
    milliseconds = round(exchange.elapsed_s * 1000, 3)
    return {
        "startedDateTime": dt.datetime.fromtimestamp(exchange.started, dt.UTC).isoformat(),
        "time": milliseconds,
        "request": request,
        "response": {
            "status": exchange.status, "statusText": "", "httpVersion": "HTTP/1.1", "cookies": [],
            "headers": _headers(exchange.response_headers), "redirectURL": "", "headersSize": -1, "bodySize": -1,
            "content": {"size": len(exchange.response_body.encode()),
                        "mimeType": _content_type(exchange.response_headers), "text": exchange.response_body},
        },
        "cache": {},
        "timings": {"send": 0, "wait": milliseconds, "receive": 0},
        "comment": exchange.test + (" (response body truncated)" if exchange.body_truncated else ""),
    }  # fmt: skip


def write_har(exchanges: Iterable[Exchange], path: Path) -> None:
    """Write ``exchanges`` to ``path`` as HAR 1.2 (JSON, UTF-8)."""
    document = {
        "log": {
            "version": "1.2",
            "creator": {"name": "onlyoffice_crm_contract.runner", "version": "1"},
            "entries": [har_entry(exchange) for exchange in exchanges],
        }
    }
    path.write_text(json.dumps(document, ensure_ascii=False, indent=1), encoding="utf-8")
