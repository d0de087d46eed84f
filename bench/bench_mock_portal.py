"""Benchmark the mock portal over real HTTP with 100,000 invoices; exit 1 when a goal is missed.

Goals: start-up (process start to first answer) under 5 s; a filtered, sorted page of 25 within 3x the
time of the same server's fixed tiny response (the empty result of a filter that matches nothing: same
route, auth and parsing, constant bytes). Both kinds of request are interleaved in one run.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time

import httpx

from onlyoffice_crm_spec import FILTER_PATH

INVOICES = 100_000
ROUNDS = 300
STARTUP_GOAL_S = 5.0
RATIO_GOAL = 3.0
TOKEN = "bench-token"
TINY = {"currency": "XXX"}
PAGES = [
    {"status": "4", "currency": "EUR", "sortBy": "issueDate", "sortOrder": "descending"},
    {"issueDateFrom": "2022-01-01", "issueDateTo": "2022-06-30", "sortBy": "dueDate", "startIndex": "50"},
    {"filterValue": "audit", "sortBy": "contact"},
    {"entityType": "opportunity", "entityid": "42", "sortBy": "number", "sortOrder": "descending"},
    {"status": "2", "dueDateFrom": "2020-01-01T00:00:00.0000000Z", "sortBy": "status", "startIndex": "500"},
]
for page in PAGES:
    page["count"] = "25"


def timed(client: httpx.Client, params: dict[str, str]) -> tuple[float, httpx.Response]:
    start = time.perf_counter()
    response = client.get(FILTER_PATH, params=params)
    return time.perf_counter() - start, response


def main() -> int:
    command = [sys.executable, "-m", "onlyoffice_mock_portal", "--port", "0", "--invoices", str(INVOICES),
               "--token", TOKEN]  # fmt: skip
    started = time.perf_counter()
    server = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    try:
        assert server.stdout is not None
        url = server.stdout.readline().split()[4]
        with httpx.Client(base_url=url, headers={"Authorization": TOKEN}, timeout=30) as client:
            client.get(FILTER_PATH, params=TINY).raise_for_status()
            startup = time.perf_counter() - started
            for params in PAGES:  # one warm-up each, as any long-running server has had
                client.get(FILTER_PATH, params=params).raise_for_status()
            tiny: list[float] = []
            filtered: list[float] = []
            for round_ in range(ROUNDS):
                elapsed, response = timed(client, TINY)
                assert response.json()["total"] == 0
                tiny.append(elapsed)
                elapsed, response = timed(client, PAGES[round_ % len(PAGES)])
                assert response.status_code == 200, response.text[:200]
                assert response.json()["total"] > 0
                filtered.append(elapsed)
    finally:
        server.terminate()
        server.wait(timeout=10)
    tiny_ms, filtered_ms = statistics.median(tiny) * 1000, statistics.median(filtered) * 1000
    ratio = filtered_ms / tiny_ms
    print(f"mock portal, {INVOICES:,} invoices, {ROUNDS} interleaved rounds over HTTP (medians)")
    print(f"  start-up to first answer      {startup:8.2f} s    goal < {STARTUP_GOAL_S:.0f} s")
    print(f"  fixed tiny response           {tiny_ms:8.2f} ms")
    print(f"  filtered, sorted page of 25   {filtered_ms:8.2f} ms")
    print(f"  ratio page / tiny             {ratio:8.2f} x    goal <= {RATIO_GOAL:.0f} x")
    missed = [goal for goal, ok in (("start-up", startup < STARTUP_GOAL_S), ("ratio", ratio <= RATIO_GOAL)) if not ok]
    if missed:
        print(f"MISSED: {', '.join(missed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
