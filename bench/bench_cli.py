"""Benchmark ``onlyoffice-crm invoices export`` against the mock portal with 100,000 invoices; exit 1 on a missed goal.

Goals: exporting every invoice to CSV (the command run as a process, start-up included) takes at most 1.5x the
time of fetching the same pages with plain httpx and ``json.loads``-ing them; memory stays flat: the command's
peak RSS when exporting all 100,000 invoices exceeds its peak for a sixth of them (one currency) by at most
25 MB. Baseline and export alternate in one run; medians are compared.

As a caller who is not an administrator (the mock's ``role="user"``, who may see only some contacts), the export,
which needs no order, makes the requests of the library's walk by number (``UNORDERED_WALK``), fewer than by status;
printed beside each order of the library's walk with the rows the server reads for them (a user's deep offset
pages cost it O(startIndex), ``InvoiceDao.cs:186-237``).
"""

from __future__ import annotations

import csv
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from onlyoffice_crm_cli._selection import UNORDERED_WALK, WALK_CONCURRENCY
from onlyoffice_mock_portal.config import PortalConfig
from onlyoffice_mock_portal.control import ReceivedRequest
from onlyoffice_mock_portal.process import mock_portal_process
from onlyoffice_mock_portal.testing import RunningPortal, serve_portal

INVOICES = 100_000
ROUNDS = 3
RATIO_GOAL = 1.5
GROWTH_GOAL_MB = 25.0
TOKEN = "bench-token"
FILTER_PATH = "/api/2.0/crm/invoice/filter"


def plain_httpx(url: str) -> tuple[float, int]:
    """Seconds to fetch every page of 1,000 (by number) and json.loads it; how many invoices came."""
    started = time.perf_counter()
    seen = 0
    with httpx.Client(base_url=url, headers={"Authorization": TOKEN}, timeout=60) as client:
        while True:
            params = {"count": "1000", "startIndex": str(seen), "sortBy": "number"}
            body = json.loads(client.get(FILTER_PATH, params=params).content)
            seen += len(body["response"])
            if seen >= body["total"] or not body["response"]:
                return time.perf_counter() - started, seen


def library_walk(url: str) -> float:
    """Seconds for the library's own sequential walk (``Portal.invoices()``), in this process: for reference."""
    from onlyoffice_crm import Portal

    started = time.perf_counter()
    with Portal(url, TOKEN, timeout=60) as portal:
        count = sum(1 for _ in portal.invoices())
    assert count == INVOICES, count
    return time.perf_counter() - started


def cli_export(url: str, target: Path, *filters: str) -> tuple[float, float]:
    """Seconds and peak RSS (MB) of ``python -m onlyoffice_crm_cli invoices export -o target``."""
    env = {**os.environ, "ONLYOFFICE_URL": url, "ONLYOFFICE_TOKEN": TOKEN, "ONLYOFFICE_CRM_TOKEN_STORE": "file"}
    command = [sys.executable, "-m", "onlyoffice_crm_cli", "invoices", "export", "-o", str(target), *filters]
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    assert process.stderr is not None
    if process.returncode != 0:
        raise SystemExit(f"the export failed ({process.returncode}): {process.stderr.read().decode()}")
    process.stderr.close()
    return elapsed, usage.ru_maxrss / 1024  # kilobytes on Linux


WALK_ORDERS = ("number", "id", "contact", "issued", "due", "status")
"""The walk's orders, as the library's ``order_by`` words."""


@dataclass(frozen=True)
class Cost:
    """What a walk cost the portal: its requests, and the rows the server reads for a user's pages."""

    requests: int
    rows: int


def cost_of(requests: list[ReceivedRequest]) -> Cost:
    """A user's page reads rows ``0..startIndex+count`` (the mock's ``deep_page_seconds_per_1000_rows`` rule)."""
    rows = 0
    for received in requests:
        query = dict(received.query)
        rows += min(int(query.get("startIndex", 0)) + int(query.get("count", 0)) + 1, INVOICES)
    return Cost(len(requests), rows)


def library_cost(running: RunningPortal, order_by: str) -> Cost:
    """The library's walk by ``order_by``, as the CLI runs its walks (``WALK_CONCURRENCY`` pages at once)."""
    from onlyoffice_crm import Portal

    running.control.reset()
    with Portal(running.url, TOKEN, timeout=60, rate_limit=None) as portal:
        for _ in portal.invoices(order_by=order_by, concurrency=WALK_CONCURRENCY):  # type: ignore[arg-type]
            pass
    return cost_of(running.control.requests)


def user_export(folder: Path) -> tuple[Cost, dict[str, Cost], int]:
    """The CLI's export of 100,000 invoices as the mock's ``user``, each library walk's cost, and the rows."""
    config = PortalConfig(token=TOKEN, invoices=INVOICES, rate_limit=0, role="user")
    target = folder / "user.csv"
    with serve_portal(config) as running:
        cli_export(running.url, target)
        cli = cost_of(running.control.requests)
        walks = {order_by: library_cost(running, order_by) for order_by in WALK_ORDERS}
    return cli, walks, data_rows(target)


def data_rows(path: Path) -> int:
    with path.open(newline="", encoding="utf-8") as stream:
        return sum(1 for _ in csv.reader(stream)) - 1


def main() -> int:
    # The mock portal in its own process (so it does not share a GIL with what is measured), its rate limit off.
    arguments = ("--invoices", str(INVOICES), "--token", TOKEN, "--rate-limit", "0", "--keep-alive", "120")
    with mock_portal_process(*arguments) as portal, tempfile.TemporaryDirectory(prefix="bench-cli-") as folder:
        url = portal.url
        target = Path(folder) / "invoices.csv"
        plain_httpx(url)  # warm-up
        baseline: list[float] = []
        walks: list[float] = []
        export: list[float] = []
        peaks: list[float] = []
        for _ in range(ROUNDS):
            seconds, seen = plain_httpx(url)
            assert seen == INVOICES, seen
            baseline.append(seconds)
            walks.append(library_walk(url))
            seconds, peak = cli_export(url, target)
            assert data_rows(target) == INVOICES
            export.append(seconds)
            peaks.append(peak)
        _, small_peak = cli_export(url, target, "--currency", "EUR")
        small_rows = data_rows(target)
        user_cli, user_walks, user_rows = user_export(Path(folder))
    base, cli = statistics.median(baseline), statistics.median(export)
    ratio = cli / base
    peak = max(peaks)
    growth = peak - small_peak
    print(f"onlyoffice-crm invoices export, {INVOICES:,} invoices over HTTP, {ROUNDS} interleaved rounds (medians)")
    print(f"  plain httpx: fetch + json.loads       {base:8.2f} s")
    walk = statistics.median(walks)
    print(f"  library walk, sequential (reference)  {walk:8.2f} s    (Portal.invoices() in this process)")
    print(f"  onlyoffice-crm export to CSV          {cli:8.2f} s    (a process: start-up included)")
    print(f"  ratio export / plain                  {ratio:8.2f} x    goal <= {RATIO_GOAL} x")
    print(f"  peak memory, {small_rows:>7,} invoices       {small_peak:8.1f} MB")
    print(f"  peak memory, {INVOICES:>7,} invoices       {peak:8.1f} MB")
    print(f"  growth                                {growth:8.1f} MB   goal <= {GROWTH_GOAL_MB:.0f} MB")
    own = user_walks[UNORDERED_WALK.value]
    cheapest = min(user_walks, key=lambda order_by: user_walks[order_by].requests)
    print(f"as a user who may see only some contacts ({user_rows:,} of {INVOICES:,} invoices visible):")
    print(
        f"  onlyoffice-crm export (no --sort)     {user_cli.requests:8d} requests, {user_cli.rows:>10,} rows read "
        f"on the server   goal: = the walk by {UNORDERED_WALK.value}, < by status"
    )
    for order_by, cost in user_walks.items():
        mark = "   (the library's cheapest walk)" if order_by == cheapest else ""
        print(f"  library walk by {order_by:<8}             {cost.requests:8d} requests, {cost.rows:>10,} rows{mark}")
    walk_order = user_cli == own and user_cli.requests < user_walks["status"].requests
    goals = (("ratio", ratio <= RATIO_GOAL), ("memory", growth <= GROWTH_GOAL_MB), ("walk order", walk_order))
    missed = [name for name, ok in goals if not ok]
    if missed:
        print(f"MISSED: {', '.join(missed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
