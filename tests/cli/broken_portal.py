"""A small portal that answers badly on purpose, on a free loopback port, for the CLI's robustness tests.

Every answer is chosen by ``mode``; ``echo`` modes put the request's ``Authorization`` header and body (the
token, the password) into the answer, as a hostile or careless server could, to prove the CLI never shows them.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LOGIN_PATH = "/api/2.0/authentication"


@dataclass
class Behaviour:
    """What the portal answers, and what it was asked."""

    mode: str
    login_token: str = "issued-token-0123456789"
    requests: list[tuple[str, str]] = field(default_factory=list)


def _answer(behaviour: Behaviour, method: str, authorization: str, body: str) -> tuple[int, str, bytes]:
    """The status, content type and body for one request."""
    echoed = f"{authorization} {body}"
    mode = behaviour.mode
    if method == "POST":
        if mode == "login-malformed-token":
            token: object = "line\nbreak-token"
        elif mode == "login-echo-500":
            error = {"error": {"message": f"User authentication failed for {echoed}", "hresult": 0}}
            return 500, "application/json", json.dumps(error).encode()
        else:
            token = behaviour.login_token
        answer = {"count": 1, "response": {"token": token, "expires": "2030-01-01T00:00:00.0000000+00:00"}}
        return 201, "application/json", json.dumps(answer).encode()
    if mode == "echo-400":
        return 400, "application/json", json.dumps({"error": {"message": f"bad value {echoed}"}}).encode()
    if mode == "echo-500":
        return 500, "text/html", f"<html><body>Server Error: {echoed}</body></html>".encode()
    if mode == "echo-200":
        return 200, "text/plain", f"not json, but {echoed}".encode()
    if mode == "total-text":
        return 200, "application/json", json.dumps({"count": 0, "total": "3000", "response": []}).encode()
    if mode == "deep-json":
        return 200, "application/json", b'{"response": ' + b"[" * 100_000 + b"]" * 100_000 + b', "total": 1}'
    if mode == "html-200":
        return 200, "text/html", b"<html><body>Welcome to nginx!</body></html>"
    raise AssertionError(f"unknown mode {mode!r}")


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def _respond(self, method: str) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode("utf-8", "replace") if length else ""
        behaviour = self.server.behaviour
        behaviour.requests.append((method, self.path))
        status, content_type, payload = _answer(behaviour, method, self.headers.get("Authorization", ""), body)
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def do_GET(self) -> None:  # http.server's name
        self._respond("GET")

    def do_POST(self) -> None:  # http.server's name
        self._respond("POST")

    def log_message(self, format: str, *args: object) -> None:  # http.server's signature
        """Quiet: nothing on the test's stderr."""


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    behaviour: Behaviour


@contextmanager
def broken_portal(mode: str) -> Iterator[tuple[str, Behaviour]]:
    """Serve ``mode`` on 127.0.0.1 (a free port) in a thread; yield the base URL and the :class:`Behaviour`."""
    server = _Server(("127.0.0.1", 0), _Handler)
    server.behaviour = Behaviour(mode)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", server.behaviour
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
