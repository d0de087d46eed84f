"""The ASGI application schemathesis tests instead of a target over HTTP: it passes each request on to the target
with a gated ``httpx`` client and hands back the answer.

schemathesis 4 builds the ``requests`` sessions of its engine itself (one per worker thread, fresh ones for its
authentication probes and its start-up probes of the server's root) and takes none from its caller, but it sends
every request of a schema that has an application to that application. So the suite binds its schema to this
gateway, and each of those requests passes the run's gate like any other; the start-up probes, which need a
network address, find none and are skipped.
"""

from __future__ import annotations

import anyio.to_thread
import httpx
from starlette.types import Message, Receive, Scope, Send

# Set by httpx for the request it sends, or describing a body httpx has already decoded.
DROPPED_REQUEST_HEADERS = frozenset({"host", "content-length", "transfer-encoding", "connection"})
DROPPED_RESPONSE_HEADERS = frozenset({"content-length", "content-encoding", "transfer-encoding", "connection"})


class Gateway:
    """An ASGI application forwarding HTTP requests to ``base_url`` with ``http`` (a client on the run's gate).

    The path and query go on exactly as they came, percent-encoding included; the answer comes back decoded."""

    def __init__(self, base_url: str, http: httpx.Client) -> None:
        self.base_url = base_url.rstrip("/")
        self.http = http

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve one ASGI connection: HTTP requests are forwarded; the lifespan protocol is acknowledged."""
        if scope["type"] == "lifespan":
            while (await receive())["type"] != "lifespan.shutdown":
                await send({"type": "lifespan.startup.complete"})
            await send({"type": "lifespan.shutdown.complete"})
            return
        body = await _body(receive)
        request = self.http.build_request(
            scope["method"],
            self._url(scope),
            headers=[
                (name.decode("latin-1"), value.decode("latin-1"))
                for name, value in scope["headers"]
                if name.decode("latin-1").lower() not in DROPPED_REQUEST_HEADERS
            ],
            content=body,
        )
        # The gate may sleep (rate limit, Retry-After): in a worker thread, not on the event loop.
        response = await anyio.to_thread.run_sync(self.http.send, request)
        await send(
            {
                "type": "http.response.start",
                "status": response.status_code,
                "headers": [
                    (name.encode("latin-1"), value.encode("latin-1"))
                    for name, value in response.headers.multi_items()
                    if name.lower() not in DROPPED_RESPONSE_HEADERS
                ],
            }
        )
        await send({"type": "http.response.body", "body": response.content})

    def _url(self, scope: Scope) -> str:
        path: bytes = scope.get("raw_path") or scope["path"].encode("utf-8")
        query: bytes = scope.get("query_string", b"")
        return self.base_url + path.decode("latin-1") + (f"?{query.decode('latin-1')}" if query else "")


async def _body(receive: Receive) -> bytes:
    chunks: list[bytes] = []
    message: Message = {"more_body": True}
    while message.get("more_body", False):
        message = await receive()
        chunks.append(message.get("body", b""))
    return b"".join(chunks)
