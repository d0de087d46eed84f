"""Raw-socket HTTP/1.1 servers on 127.0.0.1 that answer like a broken or hostile portal (issue 21).

starlette buffers whole bodies, so an endless, trickling or compressed body needs a socket of its own.
Each server is a context manager: a listening socket on a free port, one background thread accepting
connections and one thread per connection, all stopped (and the sockets closed) on exit::

    with HostileServer(endless_chunked()) as server:
        Portal(server.url, "token", timeout=1).count_invoices()   # PortalTimeoutError or ResponseTooLargeError

A behaviour is called with the parsed request, the connected socket and the server's stop event; it
writes the whole answer (bodies are streamed, never built in memory, except the precomputed gzip bomb)
and returns; the server then closes the connection (every answer says ``Connection: close``).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import json
import socket
import struct
import threading
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, Self
from urllib.parse import parse_qsl, urlsplit

from onlyoffice_crm_client.api.invoices.get_invoices import COUNT_MAXIMUM
from tests.library.fake_portal import make_invoice

__all__ = [
    "GIB",
    "Behaviour",
    "HostileServer",
    "Request",
    "answer",
    "endless_chunked",
    "gzip_bomb",
    "gzip_bomb_bytes",
    "huge_body",
    "in_turn",
    "nested_json",
    "page_body",
    "page_of_size",
    "retry_after",
    "trickle",
]

GIB = 1024**3
_CHUNK = 64 * 1024
_HEAD_LIMIT = 64 * 1024


@dataclass(frozen=True)
class Request:
    """What the client asked: method, path, the first value of each query parameter, headers (lower-case names)."""

    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]


Behaviour = Callable[[Request, socket.socket, threading.Event], None]


def _head(status: str, headers: Iterable[tuple[str, str | bytes]]) -> bytes:
    lines = [f"HTTP/1.1 {status}".encode()]
    for name, value in [*headers, ("Connection", "close")]:
        lines.append(name.encode() + b": " + (value if isinstance(value, bytes) else value.encode()))
    return b"\r\n".join(lines) + b"\r\n\r\n"


def answer(
    body: bytes, *, status: str = "200 OK", headers: Sequence[tuple[str, str | bytes]] = (), length: bool = True
) -> Behaviour:
    """A complete answer: ``body`` with ``Content-Length`` (unless ``length`` is false) and ``headers``."""
    extra = [("Content-Type", "application/json; charset=utf-8"), *headers]
    if length:
        extra.append(("Content-Length", str(len(body))))

    def behave(request: Request, sock: socket.socket, stop: threading.Event) -> None:
        sock.sendall(_head(status, extra) + body)

    return behave


def endless_chunked() -> Behaviour:
    """A 200 whose chunked body never ends (64 KiB chunks of JSON whitespace, as fast as the client reads)."""
    chunk = b"%x\r\n" % _CHUNK + b" " * _CHUNK + b"\r\n"

    def behave(request: Request, sock: socket.socket, stop: threading.Event) -> None:
        sock.sendall(_head("200 OK", [("Content-Type", "application/json"), ("Transfer-Encoding", "chunked")]))
        while not stop.is_set():
            sock.sendall(chunk)

    return behave


def huge_body(size: int = 2 * GIB) -> Behaviour:
    """A 200 that declares and sends ``size`` bytes, streamed from one repeated chunk."""
    chunk = b" " * _CHUNK

    def behave(request: Request, sock: socket.socket, stop: threading.Event) -> None:
        sock.sendall(_head("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(size))]))
        left = size
        while left > 0 and not stop.is_set():
            sock.sendall(chunk[:left])
            left -= _CHUNK

    return behave


@functools.cache
def gzip_bomb_bytes(inflated: int = 2 * GIB) -> bytes:
    """A valid gzip stream of ``inflated`` zero bytes (a multiple of 1 MiB), about 1/1000 of that on the wire.

    After a full flush a deflate stream starts afresh, so every further MiB of zeros compresses to the
    same bytes: the stream is built from one piece repeated, and only the CRC runs over all the data.
    """
    block = bytes(1024 * 1024)
    blocks = inflated // len(block)
    compressor = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    first = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    piece = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    crc = 0
    for _ in range(blocks):
        crc = zlib.crc32(block, crc)
    final_empty_block = b"\x03\x00"
    trailer = struct.pack("<II", crc, inflated & 0xFFFFFFFF)
    return first + piece * (blocks - 1) + final_empty_block + trailer


def gzip_bomb(inflated: int = 2 * GIB) -> Behaviour:
    """A 200 whose gzip body (about 2 MB on the wire) inflates to ``inflated`` bytes."""
    body = gzip_bomb_bytes(inflated)
    return answer(body, headers=[("Content-Encoding", "gzip")])


def trickle(interval: float = 1.0, size: int = 1000) -> Behaviour:
    """A 200 that declares ``size`` bytes and sends one every ``interval`` seconds."""

    def behave(request: Request, sock: socket.socket, stop: threading.Event) -> None:
        sock.sendall(_head("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(size))]))
        for _ in range(size):
            if stop.wait(interval):
                return
            sock.sendall(b" ")

    return behave


def retry_after(value: str | bytes, status: str = "503 Service Unavailable") -> Behaviour:
    """A ``status`` answer with ``Retry-After: value`` (raw bytes allowed) and the portal's error envelope."""
    envelope = {"status": 1, "statusCode": int(status.split()[0]), "error": {"message": "Too many requests"}}
    return answer(json.dumps(envelope).encode(), status=status, headers=[("Retry-After", value)])


def in_turn(*behaviours: Behaviour) -> Behaviour:
    """The n-th request gets the n-th behaviour; the last one answers every further request."""
    lock = threading.Lock()
    served = [0]

    def behave(request: Request, sock: socket.socket, stop: threading.Event) -> None:
        with lock:
            index = min(served[0], len(behaviours) - 1)
            served[0] += 1
        behaviours[index](request, sock, stop)

    return behave


def nested_json(depth: int = 100_000) -> bytes:
    """A JSON array nested ``depth`` deep."""
    return b"[" * depth + b"]" * depth


def _invoices(count: int, first_number: int = 1) -> list[dict[str, Any]]:
    issued = dt.datetime(2024, 1, 15, tzinfo=dt.UTC)
    return [make_invoice(number, issued=issued) for number in range(first_number, first_number + count)]


# The default `total` of page_body: the page's own length.
_LENGTH = object()


def page_body(invoices: int, total: object = _LENGTH, **invoice_changes: object) -> bytes:
    """The JSON of a page of ``invoices`` invoices and ``total`` as given (by default the page's length).

    ``total`` is written as is: ``"3000"`` a string, ``None`` null, ``float("nan")`` the literal ``NaN``.
    ``invoice_changes`` overwrite keys of every invoice (``cost=float("nan")`` writes ``NaN``).
    """
    rows = _invoices(invoices)
    for row in rows:
        row.update(invoice_changes)
    written_total = len(rows) if total is _LENGTH else total
    envelope = {"count": len(rows), "response": rows, "status": 0, "statusCode": 200, "total": written_total}
    return json.dumps(envelope).encode()


def page_of_size(size: int, invoices: int = COUNT_MAXIMUM) -> tuple[bytes, int]:
    """A valid page of at most ``invoices`` invoices (by default the spec's largest ``count``), padded with JSON
    whitespace to exactly ``size`` bytes.

    Returns the body and how many invoices it holds.
    """
    one = len(json.dumps(_invoices(1)[0])) + 2
    count = max(0, min(invoices, (size - 200) // one))
    body = page_body(count)
    while len(body) > size and count:
        count -= 1
        body = page_body(count)
    if len(body) > size:
        raise ValueError(f"size: {size} bytes cannot hold a page")
    return body + b" " * (size - len(body)), count


def _read_request(sock: socket.socket) -> Request | None:
    data = b""
    while b"\r\n\r\n" not in data:
        if len(data) > _HEAD_LIMIT:
            return None
        chunk = sock.recv(65536)
        if not chunk:
            return None
        data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    request_line, *header_lines = head.decode("latin-1").split("\r\n")
    method, target, _version = request_line.split(" ", 2)
    headers = {}
    for line in header_lines:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    length = int(headers.get("content-length", "0") or 0)
    while len(rest) < length:
        chunk = sock.recv(65536)
        if not chunk:
            break
        rest += chunk
    url = urlsplit(target)
    query: dict[str, str] = {}
    for name, value in parse_qsl(url.query, keep_blank_values=True):
        query.setdefault(name, value)
    return Request(method, url.path, query, headers)


@dataclass
class HostileServer:
    """A raw-socket HTTP/1.1 server on 127.0.0.1 (a free port) that answers every request with ``behaviour``.

    Attributes:
        behaviour: how to answer.
        requests: every request received, in order.
    """

    behaviour: Behaviour
    requests: list[Request] = field(default_factory=list)
    _listener: socket.socket | None = field(default=None, init=False, repr=False)
    _stop: threading.Event = field(default_factory=threading.Event, init=False, repr=False)
    _threads: list[threading.Thread] = field(default_factory=list, init=False, repr=False)
    _connections: list[socket.socket] = field(default_factory=list, init=False, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)

    @property
    def url(self) -> str:
        """The server's base URL, ``http://127.0.0.1:<port>``."""
        if self._listener is None:
            raise RuntimeError("the server is not running")
        return f"http://127.0.0.1:{self._listener.getsockname()[1]}"

    def __enter__(self) -> Self:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.bind(("127.0.0.1", 0))
        listener.listen(16)
        listener.settimeout(0.05)
        self._listener = listener
        self._start(self._accept, "hostile-accept")
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self._stop.set()
        with self._lock:
            for connection in self._connections:
                _shut(connection)
        for thread in list(self._threads):
            thread.join(timeout=10)
        if self._listener is not None:
            self._listener.close()

    def _start(self, target: Callable[..., None], name: str, *args: object) -> None:
        thread = threading.Thread(target=target, args=args, name=name, daemon=True)
        with self._lock:
            self._threads.append(thread)
        thread.start()

    def _accept(self) -> None:
        assert self._listener is not None
        while not self._stop.is_set():
            try:
                connection, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            connection.settimeout(10)
            with self._lock:
                self._connections.append(connection)
            self._start(self._serve, "hostile-connection", connection)

    def _serve(self, connection: socket.socket) -> None:
        try:
            request = _read_request(connection)
            if request is not None:
                self.requests.append(request)
                self.behaviour(request, connection, self._stop)
        except OSError:
            pass  # the client went away, which is what these answers are for
        finally:
            _shut(connection)
            connection.close()


def _shut(connection: socket.socket) -> None:
    with contextlib.suppress(OSError):
        connection.shutdown(socket.SHUT_RDWR)
