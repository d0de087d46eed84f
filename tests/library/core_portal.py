"""A portal as plain data for the sans-I/O walk: answers a :class:`~onlyoffice_crm._walk.PageRequest` with an
``InvoiceListResponse`` by the server's rules, and a loop that drives a :class:`~onlyoffice_crm._walk.WalkCore`
as a driver does, with no HTTP.

The rules copied from the server: equal ``issueDate``, ``dueDate`` and ``status`` keys come in a fresh order on
every request; ``contact`` sorts by name, ties by number ascending, invoices without a contact last; a page that is
not full has ``total = startIndex + returned``, a full one the number of all matches. A date range is inclusive at
both ends, in the portal's wall-clock time (the walk's own reading of a range), or between the instants of an
aware range.

With ``hidden``, the caller is not an administrator (``InvoiceDao.cs:187-238``, ``CRMSecutiry.cs:875-900``): the
invoices it may not see are left out, ``startIndex`` counts the visible ones, and a full page's ``total`` still
counts the hidden ones (``InvoiceDao.cs:321-374``), while the last page's is ``startIndex + returned``.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from onlyoffice_crm._walk import PageRequest, WalkCore
from onlyoffice_crm_client.models import Invoice, InvoiceListResponse, InvoiceSortBy

from .fake_portal import make_invoice

ZONE = dt.timezone(dt.timedelta(hours=3))
Edit = Callable[["CorePortal", PageRequest], None]
Lie = Callable[[PageRequest, InvoiceListResponse], InvoiceListResponse]


def invoice(number: int, *, day: int = 1, status: int = 4, contact: str | None = "Northwind") -> Invoice:
    """An invoice issued on 2024-01-``day`` at midnight, due 30 days later."""
    issued = dt.datetime(2024, 1, day, tzinfo=ZONE)
    wire = make_invoice(number, issued=issued, status=status, contact=None if contact is None else (7, contact))
    return Invoice.from_dict(wire)


def local(value: dt.datetime) -> dt.datetime:
    return value.replace(tzinfo=None)


def _in_range(value: dt.datetime, bounds: Any) -> bool:
    """Whether the aware ``value`` is in ``bounds``: a naive end is the portal's wall-clock time, an aware one an
    instant."""
    if bounds is None:
        return True

    def seen(bound: dt.datetime) -> dt.datetime:
        return local(value) if bound.tzinfo is None else value

    return (bounds.start is None or bounds.start <= seen(bounds.start)) and (
        bounds.end is None or seen(bounds.end) <= bounds.end
    )


@dataclass
class CorePortal:
    """The invoices of a portal and how it answers; ``edit`` changes it before each answer."""

    invoices: list[Invoice]
    page_cap: int | None = None
    """At most this many invoices a page, silently (its pages of the cap count as full)."""
    edit: Edit | None = None
    lie: Lie | None = None
    """Rewrites an answer (to test a portal whose answers contradict themselves)."""
    seed: int = 0
    requests: list[PageRequest] = field(default_factory=list)
    hidden: Callable[[Invoice], bool] | None = None
    """The invoices a caller who is not an administrator may not see (``None``: an administrator)."""

    def __post_init__(self) -> None:
        self._random = random.Random(self.seed)

    def matches(self, request: PageRequest) -> list[Invoice]:
        """Every invoice the request's filters match, in the request's order (ties in a fresh order)."""
        query = request.query
        found = [
            i
            for i in self.invoices
            if (query.status is None or i.status.id == query.status)
            and _in_range(i.issue_date, query.issued)
            and _in_range(i.due_date, query.due)
        ]
        by_number = sorted(found, key=lambda i: i.number, reverse=query.descending)
        order = query.order_by
        if order is InvoiceSortBy.NUMBER:
            return by_number
        if order is InvoiceSortBy.ID:
            return sorted(found, key=lambda i: i.id, reverse=query.descending)
        if order is InvoiceSortBy.CONTACT:
            ascending = sorted(found, key=lambda i: i.number)
            named = [i for i in ascending if i.contact is not None]
            named.sort(key=lambda i: i.contact.display_name.lower(), reverse=query.descending)  # type: ignore[union-attr]
            return named + [i for i in ascending if i.contact is None]
        key: Callable[[Invoice], Any] = {
            InvoiceSortBy.ISSUE_DATE: lambda i: i.issue_date,
            InvoiceSortBy.DUE_DATE: lambda i: i.due_date,
            InvoiceSortBy.STATUS: lambda i: i.status.id,
        }[order]
        self._random.shuffle(found)
        return sorted(found, key=key, reverse=query.descending)

    def answer(self, request: PageRequest) -> InvoiceListResponse:
        self.requests.append(request)
        if self.edit is not None:
            self.edit(self, request)
        rows = self.matches(request)
        visible = rows if self.hidden is None else [i for i in rows if not self.hidden(i)]
        count = min(request.count, self.page_cap or request.count)
        page = visible[request.start : request.start + count]
        total = request.start + len(page) if len(page) < count else len(rows)
        answer = InvoiceListResponse(response=page, total=total, status=0, status_code=200)
        return answer if self.lie is None else self.lie(request, answer)


def drive(core: WalkCore, portal: CorePortal, concurrency: int = 1, most_requests: int = 10_000) -> list[Invoice]:
    """Run ``core`` against ``portal`` as a driver does: up to ``concurrency`` requests in flight, each answered
    when it is sent, the answers handed back in the order requested; what the walk yields."""
    in_flight: deque[tuple[PageRequest, InvoiceListResponse]] = deque()
    yielded: list[Invoice] = []
    while not core.done:
        while len(in_flight) < concurrency and (request := core.next_request(len(in_flight))) is not None:
            in_flight.append((request, portal.answer(request)))
            assert len(portal.requests) <= most_requests, "the walk does not end"
        if not in_flight:
            break
        request, answer = in_flight.popleft()
        yielded += core.receive(request, answer)
    return yielded


def numbers(invoices: Sequence[Invoice]) -> list[str]:
    return [i.number for i in invoices]
