"""The mock portal as an ASGI application."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import logging
from concurrent.futures import ThreadPoolExecutor
from typing import Any
from urllib.parse import parse_qsl

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response
from starlette.routing import Route

import onlyoffice_crm_spec as spec

from .auth import credentials_match, is_authorized
from .caller import FORBIDDEN, deep_page_seconds, serve_as
from .columns import InvoiceData
from .config import PortalConfig
from .control import PortalControl, RequestLog
from .data_file import load_file
from .dataset import generate
from .errors import (
    AUTHENTICATION_EXCEPTION,
    GENERIC_EXCEPTION,
    JSON_CONTENT_TYPE,
    ApiError,
    aspnet_error_page,
    error_response,
    unauthorized,
)
from .faults import Faults
from .limits import UrlLengthLimit, read_body
from .portal_state import PortalStateGate
from .query import AspNetError, InvoiceQuery, context_value, parameters, parse_query, parse_start_index, values_by_name
from .ratelimit import RateLimit
from .sorting import is_paged_sort
from .spec_facts import spec_facts
from .wire import EPOCH, dumps
from .zone import PortalZone

logger = logging.getLogger(__name__)
TOKEN_LIFETIME = dt.timedelta(days=30)
# OPTIONS: the API answers a CORS preflight itself (the exact header values are not in the source we read).
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, POST, PUT, DELETE, OPTIONS",
    "Access-Control-Allow-Headers": "Origin, X-Requested-With, Content-Type, Accept, Authorization",
}
SEARCH_THREADS = 2
"""Searches a portal runs at once, each on a thread of its own (the GIL lets one compute at a time anyway; two
keep a long one from blocking the rest)."""
_NOT_FOUND = ApiError(404, "Not found", GENERIC_EXCEPTION)
_LOGIN_FAILED = ApiError(500, "User authentication failed", AUTHENTICATION_EXCEPTION)


def envelope(invoices: list[bytes], query: InvoiceQuery, start_index: int, total: int, fetched: int) -> bytes:
    """The list envelope exactly as ``ApiHttpHandlerBase.PostProcessResponse`` and ``ApiStandartResponce`` write
    it: members in their ``Order``; ``count`` and ``startIndex`` (the request's, as parsed) omitted when 0;
    ``nextIndex`` = ``startIndex + count + 1`` when a full page came and the data source returned more
    (``fetched`` rows before the response filter cut them, less the context's start index, which the DAO
    path resets to 0); ``total`` always (``CRMApi`` sets it)."""
    returned = len(invoices)
    head = []
    if returned:
        head.append(f'"count":{returned}')
    if start_index:
        head.append(f'"startIndex":{start_index}')
    context_start = 0 if is_paged_sort(query.sort_by) else start_index
    if returned == query.count and fetched - context_start > query.count:
        head.append(f'"nextIndex":{start_index + query.count + 1}')
    head.append(f'"total":{total},"status":0,"statusCode":200,"response":[')
    return ("{" + ",".join(head)).encode() + b",".join(invoices) + b"]}"


def create_app(config: PortalConfig | None = None) -> Starlette:
    """A portal serving ``config``'s invoices (generated or loaded now, so this takes a moment for many).

    Each portal has its own pool of search threads. The spec's facts are read on the first call of the process.
    The GC is left alone: the command tunes it for its own process (``cli.py``), never here, where a test's
    objects would be frozen with the portal's.

    ``app.state.control`` is its :class:`~onlyoffice_mock_portal.control.PortalControl`: tests reset it, seed
    invoices, change faults and read the requests received through it."""
    config = config or PortalConfig()
    zone = PortalZone.of(config.utc_offset_minutes, config.time_zone)
    spec_facts()  # the spec is parsed once per process, here rather than on the first request
    parameters()
    control = PortalControl(config, invoice_data(config))
    # A search may take a while (many words, an in-memory sort): off the event loop, so others go on, on a few
    # threads only: each thread's temporaries (and its malloc arena) stay in the process. Threads start on the
    # first search and end once the app is gone.
    search_threads = ThreadPoolExecutor(max_workers=SEARCH_THREADS, thread_name_prefix="invoice-search")

    def realm(request: Request) -> str | None:
        # The realm only names the portal; it is never used to build a URL.
        if "authorization" not in request.headers:
            return None
        return request.headers.get("host", "localhost").split(":")[0]

    def refuse_a_guest() -> None:
        raise FORBIDDEN

    async def get_invoices(request: Request) -> Response:
        store = control.store_for_request()  # people edit the portal whoever asks, and however it is answered
        if not is_authorized(request, config):
            return unauthorized(realm(request))
        items = parse_qsl(request.url.query, keep_blank_values=True, errors="replace")
        start_index = parse_start_index(context_value(values_by_name(items), "startindex"))
        try:
            query = parse_query(items, zone, security_filter=refuse_a_guest if config.role == "guest" else None)
            delay = deep_page_seconds(
                config.role, query.start_index, query.count, config.deep_page_seconds_per_1000_rows, len(store)
            )  # fmt: skip
            if delay:
                await asyncio.sleep(delay)
            page = await asyncio.get_running_loop().run_in_executor(search_threads, store.search, query)
        except AspNetError:
            return aspnet_error_page()
        except ApiError as error:
            return error_response(error, start_index=start_index)
        body = envelope(page.invoices, query, start_index, page.total, page.fetched)
        return Response(body, 200, media_type=JSON_CONTENT_TYPE)

    async def authenticate(request: Request) -> Response:
        try:
            body = await read_body(request, config.max_body_bytes)
        except ClientDisconnect:
            return Response(status_code=400)  # nobody is listening any more
        fields = _login_fields(body, request.headers.get("content-type", ""))
        user_name, password = fields.get("username"), fields.get("password")
        if not isinstance(user_name, str) or not isinstance(password, str) or not user_name or not password:
            raise _LOGIN_FAILED  # AuthenticationEntryPoint.cs:417-418 ends as a failed login
        if not credentials_match(config, user_name, password):
            raise _LOGIN_FAILED
        return Response(dumps(_token_answer(config)), 201, media_type=JSON_CONTENT_TYPE)

    async def preflight(request: Request) -> Response:
        return Response(status_code=200, headers=CORS_HEADERS)

    async def api_error(request: Request, error: Exception) -> Response:
        assert isinstance(error, ApiError)
        return error_response(error)

    async def http_error(request: Request, error: Exception) -> Response:
        # No 405 anywhere in the server's API layer: an unrouted method or path is a 404 (our choice of body:
        # the envelope, where ASP.NET would send its own 404 page).
        return error_response(_NOT_FOUND)

    async def server_error(request: Request, error: Exception) -> Response:
        logger.exception("unexpected error answering %s", request.url.path)
        return error_response(ApiError(500, "An unexpected error occurred.", GENERIC_EXCEPTION))

    routes = []
    for path in (spec.FILTER_PATH, spec.FILTER_PATH + ".json"):
        routes += [Route(path, get_invoices, methods=["GET"]), Route(path, preflight, methods=["OPTIONS"])]
    for path in (spec.AUTHENTICATION_PATH, spec.AUTHENTICATION_PATH + ".json"):
        routes += [Route(path, authenticate, methods=["POST"]), Route(path, preflight, methods=["OPTIONS"])]
    middleware = [
        Middleware(RequestLog, control=control),
        Middleware(UrlLengthLimit, max_bytes=config.max_url_bytes),
        Middleware(RateLimit, live=control.live),
        Middleware(Faults, live=control.live),
        Middleware(PortalStateGate, config=config),
    ]
    handlers = {ApiError: api_error, HTTPException: http_error, Exception: server_error}
    app = Starlette(routes=routes, middleware=middleware, exception_handlers=handlers)
    app.router.redirect_slashes = False  # a trailing slash is another path: 404, never a redirect built from Host
    app.state.control = control
    return app


def invoice_data(config: PortalConfig) -> InvoiceData:
    """The invoices a portal serves: loaded from ``config.data_file`` (validated) or generated, as the
    configuration's caller sees them, dates in its zone."""
    zone = PortalZone.of(config.utc_offset_minutes, config.time_zone) if config.time_zone else None
    if config.data_file is not None:
        return serve_as(load_file(config.data_file, config.utc_offset_minutes), config.role, zone)
    return serve_as(generate(config.invoices, config.seed, config.utc_offset_minutes, zone), config.role, zone)


def _login_fields(body: bytes, content_type: str) -> dict[str, Any]:
    """``userName`` and ``password`` from a JSON or form body, names case-insensitive (lower-cased keys);
    a body that cannot be read is a 400."""
    unreadable = ApiError(400, "The request body could not be read.")
    try:
        if content_type.lower().startswith("application/x-www-form-urlencoded"):
            fields: Any = dict(parse_qsl(body.decode("utf-8"), keep_blank_values=True, errors="strict"))
        else:
            fields = json.loads(body)
    except (ValueError, UnicodeError, RecursionError):
        raise unreadable from None
    if not isinstance(fields, dict):
        raise unreadable
    return {str(key).lower(): value for key, value in fields.items()}


def _token_answer(config: PortalConfig) -> dict[str, Any]:
    """The 201 body of a login: the token, or with two-factor authentication ``"token": null`` and the step."""
    now = (dt.datetime.now(dt.UTC).replace(tzinfo=None) - EPOCH + TOKEN_LIFETIME) // dt.timedelta(microseconds=1)
    expires = PortalZone.of(config.utc_offset_minutes, config.time_zone).to_wire(now)
    response: dict[str, Any]
    if config.two_factor == "sms":
        response = {"token": None, "expires": expires, "sms": True, "phoneNoise": config.phone_noise}
    elif config.two_factor == "tfa":  # no Expires, and EmitDefaultValue=false (AuthenticationEntryPoint.cs:118-131)
        response = {"token": None, "tfa": True}
        if config.tfa_key:
            response["tfaKey"] = config.tfa_key
    else:
        response = {"expires": expires, "token": config.token}
    return {"count": 1, "response": response, "status": 0, "statusCode": 201}
