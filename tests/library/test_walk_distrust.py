"""A walk trusts no value it relies on: a lying ``total``, pages that never end or repeat, end in a named error."""

from __future__ import annotations

import datetime as dt
import json
import socket
import threading
import tracemalloc

import pytest

from onlyoffice_crm import InconsistentPortalError, Portal
from onlyoffice_crm._operations import PAGE_MAXIMUM
from tests.hostile_servers import Behaviour, HostileServer, Request, answer, page_body
from tests.library.conftest import PORTAL_ZONE
from tests.library.fake_portal import make_invoice


def numbered_pages(total: int) -> Behaviour:
    """Full, well-formed pages of invoices numbered from ``startIndex``, forever, each announcing ``total``."""

    def behave(request: Request, sock: socket.socket, stop: threading.Event) -> None:
        start, count = int(request.query.get("startIndex", "0")), int(request.query.get("count", "25"))
        issued = dt.datetime(2024, 1, 15, tzinfo=PORTAL_ZONE)
        rows = [make_invoice(number, issued=issued) for number in range(start + 1, start + 1 + count)]
        for row in rows:
            row["id"] = int(row["number"].removeprefix("INV-"))  # ids that stay positive for any page
        body = json.dumps({"count": len(rows), "response": rows, "status": 0, "statusCode": 200, "total": total})
        answer(body.encode())(request, sock, stop)

    return behave


@pytest.mark.timeout(30)
def test_a_total_of_one_with_full_pages_forever_ends_with_an_error_after_a_few_pages() -> None:
    with HostileServer(numbered_pages(total=1)) as server, Portal(server.url, "token", rate_limit=None) as portal:
        with pytest.raises(InconsistentPortalError, match="announced at most 1"):
            sum(1 for _ in portal.invoices(concurrency=1))
        assert len(server.requests) <= 3


@pytest.mark.timeout(30)
def test_a_total_of_a_trillion_plans_no_page_ahead_of_need() -> None:
    tracemalloc.start()
    with HostileServer(numbered_pages(total=10**12)) as server, Portal(server.url, "token", rate_limit=None) as portal:
        walk = portal.invoices(concurrency=4)
        first = [next(walk) for _ in range(5)]
        walk.close()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert [invoice.id for invoice in first] == [1, 2, 3, 4, 5]
    assert len(server.requests) <= 4  # the first page alone, then at most `concurrency` more
    assert peak < 100 * 2**20


@pytest.mark.timeout(30)
def test_the_same_full_page_again_and_again_ends_with_an_error() -> None:
    with (
        HostileServer(answer(page_body(PAGE_MAXIMUM, total=10**12))) as server,
        Portal(server.url, "t", rate_limit=None) as portal,
    ):
        with pytest.raises(InconsistentPortalError, match="brought no invoice"):
            sum(1 for _ in portal.invoices(concurrency=2))
        assert len(server.requests) < 20
