"""Bounds of one request against a hostile portal (issue 21, point 1): size, deadline and retry waiting.

Each probe is a raw-socket server from ``tests.hostile_servers``; the sync and the async sender both end
it within its bound (a pytest-timeout ceiling, never a timed assertion) with the named error or the
right answer, and the memory traced while it runs stays under 300 MB.
"""

from __future__ import annotations

import asyncio
import gzip
import tracemalloc
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest

from onlyoffice_crm import PortalTimeoutError, RateLimitError, ResponseTooLargeError, ServerError, parse_retry_after
from onlyoffice_crm._operations import PAGE_MAXIMUM, read_page
from onlyoffice_crm._transport import AsyncSender, Policy, Sender
from tests.hostile_servers import (
    GIB,
    HostileServer,
    answer,
    endless_chunked,
    gzip_bomb,
    gzip_bomb_bytes,
    huge_body,
    in_turn,
    page_body,
    page_of_size,
    retry_after,
    trickle,
)

from .fake_portal import FILTER_PATH

MODES = ["sync", "async"]
MEMORY_CEILING = 300 * 1024 * 1024
GET: dict[str, Any] = {"method": "GET", "url": FILTER_PATH, "params": {"count": PAGE_MAXIMUM}}


def send(mode: str, url: str, policy: Policy, request: dict[str, Any] | None = None) -> httpx.Response:
    """Send one request to ``url`` through a fresh ``Sender`` or ``AsyncSender``."""
    request = GET if request is None else request
    if mode == "sync":
        with httpx.Client(base_url=url) as http:
            sender = Sender(http, policy)
            try:
                return sender.send(request)
            finally:
                sender.close()

    async def main() -> httpx.Response:
        async with httpx.AsyncClient(base_url=url) as http:
            sender = AsyncSender(http, policy)
            try:
                return await sender.send(request)
            finally:
                sender.close()

    return asyncio.run(main())


class Peak:
    """The most memory traced (bytes) above what was traced at the start."""

    value = 0


@contextmanager
def traced_peak() -> Iterator[Peak]:
    """Trace Python allocations (bodies are bytes objects) and record the peak growth."""
    peak = Peak()
    tracemalloc.start()
    try:
        baseline = tracemalloc.get_traced_memory()[0]
        tracemalloc.reset_peak()
        yield peak
    finally:
        peak.value = tracemalloc.get_traced_memory()[1] - baseline
        tracemalloc.stop()


@pytest.fixture(scope="module", autouse=True)
def bomb() -> None:
    """Build the 2 GiB gzip bomb once, before any test traces memory."""
    gzip_bomb_bytes()


# -- size ---------------------------------------------------------------------------------------


@pytest.mark.timeout(30)
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    "behaviour", [endless_chunked, huge_body, gzip_bomb], ids=["endless-chunked", "2-GB-body", "gzip-bomb"]
)
def test_a_body_beyond_the_limit_is_refused_with_bounded_memory(mode: str, behaviour: Any) -> None:
    with HostileServer(behaviour()) as server, traced_peak() as peak, pytest.raises(ResponseTooLargeError) as raised:
        send(mode, server.url, Policy(timeout=20, rate_limit=None))

    assert str(raised.value) == f"HTTP 200: the answer is larger than {10 * 1024 * 1024} bytes"
    assert raised.value.limit == Policy().max_response_bytes
    assert peak.value < MEMORY_CEILING
    assert len(server.requests) == 1  # too large is not retried


@pytest.mark.timeout(30)
@pytest.mark.parametrize("mode", MODES)
def test_a_declared_length_beyond_the_limit_is_refused_before_reading(mode: str) -> None:
    with HostileServer(huge_body(2 * GIB)) as server, traced_peak() as peak, pytest.raises(ResponseTooLargeError):
        send(mode, server.url, Policy(max_response_bytes=1024, rate_limit=None))

    assert peak.value < 1024 * 1024  # not even one chunk of the body was kept


@pytest.mark.timeout(30)
@pytest.mark.parametrize("mode", MODES)
def test_a_page_of_exactly_the_limit_is_read(mode: str) -> None:
    limit = 1024 * 1024
    body, count = page_of_size(limit)
    with HostileServer(answer(body)) as server:
        response = send(mode, server.url, Policy(max_response_bytes=limit, rate_limit=None))

    assert len(response.content) == limit
    assert len(read_page(response, PAGE_MAXIMUM).response) == count > 300


@pytest.mark.timeout(30)
@pytest.mark.parametrize("mode", MODES)
def test_one_byte_more_is_refused(mode: str) -> None:
    limit = 1024 * 1024
    body, _ = page_of_size(limit + 1)
    with HostileServer(answer(body, length=False)) as server, pytest.raises(ResponseTooLargeError):
        send(mode, server.url, Policy(max_response_bytes=limit, rate_limit=None))


@pytest.mark.timeout(30)
@pytest.mark.parametrize("mode", MODES)
def test_the_limit_counts_the_decompressed_body(mode: str) -> None:
    limit = 1024 * 1024
    exact, count = page_of_size(limit)
    over, _ = page_of_size(limit + 1)
    gzip_header = [("Content-Encoding", "gzip")]
    with HostileServer(in_turn(answer(gzip.compress(exact), headers=gzip_header))) as server:
        response = send(mode, server.url, Policy(max_response_bytes=limit, rate_limit=None))
    with (
        HostileServer(answer(gzip.compress(over), headers=gzip_header)) as server,
        pytest.raises(ResponseTooLargeError),
    ):
        send(mode, server.url, Policy(max_response_bytes=limit, rate_limit=None))

    assert len(response.content) == limit
    assert "content-encoding" not in response.headers
    assert len(read_page(response).response) == count


# -- time ---------------------------------------------------------------------------------------


@pytest.mark.timeout(15)
@pytest.mark.parametrize("mode", MODES)
def test_a_trickling_body_ends_at_the_deadline(mode: str) -> None:
    """A byte every 0.2 s never trips a per-read timeout; the deadline of the whole exchange ends it."""
    with HostileServer(trickle(interval=0.2, size=10_000)) as server, pytest.raises(PortalTimeoutError) as raised:
        send(mode, server.url, Policy(timeout=1, rate_limit=None))

    assert str(raised.value) == "no complete answer within 1 s"
    assert not raised.value.connecting
    assert len(server.requests) == 1  # a read timeout is not retried: the request reached the portal


@pytest.mark.timeout(15)
@pytest.mark.parametrize("mode", MODES)
def test_an_endless_body_under_a_large_limit_ends_at_the_deadline(mode: str) -> None:
    with HostileServer(trickle(interval=0.05, size=1_000_000)) as server, pytest.raises(PortalTimeoutError):
        send(mode, server.url, Policy(timeout=1, max_response_bytes=GIB, rate_limit=None))


# -- retry waiting ------------------------------------------------------------------------------


@pytest.mark.timeout(15)
@pytest.mark.parametrize("mode", MODES)
def test_a_retry_after_beyond_the_wait_budget_is_raised_at_once(mode: str) -> None:
    with HostileServer(retry_after("25")) as server, pytest.raises(RateLimitError) as raised:
        send(mode, server.url, Policy(max_retry_wait=2, rate_limit=None))

    assert raised.value.retry_after == 25
    assert len(server.requests) == 1


@pytest.mark.timeout(15)
@pytest.mark.parametrize("mode", MODES)
def test_retries_stop_when_the_waits_would_pass_the_budget(mode: str) -> None:
    """Retry-After 25 within 60 s: two waits (50 s) fit, a third would not, so three attempts (waits skipped here)."""
    with HostileServer(retry_after("25")) as server, pytest.raises(RateLimitError):
        send(mode, server.url, Policy(max_retries=10, rate_limit=None))

    assert len(server.requests) == 3


def test_the_budget_counts_backoff_waits_too() -> None:
    sent: list[httpx.Request] = []

    def handle(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(502)

    policy = Policy(max_retries=10, wait_initial=1.0, wait_max=1.0, max_retry_wait=2.5, rate_limit=None)
    transport = httpx.MockTransport(handle)
    with httpx.Client(base_url="http://portal", transport=transport) as http, pytest.raises(ServerError):
        Sender(http, policy).send(GET)

    assert len(sent) == 3  # waits of 1 s each: the third (3 s in all) would pass 2.5 s


@pytest.mark.timeout(15)
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("value", [b"1\xb2", b"\xff\xfe", "\u0661".encode(), b"soon", b"99999999999999999999"])
def test_an_unreadable_retry_after_counts_as_absent(mode: str, value: bytes) -> None:
    with HostileServer(in_turn(retry_after(value), answer(page_body(3)))) as server:
        response = send(mode, server.url, Policy(rate_limit=None))

    assert len(read_page(response).response) == 3
    assert len(server.requests) == 2


@pytest.mark.parametrize(
    "value",
    [
        "1\u00b2",
        "\u0661\u0662",
        "soon",
        "",
        "Wed, 99 Foo 2024 00:00:00 GMT",
        "Fri, 31 Dec 99999 23:59:59 GMT",
        "-5",
        "1.5",
    ],
)
def test_parse_retry_after_ignores_garbage(value: str) -> None:
    assert parse_retry_after(value) is None


def test_parse_retry_after_reads_seconds_and_dates() -> None:
    assert parse_retry_after(" 25 ") == 25.0
    assert parse_retry_after("Thu, 01 Jan 1970 00:01:40 GMT", now=40.0) == 60.0


# -- settings -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("arguments", "error"),
    [
        ({"max_response_bytes": 0}, ValueError),
        ({"max_response_bytes": True}, TypeError),
        ({"max_response_bytes": 1.5}, TypeError),
        ({"max_retry_wait": -1}, ValueError),
        ({"max_retry_wait": float("nan")}, ValueError),
        ({"max_retry_wait": None}, TypeError),
        ({"timeout": float("inf")}, ValueError),
    ],
)
def test_bad_bounds_are_refused(arguments: dict[str, Any], error: type[Exception]) -> None:
    with pytest.raises(error, match=next(iter(arguments))):
        Policy(**arguments)


def test_the_default_bounds() -> None:
    policy = Policy()

    assert (policy.timeout, policy.max_response_bytes, policy.max_retry_wait) == (30.0, 10 * 1024 * 1024, 60.0)
    assert Policy(max_retry_wait=0).max_retry_wait == 0
