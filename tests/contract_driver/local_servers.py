"""Tiny HTTP servers on 127.0.0.1 for the runner's tests: a fixed answer, a counting proxy, and a portal front that
echoes each request back (its headers, query and body) in every encoded form."""

from __future__ import annotations

import base64
import html
import http.client
import json
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import quote, quote_plus, urlsplit

from starlette.types import ASGIApp, Message, Receive, Scope, Send


@contextmanager
def serving(handler: type[BaseHTTPRequestHandler]) -> Iterator[str]:
    """Serve ``handler`` on a free loopback port in a thread; yield the base URL; stop on exit."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def answering(status: int, body: bytes, content_type: str = "application/json") -> Iterator[str]:
    """A server answering every GET with ``status``, ``content_type`` and ``body``."""

    class Fixed(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            """Quiet."""

    with serving(Fixed) as url:
        yield url


@dataclass(frozen=True)
class Seen:
    """One request as the proxy saw it arrive."""

    at: float
    method: str
    path: str


@contextmanager
def counting_proxy(
    upstream: str, corrupt: Callable[[str, int], int] = lambda target, status: status
) -> Iterator[tuple[str, list[Seen]]]:
    """A reverse proxy in front of ``upstream`` that logs the arrival time, method and path of every request;
    ``corrupt(request target, status)`` may change the status it passes back."""
    seen: list[Seen] = []
    lock = threading.Lock()
    target = urlsplit(upstream)

    class Forward(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _forward(self) -> None:
            with lock:
                seen.append(Seen(time.monotonic(), self.command, urlsplit(self.path).path))
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else None
            connection = http.client.HTTPConnection(target.hostname or "", target.port, timeout=30)
            headers = {name: value for name, value in self.headers.items() if name.lower() != "host"}
            connection.request(self.command, self.path, body=body, headers=headers)
            answer = connection.getresponse()
            content = answer.read()
            self.send_response(corrupt(self.path, answer.status))
            for name, value in answer.getheaders():
                if name.lower() not in ("transfer-encoding", "connection", "content-length"):
                    self.send_header(name, value)
            self.send_header("Content-Length", str(len(content)))
            self.end_headers()
            self.wfile.write(content)
            connection.close()

        do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = do_HEAD = _forward  # noqa: N815  (http.server names)

        def log_message(self, format: str, *args: object) -> None:
            """Quiet."""

    with serving(Forward) as url:
        yield url, seen


def busiest_second(seen: list[Seen]) -> int:
    """The most requests that arrived within any one second."""
    moments = sorted(item.at for item in seen)
    most, first = 0, 0
    for last, moment in enumerate(moments):
        while moment - moments[first] >= 1.0:
            first += 1
        most = max(most, last - first + 1)
    return most


def echoed(text: str) -> dict[str, str]:
    """``text`` in each form a server may quote it in: as it is, JSON-escaped (with ``\\/``), HTML-escaped,
    percent-encoded (``%20`` and ``+``), base64."""
    return {
        "plain": text,
        "json": json.dumps(text)[1:-1].replace("/", "\\/"),
        "html": html.escape(text),
        "percent": quote(text, safe=""),
        "plus": quote_plus(text),
        "base64": base64.b64encode(text.encode()).decode(),
    }


def echoing(app: ASGIApp, error_on: str = "count=0") -> ASGIApp:
    """``app`` behind a portal front that quotes each request back: its headers, query and body (a login's user
    name and password), in every form of :func:`echoed`, in an ``X-Echo`` header of every answer and in every
    JSON body (``"echo"``); an error answer becomes an HTML page that starts with them (the ``Authorization``
    header first), as a server's error page that shows the request does, and so does the answer to a query
    containing ``error_on``, as a 502."""

    async def wrapped(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        chunks, more = [], True
        while more:
            message = await receive()
            chunks.append(message.get("body", b""))
            more = message.get("more_body", False)
        body = b"".join(chunks)
        headers = sorted(scope["headers"], key=lambda pair: pair[0].lower() != b"authorization")  # the secret first
        request = [f"{name.decode('latin-1')}: {value.decode('latin-1')}" for name, value in headers]
        request += [f"query: {scope['query_string'].decode('latin-1')}", f"body: {body.decode('utf-8', 'replace')}"]
        try:
            login = json.loads(body) if body else {}
        except ValueError:
            login = {}
        if isinstance(login, dict) and "userName" in login:  # as Basic authorization would carry them
            pair = f"{login['userName']}:{login['password']}".encode()
            request.append(f"basic: {base64.b64encode(pair).decode()}")
        quoted = {form: [echoed(line)[form] for line in request] for form in echoed("")}
        started: dict[str, Any] = {}
        answer: list[bytes] = []

        async def replay() -> Message:
            return {"type": "http.request", "body": body, "more_body": False}

        async def capture(message: Message) -> None:
            if message["type"] == "http.response.start":
                started.update(message)
                return
            answer.append(message.get("body", b""))
            if message.get("more_body"):
                return
            status, content = started["status"], b"".join(answer)
            headers = [(k, v) for k, v in started["headers"] if k.lower() not in (b"content-length", b"content-type")]
            content_type = dict(started["headers"]).get(b"content-type", b"application/json")
            if status >= 400 or error_on in scope["query_string"].decode("latin-1"):
                status, content_type = status if status >= 400 else 502, b"text/html; charset=utf-8"
                lines = "".join(f"<li>{line}</li>" for form in ("html", "percent", "plus", "base64")
                                for line in quoted[form])  # fmt: skip
                content = f"<html><body><h1>Server error</h1><ul>{lines}</ul></body></html>".encode()
            elif content_type.startswith(b"application/json"):
                document = json.loads(content)
                if isinstance(document, dict):
                    document["echo"] = quoted
                    content = json.dumps(document).replace("/", "\\/").encode()
            headers += [(b"content-type", content_type), (b"content-length", str(len(content)).encode()),
                        (b"x-echo", "; ".join(quoted["percent"]).encode("latin-1"))]  # fmt: skip
            await send({"type": "http.response.start", "status": status, "headers": headers})
            await send({"type": "http.response.body", "body": content})

        await app(scope, replay, capture)

    return wrapped
