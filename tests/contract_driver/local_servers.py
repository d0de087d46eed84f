"""Tiny HTTP servers on 127.0.0.1 for the runner's tests: a fixed answer, and a counting proxy."""

from __future__ import annotations

import http.client
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit


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
