"""The mock portal as an ASGI application."""

from __future__ import annotations

import datetime as dt
import gc
import json
import logging
from typing import Any
from urllib.parse import parse_qsl

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

import onlyoffice_crm_spec as spec

from .auth import credentials_match, is_authorized
from .config import PortalConfig
from .dataset import build
from .errors import GENERIC_EXCEPTION, JSON_CONTENT_TYPE, ApiError, error_response, unauthorized
from .query import parse_query
from .store import InvoiceStore
from .wire import EPOCH, dumps, micros_to_wire

logger = logging.getLogger(__name__)
TOKEN_LIFETIME = dt.timedelta(days=30)


def _envelope(page_json: list[bytes], start_index: int, count: int, total: int) -> bytes:
    """The list envelope in the server's key order: zero ``count``/``startIndex`` and absent ``nextIndex`` omitted."""
    head = []
    if page_json:
        head.append(f'"count":{len(page_json)}')
    if start_index:
        head.append(f'"startIndex":{start_index}')
    if page_json and start_index + len(page_json) < total:
        # The real server's nextIndex is off by one; this reproduces it (start + count + 1).
        head.append(f'"nextIndex":{start_index + len(page_json) + 1}')
    head.append(f'"total":{total},"status":0,"statusCode":200,"response":[')
    return ("{" + ",".join(head)).encode() + b",".join(page_json) + b"]}"


def create_app(config: PortalConfig | None = None) -> Starlette:
    """A portal serving ``config``'s invoices (generated or loaded now, so this takes a moment for many)."""
    config = config or PortalConfig()
    # Hundreds of thousands of long-lived objects and no cycles among them: without the cyclic GC running
    # while they are made, start-up is a third faster; freezing keeps later collections from rescanning them.
    gc.disable()
    try:
        store = InvoiceStore(build(config.invoices, config.seed, config.utc_offset_minutes, config.data_file))
    finally:
        gc.freeze()
        gc.enable()

    def realm(request: Request) -> str | None:
        if "authorization" not in request.headers:
            return None
        return request.headers.get("host", "localhost").split(":")[0]

    async def get_invoices(request: Request) -> Response:
        if not is_authorized(request, config):
            return unauthorized(realm(request))
        items = parse_qsl(request.url.query, keep_blank_values=True, errors="replace")
        query = parse_query(items, config.utc_offset_minutes)
        page = store.search(query)
        body = _envelope(page.invoices, query.start_index, query.count, page.total)
        return Response(body, 200, media_type=JSON_CONTENT_TYPE)

    async def authenticate(request: Request) -> Response:
        body = await request.body()
        fields: Any
        try:
            if request.headers.get("content-type", "").startswith("application/x-www-form-urlencoded"):
                fields = dict(parse_qsl(body.decode("utf-8"), errors="strict"))
            else:
                fields = json.loads(body)
        except (ValueError, UnicodeDecodeError):
            raise ApiError(400, "The request body could not be read.") from None
        if not isinstance(fields, dict):
            raise ApiError(400, "The request body could not be read.")
        user_name, password = fields.get("userName"), fields.get("password")
        if not isinstance(user_name, str) or not isinstance(password, str) or not user_name:
            raise ApiError(400, "Value cannot be null. Parameter name: userName")
        if not credentials_match(config, user_name, password):
            return unauthorized(None)
        now = (dt.datetime.now(dt.UTC).replace(tzinfo=None) - EPOCH + TOKEN_LIFETIME) // dt.timedelta(microseconds=1)
        answer = {"count": 1, "response": {"expires": micros_to_wire(now, config.utc_offset_minutes),
                                           "token": config.token}, "status": 0, "statusCode": 201}  # fmt: skip
        return Response(dumps(answer), 201, media_type=JSON_CONTENT_TYPE)

    async def api_error(request: Request, error: Exception) -> Response:
        assert isinstance(error, ApiError)
        return error_response(error)

    async def http_error(request: Request, error: Exception) -> Response:
        assert isinstance(error, HTTPException)
        message = "Method not allowed" if error.status_code == 405 else "Not found"
        return error_response(ApiError(error.status_code, message, GENERIC_EXCEPTION), dict(error.headers or {}))

    async def server_error(request: Request, error: Exception) -> Response:
        logger.exception("unexpected error answering %s", request.url.path)
        return error_response(ApiError(500, "An unexpected error occurred.", GENERIC_EXCEPTION))

    routes = [
        Route(spec.FILTER_PATH, get_invoices, methods=["GET"]),
        Route(spec.FILTER_PATH + ".json", get_invoices, methods=["GET"]),
        Route(spec.AUTHENTICATION_PATH, authenticate, methods=["POST"]),
        Route(spec.AUTHENTICATION_PATH + ".json", authenticate, methods=["POST"]),
    ]
    handlers = {ApiError: api_error, HTTPException: http_error, Exception: server_error}
    app = Starlette(routes=routes, exception_handlers=handlers)
    app.state.store = store
    return app
