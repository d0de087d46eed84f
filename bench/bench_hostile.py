"""Run each hostile-portal probe once against the library and print how long it took beside its bound (issue 21).

Run from the repository root as a module, so that the raw-socket servers of the tests import::

    .venv/bin/python -m bench.bench_hostile

Each probe is sent through the sync ``Sender`` and the async ``AsyncSender`` with the default bounds
(10 MB per answer, 30 s per attempt, 60 s of retry waiting) unless the probe states smaller ones; it
must end with the expected error or result, within its bound, with under 300 MB of memory traced.
Exit 1 when a probe misses.
"""

from __future__ import annotations

import asyncio
import sys
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

from onlyoffice_crm import (
    InconsistentPortalError,
    PortalError,
    PortalTimeoutError,
    RateLimitError,
    ResponseTooLargeError,
    UnexpectedResponseError,
)
from onlyoffice_crm._operations import read_page
from onlyoffice_crm._transport import AsyncSender, Policy, Sender
from tests.hostile_servers import (
    Behaviour,
    HostileServer,
    answer,
    endless_chunked,
    gzip_bomb,
    gzip_bomb_bytes,
    huge_body,
    in_turn,
    nested_json,
    page_body,
    page_of_size,
    retry_after,
    trickle,
)

FILTER_PATH = "/api/2.0/crm/invoice/filter"
ASKED = 1000
REQUEST = {"method": "GET", "url": FILTER_PATH, "params": {"count": ASKED}}
MEMORY_GOAL_MB = 300.0
DEFAULT = Policy(rate_limit=None)


@dataclass
class Probe:
    """One hostile answer, the policy it is sent with, what must come of it and within how long."""

    name: str
    behaviour: Callable[[], Behaviour]
    expected: type[PortalError] | None  # None: a page must be read
    bound: float
    policy: Policy = field(default=DEFAULT)
    note: str = "default bounds"


def probes() -> list[Probe]:
    """Every probe of issue 21 that the library side answers."""
    just_under, _ = page_of_size(DEFAULT.max_response_bytes)
    quick = Policy(timeout=2.0, rate_limit=None)
    return [
        Probe("200 whose chunked body never ends", endless_chunked, ResponseTooLargeError, DEFAULT.timeout),
        Probe("2 GB body (Content-Length)", huge_body, ResponseTooLargeError, DEFAULT.timeout),
        Probe("gzip bomb, 2 MB -> 2 GiB", gzip_bomb, ResponseTooLargeError, DEFAULT.timeout),
        Probe(
            "body trickling a byte per 0.2 s",
            lambda: trickle(0.2, 100_000),
            PortalTimeoutError,
            quick.timeout + 1.0,
            quick,
            "timeout=2 (+1 s for the read in progress)",
        ),
        Probe("page of exactly 10 MiB", lambda: answer(just_under), None, DEFAULT.timeout),
        Probe(
            "503 Retry-After: 25",
            lambda: retry_after("25"),
            RateLimitError,
            2.0 + DEFAULT.timeout,
            Policy(max_retry_wait=2.0, rate_limit=None),
            "max_retry_wait=2",
        ),
        Probe(
            "503 Retry-After with a non-ASCII byte",
            lambda: in_turn(retry_after(b"1\xb2"), answer(page_body(3))),
            None,
            DEFAULT.max_retry_wait + 2 * DEFAULT.timeout,
        ),
        Probe("JSON nested 100,000 deep", lambda: answer(nested_json()), UnexpectedResponseError, DEFAULT.timeout),
        Probe('total "3000"', lambda: answer(page_body(3, total="3000")), UnexpectedResponseError, DEFAULT.timeout),
        Probe("total null", lambda: answer(page_body(3, total=None)), UnexpectedResponseError, DEFAULT.timeout),
        Probe("total 3.5", lambda: answer(page_body(3, total=3.5)), UnexpectedResponseError, DEFAULT.timeout),
        Probe("total NaN", lambda: answer(page_body(3, total=float("nan"))), UnexpectedResponseError, DEFAULT.timeout),
        Probe(
            "2,000 invoices where 1,000 were asked",
            lambda: answer(page_body(2000, total=3000)),
            InconsistentPortalError,
            DEFAULT.timeout,
        ),
        Probe("cost NaN", lambda: answer(page_body(3, cost=float("nan"))), UnexpectedResponseError, DEFAULT.timeout),
    ]


def send_sync(url: str, policy: Policy) -> httpx.Response:
    with httpx.Client(base_url=url) as http:
        return Sender(http, policy).send(REQUEST)


def send_async(url: str, policy: Policy) -> httpx.Response:
    async def main() -> httpx.Response:
        async with httpx.AsyncClient(base_url=url) as http:
            return await AsyncSender(http, policy).send(
                {"method": "GET", "url": FILTER_PATH, "params": {"count": ASKED}}
            )

    return asyncio.run(main())


def run(probe: Probe, send: Callable[[str, Policy], httpx.Response]) -> tuple[float, float, str]:
    """Seconds taken, peak MB traced, and what came of it (the error's class or the invoices read)."""
    with HostileServer(probe.behaviour()) as server:
        tracemalloc.start()
        started = time.monotonic()
        outcome: Any
        try:
            outcome = len(read_page(send(server.url, probe.policy), ASKED).response)
        except PortalError as error:
            outcome = error
        seconds = time.monotonic() - started
        peak = tracemalloc.get_traced_memory()[1] / 1e6
        tracemalloc.stop()
    if isinstance(outcome, PortalError):
        return seconds, peak, type(outcome).__name__
    return seconds, peak, f"{outcome} invoices"


def main() -> int:
    gzip_bomb_bytes()  # built once, outside the measurements
    print("hostile portal probes, sent once each through Sender (sync) and AsyncSender (async)")
    print(f"  {'probe':<40} {'mode':<5} {'took':>7}   {'bound':>7}  {'peak':>8}   outcome")
    missed: list[str] = []
    for probe in probes():
        for mode, send in (("sync", send_sync), ("async", send_async)):
            seconds, peak, outcome = run(probe, send)
            wanted = probe.expected.__name__ if probe.expected is not None else "invoices"
            ok = seconds <= probe.bound and peak <= MEMORY_GOAL_MB and outcome.endswith(wanted)
            verdict = "ok" if ok else "MISSED"
            print(
                f"  {probe.name:<40} {mode:<5} {seconds:6.2f} s <= {probe.bound:5.1f} s  {peak:6.1f} MB  "
                f"{outcome} ({probe.note})  {verdict}"
            )
            if not ok:
                missed.append(f"{probe.name} ({mode})")
    print(f"  memory goal: peak traced <= {MEMORY_GOAL_MB:.0f} MB per probe")
    if missed:
        print(f"MISSED: {', '.join(missed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
