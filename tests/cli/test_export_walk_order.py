"""``invoices export`` without ``--sort``, and ``totals``, which need no order, walk by number: the walk that costs
the portal the fewest requests for an administrator and for a user who may see only some contacts alike (the
walk by status costs about twice as many; ``_selection.UNORDERED_WALK`` says why not id, contact or a date). An
export's rows then come in the portal's number order, as the documentation says.

Against the mock portal as ``role="user"`` (``InvoiceDao.cs:187-238``: invoices whose contact the caller may not
see are left out, and a full page's ``total`` still counts them) and as the administrator.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from onlyoffice_crm import InvoiceSortBy, Portal
from onlyoffice_crm_cli._selection import WALK_CONCURRENCY
from onlyoffice_mock_portal.config import PortalConfig
from onlyoffice_mock_portal.control import ReceivedRequest
from onlyoffice_mock_portal.testing import RunningPortal, serve_portal

from .conftest import invoke

INVOICES = 3_500  # four pages of 1,000: deep enough for an offset walk to differ from the others


@pytest.fixture(scope="module", params=["user", "admin"])
def portal(request: pytest.FixtureRequest) -> Iterator[RunningPortal]:
    """The mock portal as a caller of each role (a user sees only some of its invoices)."""
    with serve_portal(PortalConfig(invoices=INVOICES, rate_limit=0, role=request.param)) as running:
        yield running


def pages(requests: list[ReceivedRequest]) -> list[tuple[str, ...]]:
    """The filter requests as (sortBy, sortOrder, startIndex, count, the other parameters), in a stable order."""
    asked = []
    for received in requests:
        query = dict(received.query)
        words = (query.pop(name, "") for name in ("sortBy", "sortOrder", "startIndex", "count"))
        asked.append((*words, *sorted(f"{k}={v}" for k, v in query.items())))
    return sorted(asked)


def library_walk(running: RunningPortal, order_by: InvoiceSortBy) -> list[tuple[str, ...]]:
    """The requests of the library's walk by ``order_by``, as the CLI's walks run (pages at once)."""
    running.control.reset()
    with Portal(running.url, PortalConfig().token, rate_limit=None) as library:
        for _ in library.invoices(order_by=order_by, concurrency=WALK_CONCURRENCY):
            pass
    return pages(running.control.requests)


def cli_run(running: RunningPortal, *args: str) -> tuple[str, list[tuple[str, ...]]]:
    """What ``onlyoffice-crm ARGS`` writes, and the requests it made."""
    running.control.reset()
    result = invoke(*args, env={"ONLYOFFICE_URL": running.url, "ONLYOFFICE_TOKEN": PortalConfig().token})
    assert result.exit_code == 0, result.output
    return result.stdout, pages(running.control.requests)


def test_an_export_without_sort_makes_the_requests_of_the_walk_by_number(portal: RunningPortal) -> None:
    _, asked = cli_run(portal, "invoices", "export", "-f", "jsonl")
    assert asked == library_walk(portal, InvoiceSortBy.NUMBER)
    assert {page[0] for page in asked} <= {"number", ""}  # "": the count request, which sends no order


def test_it_costs_fewer_requests_than_the_walk_by_status(portal: RunningPortal) -> None:
    _, asked = cli_run(portal, "invoices", "export", "-f", "jsonl")
    assert len(asked) < len(library_walk(portal, InvoiceSortBy.STATUS))


def test_totals_walk_by_number_too(portal: RunningPortal) -> None:
    _, asked = cli_run(portal, "invoices", "totals", "--format", "json")
    walked = [page for page in asked if page[3] != "1"]  # totals count first (count=1), as the walk's last count
    assert walked == [page for page in library_walk(portal, InvoiceSortBy.NUMBER) if page[3] != "1"]


def test_the_rows_come_in_the_portals_number_order(portal: RunningPortal) -> None:
    written, _ = cli_run(portal, "invoices", "export", "-f", "jsonl", "--columns", "number")
    numbers = [json.loads(line)["number"] for line in written.splitlines()]
    assert numbers == sorted(numbers)  # the server compares numbers as text (INV-10 before INV-9)
    assert len(numbers) == len(set(numbers)) > 0
