"""The HTTP server around the app: uvicorn (h11) with timeouts, a bound on connections, and the portal's
answers to malformed HTTP. Used by the command (``cli.py``) and by ``testing.running_portal``.

What uvicorn/h11 leave to us and what this adds:

* uvicorn has a keep-alive timeout but none for a request's head or body: a client that connects and sends
  half a request holds its connection for ever. Here the head must arrive within ``header_timeout_s`` (else
  408 and close) and the body within ``body_timeout_s`` of the head (else close).
* uvicorn's ``limit_concurrency`` answers 503 to *new* requests once enough connections are open, so stuck
  clients would lock everyone out. Here, at ``max_connections``, a new connection evicts the oldest one that
  is idle or still sending its head; only when every connection is busy being answered does it get 503.
* h11 rejects malformed requests and heads over its buffer limit; uvicorn then sends a plain-text 400. Here
  the portal's JSON envelope is sent instead (400, or 431 for an over-long head, 414 for an over-long
  request line). What cannot change: h11 decides what is malformed, and the connection is closed after it.
* uvicorn answers any ``Host``. Here a request whose ``Host`` is not the address the server was published on,
  nor one of ``allowed_hosts``, gets 400 (:mod:`.hosts`: DNS rebinding). The app alone, as in-process tests
  reach it (``testserver``), has no such check.
"""

from __future__ import annotations

import asyncio
import socket
from typing import Any, ClassVar

import h11
import uvicorn
from starlette.types import ASGIApp, Receive, Scope, Send
from uvicorn.protocols.http.h11_impl import H11Protocol

from .config import PortalConfig
from .errors import GENERIC_EXCEPTION, JSON_CONTENT_TYPE, ApiError, error_body
from .hosts import allowed_host, is_answered

HEADERS_ALLOWANCE = 16_384
"""Bytes of headers allowed on top of the longest request line."""
UNKNOWN_HOST = ApiError(
    400, "Invalid Host header: this mock portal answers only to the address it listens on (see --allowed-host).",
    GENERIC_EXCEPTION,
)  # fmt: skip


def listening_socket(host: str = "127.0.0.1", port: int = 0) -> socket.socket:
    """A socket bound and listening on ``host``; port 0 picks a free one."""
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)  # accepted sockets inherit it: no 40 ms Nagle stalls
    sock.bind((host, port))
    sock.listen(1024)
    return sock


def _raw_answer(status: int, reason: str, error: ApiError) -> bytes:
    body = error_body(error)
    head = (f"HTTP/1.1 {status} {reason}\r\ncontent-type: {JSON_CONTENT_TYPE}\r\n"
            f"content-length: {len(body)}\r\nconnection: close\r\n\r\n")  # fmt: skip
    return head.encode("ascii") + body


class PortalProtocol(H11Protocol):
    """uvicorn's h11 protocol with head and body timeouts, connection eviction and envelope errors."""

    config_of_portal: ClassVar[PortalConfig] = PortalConfig()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._deadline: asyncio.TimerHandle | None = None
        self._deadline_kind = ""
        self.opened_at = 0.0

    # -- the connection bound ------------------------------------------------------------------------------
    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self.opened_at = self.loop.time()
        limit = self.config_of_portal.max_connections
        if len(self.connections) > limit:
            idle = [other for other in self.connections if isinstance(other, PortalProtocol) and other.is_idle()]
            idle = [other for other in idle if other is not self]
            if idle:
                min(idle, key=lambda other: other.opened_at).transport.close()
            else:
                busy = ApiError(503, "Too many open connections.", GENERIC_EXCEPTION)
                transport.write(_raw_answer(503, "Service Unavailable", busy))
                transport.close()
                return
        self._watch()

    def is_idle(self) -> bool:
        """Idle between requests, or still sending a request's head: nothing of ours is in progress."""
        return self.conn.their_state is h11.IDLE and (self.cycle is None or self.cycle.response_complete)

    # -- timeouts --------------------------------------------------------------------------------------------
    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        self._watch()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._set_deadline("", 0)  # uvicorn's keep-alive timer takes over until the next request starts

    def connection_lost(self, exc: Exception | None) -> None:
        self._set_deadline("", 0)
        super().connection_lost(exc)

    def _watch(self) -> None:
        """Arm the timer that fits the request's state: head expected, body expected, or none."""
        if self.transport.is_closing():
            self._set_deadline("", 0)
            return
        state = self.conn.their_state
        waiting_for_head = state is h11.IDLE and (self.cycle is None or self.cycle.response_complete)
        if waiting_for_head and (self.timeout_keep_alive_task is None or self.conn.trailing_data[0]):
            self._set_deadline("head", self.config_of_portal.header_timeout_s)
        elif state is h11.SEND_BODY:
            self._set_deadline("body", self.config_of_portal.body_timeout_s)
        elif not waiting_for_head:
            self._set_deadline("", 0)

    def _set_deadline(self, kind: str, seconds: float) -> None:
        if kind == self._deadline_kind:
            return  # keep the running clock: trickling bytes does not extend it
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None
        self._deadline_kind = kind
        if kind:
            self._deadline = self.loop.call_later(seconds, self._expired)

    def _expired(self) -> None:
        self._deadline = None
        if self._deadline_kind == "head" and not self.transport.is_closing():
            timeout = ApiError(408, "The request was not received in time.", GENERIC_EXCEPTION)
            self.transport.write(_raw_answer(408, "Request Timeout", timeout))
        self._deadline_kind = ""
        self.transport.close()

    # -- malformed HTTP ----------------------------------------------------------------------------------------
    def send_400_response(self, msg: str) -> None:
        pending = self.conn.trailing_data[0]
        limit = self.config_of_portal.max_url_bytes
        if len(pending) > limit + HEADERS_ALLOWANCE and b"\r\n" not in pending[: limit + 2]:
            answer = _raw_answer(414, "Request-URI Too Long", ApiError(414, "Request-URI Too Long", GENERIC_EXCEPTION))
        elif len(pending) > limit + HEADERS_ALLOWANCE:
            too_large = ApiError(431, "Request Header Fields Too Large", GENERIC_EXCEPTION)
            answer = _raw_answer(431, "Request Header Fields Too Large", too_large)
        else:
            answer = _raw_answer(400, "Bad Request", ApiError(400, "Bad Request", GENERIC_EXCEPTION))
        if not self.transport.is_closing():
            self.transport.write(answer)
        self.transport.close()


class HostCheck:
    """Answers 400 to a request whose ``Host`` the server does not answer to (:func:`.hosts.is_answered`), before
    the app sees it: the request log, the rate limit and the faults never count it."""

    def __init__(self, app: ASGIApp, allowed_hosts: tuple[str, ...]) -> None:
        self.app = app
        self.allowed_hosts = tuple(allowed_host(entry) for entry in allowed_hosts)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            hosts = [value.decode("latin-1") for name, value in scope["headers"] if name.lower() == b"host"]
            local = scope.get("server")
            if not all(is_answered(host, local, self.allowed_hosts) for host in hosts):
                body = error_body(UNKNOWN_HOST)
                headers = [(b"content-type", JSON_CONTENT_TYPE.encode()), (b"content-length", str(len(body)).encode())]
                await send({"type": "http.response.start", "status": 400, "headers": headers})
                await send({"type": "http.response.body", "body": body})
                return
        await self.app(scope, receive, send)


def uvicorn_config(app: ASGIApp, config: PortalConfig) -> uvicorn.Config:
    """uvicorn's settings for ``app`` under ``config``'s limits (one protocol class per portal), behind the
    ``Host`` check."""
    protocol = type("BoundPortalProtocol", (PortalProtocol,), {"config_of_portal": config})
    return uvicorn.Config(
        HostCheck(app, config.allowed_hosts),
        http=protocol,
        log_level="warning",
        lifespan="off",
        timeout_keep_alive=max(1, round(config.keep_alive_s)),
        h11_max_incomplete_event_size=config.max_url_bytes + HEADERS_ALLOWANCE,
        limit_concurrency=None,  # see the module docstring: the bound is enforced by PortalProtocol
        backlog=1024,
        server_header=False,
        date_header=True,
        timeout_graceful_shutdown=2,
    )


def portal_server(app: ASGIApp, config: PortalConfig) -> uvicorn.Server:
    """A uvicorn server for ``app``; run it with ``server.run(sockets=[listening_socket(...)])``."""
    return uvicorn.Server(uvicorn_config(app, config))
