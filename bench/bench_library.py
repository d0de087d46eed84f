"""Benchmark the onlyoffice_crm layer against the mock portal; exit 1 when a goal is missed.

Goals (issue 11), each printed beside its figure:

* parsing a full page (the spec's largest ``count``, ``COUNT_MAXIMUM`` of the generated client) with
  ``json.loads`` plus the generated models within 2x ``json.loads`` of the same bytes, measured interleaved;
* walking 100,000 invoices with ``Portal.invoices()`` within 1.3x a plain httpx loop that fetches and
  ``json.loads`` the same pages, measured interleaved;
* the concurrent async walk (``AsyncPortal.invoices(concurrency=4)``) at least 2x faster than the
  sequential one. Concurrency hides network latency; on loopback with no latency the only thing to
  overlap is the mock portal's own CPU on the same cores, so the goal is measured against a mock portal
  that answers after 50 ms (``--latency-ms``, a portal across a network) and the loopback figure is
  printed beside it for information;
* memory flat while walking: the peak traced while walking 100,000 invoices within 1.25x the peak
  while walking 20,000 (pages are not kept; the ids yielded are, at about 8 bytes each);
* the walk survives edits (issue 16): walking 100,000 invoices by number while the mock portal makes one edit
  per request (new invoices, some numbered before the walk's position; deletions, also of invoices already
  passed; status changes) yields no invoice twice and misses none that existed throughout. The mock runs in
  this process here, so that its store can be read before and after the walk without editing it;
* a walk as a caller who is not an administrator (issue 26): the mock portal as ``role="user"`` (invoices of
  contacts hidden from the caller left out, a full page's ``total`` still counting them, deep pages slower by the
  mock's ``deep_page_seconds_per_1000_rows``), making one edit per request, walked by each of the walk's orders
  (number, id, contact, issue date, due date, status): no invoice twice, no visible invoice that existed
  throughout (with its status, by status) missing, and the report's ``removed`` no more than the deletions made,
  although the last page's ``total`` shrinks; the requests and seconds of each order are printed.
"""

from __future__ import annotations

import asyncio
import gc
import json
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import httpx

from onlyoffice_crm import AsyncPortal, Portal, WalkReport
from onlyoffice_crm_client.api.invoices.get_invoices import COUNT_MAXIMUM
from onlyoffice_crm_client.models import InvoiceListResponse
from onlyoffice_crm_spec import FILTER_PATH
from onlyoffice_mock_portal.caller import visible_invoices
from onlyoffice_mock_portal.config import PortalConfig
from onlyoffice_mock_portal.process import mock_portal_process
from onlyoffice_mock_portal.testing import RunningPortal, serve_portal

INVOICES = 100_000
PAGE = COUNT_MAXIMUM  # the pages the library walks in: the spec's largest count
TOKEN = "bench-token"
PARSE_ROUNDS = 40
WALK_ROUNDS = 3
PARSE_GOAL = 2.0
WALK_GOAL = 1.3
ASYNC_GOAL = 2.0
MEMORY_GOAL = 1.25
CONCURRENCY = 4
LATENCY_MS = 50.0


@dataclass
class Result:
    """One goal: the figure, the limit and whether the figure must stay below or above it."""

    name: str
    figure: float
    goal: float
    at_most: bool = True
    detail: str = ""
    unit: str = "x"

    @property
    def met(self) -> bool:
        return self.figure <= self.goal if self.at_most else self.figure >= self.goal

    def line(self) -> str:
        relation = "<=" if self.at_most else ">="
        verdict = "ok" if self.met else "MISSED"
        figure, goal = f"{self.figure:6.2f}{self.unit}", f"{self.goal:.2f}{self.unit}"
        return f"{self.name:<48} {figure}  goal {relation} {goal}  {verdict}  {self.detail}"


@contextmanager
def mock_portal(invoices: int, latency_ms: float = 0.0) -> Iterator[str]:
    """Start the mock portal as a process on a free port (its rate limit off); yield its URL."""
    arguments = ("--invoices", str(invoices), "--token", TOKEN, "--rate-limit", "0", "--keep-alive", "120",
                 "--latency-ms", str(latency_ms))  # fmt: skip
    with mock_portal_process(*arguments) as process:
        yield process.url


def interleaved(first: Callable[[], object], second: Callable[[], object], rounds: int) -> tuple[float, float]:
    """Median seconds of each of two callables, run alternately so that both see the same machine load."""
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(rounds):
        for index, function in enumerate((first, second)):
            gc.collect()
            start = time.perf_counter()
            function()
            times[index].append(time.perf_counter() - start)
    return statistics.median(times[0]), statistics.median(times[1])


def parsing(url: str) -> Result:
    with httpx.Client(base_url=url, headers={"Authorization": TOKEN}) as client:
        body = client.get(FILTER_PATH, params={"count": PAGE, "startIndex": 5000}).content
    plain, models = interleaved(
        lambda: json.loads(body), lambda: InvoiceListResponse.from_dict(json.loads(body)), PARSE_ROUNDS
    )
    detail = f"({models * 1000:.1f} ms vs {plain * 1000:.1f} ms, {len(body) / 1e6:.1f} MB)"
    return Result(f"parse a {PAGE:,}-invoice page / json.loads", models / plain, PARSE_GOAL, detail=detail)


def plain_loop(url: str) -> int:
    """What a caller without the layer writes: fetch every page by number and json.loads it."""
    seen = 0
    with httpx.Client(base_url=url, headers={"Authorization": TOKEN}, timeout=60) as client:
        start = 0
        while True:
            params: dict[str, str | int] = {"count": PAGE, "startIndex": start, "sortBy": "number"}
            page = json.loads(client.get(FILTER_PATH, params=params).content)["response"]
            seen += len(page)
            if len(page) < PAGE:
                return seen
            start += PAGE


def layer_walk(url: str) -> int:
    with Portal(url, TOKEN, timeout=60) as portal:
        return sum(1 for _ in portal.invoices())


def walking(url: str) -> Result:
    assert plain_loop(url) == layer_walk(url) == INVOICES  # warm-up, and both see every invoice
    plain, layer = interleaved(lambda: plain_loop(url), lambda: layer_walk(url), WALK_ROUNDS)
    detail = f"({layer:.2f} s vs {plain:.2f} s for {INVOICES:,} invoices)"
    return Result("edit-safe walk Portal.invoices() / plain loop", layer / plain, WALK_GOAL, detail=detail)


async def async_walk(url: str, concurrency: int) -> int:
    async with AsyncPortal(url, TOKEN, timeout=60) as portal:
        return sum([1 async for _ in portal.invoices(concurrency=concurrency)])


def speedup(url: str) -> tuple[float, float, float]:
    """(sequential / concurrent, sequential seconds, concurrent seconds) of the async walk."""
    assert asyncio.run(async_walk(url, CONCURRENCY)) == INVOICES
    sequential, parallel = interleaved(
        lambda: asyncio.run(async_walk(url, 1)), lambda: asyncio.run(async_walk(url, CONCURRENCY)), WALK_ROUNDS
    )
    return sequential / parallel, sequential, parallel


def concurrent(url: str) -> Result:
    figure, sequential, parallel = speedup(url)
    detail = f"({parallel:.2f} s with concurrency={CONCURRENCY} vs {sequential:.2f} s)"
    name = f"async walk at {LATENCY_MS:.0f} ms latency: seq. / concurrent"
    return Result(name, figure, ASYNC_GOAL, at_most=False, detail=detail)


def peak_walking(url: str, invoices: int) -> int:
    """Peak traced bytes while walking the first ``invoices`` invoices without keeping them."""
    gc.collect()
    tracemalloc.start()
    with Portal(url, TOKEN, timeout=60) as portal:
        for walked, _ in enumerate(portal.invoices(), start=1):
            if walked == invoices:
                break
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def memory(url: str) -> Result:
    small, large = peak_walking(url, 20_000), peak_walking(url, INVOICES)
    detail = f"(peak {large / 1e6:.1f} MB for {INVOICES:,} vs {small / 1e6:.1f} MB for 20,000)"
    return Result("memory: peak walking 100,000 / 20,000", large / small, MEMORY_GOAL, detail=detail)


def ids_served(running: RunningPortal) -> set[int]:
    """The ids of the invoices the in-process mock portal serves now (read from its store, not over HTTP)."""
    store = running.control.store
    return set(store.data.ids[store.positions()].tolist())


def edited_walk() -> list[Result]:
    config = PortalConfig(token=TOKEN, invoices=INVOICES, rate_limit=0, edits_per_request=1.0, edit_early_numbers=True)
    with serve_portal(config) as running:
        before = ids_served(running)
        with Portal(running.url, TOKEN, timeout=60, rate_limit=None) as portal:
            walk = portal.invoices()
            ids = [invoice.id for invoice in walk]
        throughout = before & ids_served(running)
        edits = running.control.edits
    twice, missed = len(ids) - len(set(ids)), len(throughout - set(ids))
    detail = (
        f"({edits.added} added, {edits.deleted} deleted, {edits.status_changed} status changes during the walk; "
        f"the walk saw {walk.report.added} added, {walk.report.removed} removed, {walk.report.rereads} re-reads)"
    )
    return [
        Result("walk 100,000 at 1 edit/request: twice", twice, 0, detail=detail, unit=""),
        Result("walk 100,000 at 1 edit/request: missed", missed, 0, detail=f"(of {len(throughout):,})", unit=""),
    ]


NON_ADMIN_ORDERS = ["number", "id", "contact", "issue_date", "due_date", "status"]


def visible_served(running: RunningPortal) -> dict[int, int]:
    """The invoices the in-process mock portal serves its caller now, id -> status (read from its store)."""
    store = running.control.store
    rows = store.positions()
    rows = rows[visible_invoices(store.data)[rows]]
    return dict(zip(store.data.ids[rows].tolist(), store.data.status_ids[rows].tolist(), strict=True))


def non_admin_walks() -> list[Result]:
    """A walk of 100,000 invoices by each order as the mock's ``user`` (who may not see every contact), while the
    mock makes one edit per request; the store is restored between the orders."""
    config = PortalConfig(
        token=TOKEN, invoices=INVOICES, rate_limit=0, role="user", edits_per_request=1.0, edit_early_numbers=True
    )
    results = []
    with serve_portal(config) as running, Portal(running.url, TOKEN, timeout=60, rate_limit=None) as portal:
        for order_by in NON_ADMIN_ORDERS:
            running.control.reset()
            before = visible_served(running)
            start = time.perf_counter()
            walk = portal.invoices(order_by=order_by)  # type: ignore[arg-type]
            ids = [invoice.id for invoice in walk]
            seconds = time.perf_counter() - start
            after = visible_served(running)
            requests = len(running.control.requests)
            results.append(non_admin_result(order_by, ids, (before, after), walk.report, running, requests, seconds))
    return results


def non_admin_result(
    order_by: str,
    ids: list[int],
    served: tuple[dict[int, int], dict[int, int]],
    report: WalkReport,
    running: RunningPortal,
    requests: int,
    seconds: float,
) -> Result:
    """Invoices twice, visible ones that existed throughout (with their status, for a walk by status) but did not
    come, and removals the report claims beyond those made: each must be 0."""
    before, after = served
    throughout = {i for i in before.keys() & after.keys() if order_by != "status" or before[i] == after[i]}
    edits = running.control.edits
    twice, missed = len(ids) - len(set(ids)), len(throughout - set(ids))
    overcounted = max(0, report.removed - edits.deleted)
    detail = (
        f"({len(set(ids)):,} yielded of {len(before):,} visible at the start, {requests} requests, {seconds:.1f} s; "
        f"{edits.added} added, {edits.deleted} deleted, {edits.status_changed} re-statused; the report saw "
        f"{report.added} added, {report.removed} removed, totals {report.total_before} -> {report.total_after})"
    )
    name = f"user walk by {order_by}: twice+missed+over-removed"
    return Result(name, twice + missed + overcounted, 0, detail=detail, unit="")


def main() -> int:
    with mock_portal(INVOICES) as url:
        results = [parsing(url), walking(url), memory(url)]
        loopback, sequential, parallel = speedup(url)
    with mock_portal(INVOICES, latency_ms=LATENCY_MS) as url:
        results.append(concurrent(url))
    results += edited_walk()
    results += non_admin_walks()
    for result in results:
        print(result.line())
    print(
        f"{'(info) async walk on loopback: seq. / concurrent':<48} {loopback:6.2f}x  "
        f"({parallel:.2f} s vs {sequential:.2f} s: no latency to hide, the mock portal shares the 2 cores)"
    )
    missed = [result.name for result in results if not result.met]
    if missed:
        print(f"missed: {', '.join(missed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
