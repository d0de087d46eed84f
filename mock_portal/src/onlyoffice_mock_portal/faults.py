"""Faults on demand, for testing clients against what portals do under stress: errors, latency, drops."""

from __future__ import annotations

import asyncio
import logging

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .errors import GENERIC_EXCEPTION, HTML_CONTENT_TYPE, ApiError, error_body, front_end_page
from .settings import LiveSettings

DROP_LOG_MESSAGE = "ASGI callable returned without completing response."


class _QuietDrops(logging.Filter):
    """uvicorn logs an error for an answer cut short; a dropped answer is what was asked for here."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.getMessage() != DROP_LOG_MESSAGE


_QUIET_DROPS = _QuietDrops()


class Faults:
    """The first ``fail_first`` requests: wait ``latency_ms``, answer 503 (envelope, ``Retry-After``), and draw
    nothing. Then per request, in order of arrival from one seeded sequence: wait ``latency_ms``; with ``error_share``
    answer 503 (envelope, ``Retry-After``) or 502 (the proxy's HTML page); with ``drop_share`` send the
    real answer's head and half its body, then close the connection. The shares are read per request from
    ``live``, and so is the random sequence (a reset starts it afresh)."""

    def __init__(self, app: ASGIApp, live: LiveSettings) -> None:
        self.app = app
        self.live = live
        if live.current.drop_share > 0:
            logging.getLogger("uvicorn.error").addFilter(_QUIET_DROPS)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        settings = self.live.current
        if scope["type"] == "http" and self.live.take_failure():  # fail_first: no draw, the sequence waits
            if settings.latency_ms:
                await asyncio.sleep(settings.latency_ms / 1000)
            await self._error(send, bad_gateway=False)
            return
        active = settings.error_share > 0 or settings.latency_ms > 0 or settings.drop_share > 0
        if scope["type"] != "http" or not active:
            await self.app(scope, receive, send)
            return
        # Both draws happen for every request, so one request's fate does not shift the next one's.
        draws = self.live.fault_random
        error_draw, drop_draw = draws.random(), draws.random()
        if settings.latency_ms:
            await asyncio.sleep(settings.latency_ms / 1000)
        if error_draw < settings.error_share:
            await self._error(send, bad_gateway=error_draw < settings.error_share / 2)
        elif drop_draw < settings.drop_share:
            logging.getLogger("uvicorn.error").addFilter(_QUIET_DROPS)  # once: the same filter is not added twice
            await self.app(scope, receive, _dropping(send))
        else:
            await self.app(scope, receive, send)

    @staticmethod
    async def _error(send: Send, bad_gateway: bool) -> None:
        if bad_gateway:
            status, body, content_type = 502, front_end_page(502, "Bad Gateway"), HTML_CONTENT_TYPE
            headers = [(b"content-type", content_type.encode())]
        else:
            error = ApiError(503, "The service is temporarily unavailable.", GENERIC_EXCEPTION)
            status, body = 503, error_body(error)
            headers = [(b"content-type", b"application/json; charset=UTF-8"), (b"retry-after", b"1")]
        headers.append((b"content-length", str(len(body)).encode()))
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})


def _dropping(send: Send) -> Send:
    """A ``send`` that passes the head and the first half of the body on, then nothing more."""
    started: list[Message] = []
    sent = {"done": False}

    async def send_part(message: Message) -> None:
        if sent["done"]:
            return
        if message["type"] == "http.response.start":
            started.append(message)
            return
        body = bytes(message.get("body", b""))
        if started:
            await send(started.pop())
        await send({"type": "http.response.body", "body": body[: len(body) // 2], "more_body": True})
        sent["done"] = True

    return send_part
