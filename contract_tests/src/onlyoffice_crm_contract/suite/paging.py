"""The paging property, true on a busy portal: a walk of a few pages against the result read before and after it.

A portal that people edit while the suite reads it is not wrong when a page walk repeats or misses an invoice:
an invoice added or deleted before the walk's position shifts the rows under it. So a check reads the result
(one request of up to 1,000 invoices) before and after its walk; when the two reads differ in anything the
walk's verdict depends on, the portal changed during the check, and the check is run once more (the read after
the first walk serves as the read before the second). When the portal changed during both attempts there is
no verdict: "inconclusive: the portal changed during the check", a :class:`PortalChangedWarning`, never a pass
or a failure. While the two reads agree, the walk must be what the server guarantees, and fails as before.

A check walks a few pages only (three by default: five requests with the two reads), so that at a low edit
rate, such as one edit per ten requests, a retry usually meets a portal that holds still.

What the walk's verdict depends on (:class:`View`) is the result's first ``pages * page_size`` invoices: the
sort keys at those places and which invoices hold them. An edit that sorts after them moves none of them, so
it does not make a check inconclusive (an invoice added with the next number, for a walk by number). ``total``
is not compared by itself: a full page's ``total`` comes from a count the server caches for 30 s per tenant,
user and search text (so it can be stale, or another filter's), and where the walk reaches the end of the
result, a changed total is a changed number of invoices in the window, which the view compares.
"""

from __future__ import annotations

import warnings
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from onlyoffice_crm_client import AuthenticatedClient
from onlyoffice_crm_client.models import Invoice, InvoiceListResponse

from ..interface import INCONCLUSIVE_PROPERTY
from .properties import TOTAL_ORDERS, Filters, curl, effective_sort, fetch, order_violation, sort_key

SNAPSHOT_SIZE = 1000
"""Invoices in one read of the result (the most one request may ask for)."""
DEFAULT_PAGES = 3
ATTEMPTS = 2
INCONCLUSIVE = "the portal changed during the check"


class PortalChangedWarning(UserWarning):
    """A check saw the target change under it on every attempt: it has no verdict, neither passed nor failed."""


def _key(invoice: Invoice, filters: Filters) -> str:
    return repr(sort_key(invoice, effective_sort(filters)[0]))


@dataclass(frozen=True)
class View:
    """What a walk of the first ``window`` places of a result is checked against, read in one request.

    Under a total order: the ids at those places, in order. Under a sort with ties, whose order among equal keys
    may differ on every request: the keys at those places, the ids whose key comes before the last one there
    (all of them are in the window in any tie order), and the ids with that last key when the read holds all of
    them (``None`` when that key's group runs on past the read).
    """

    reach: int
    """How many places of the window the result fills."""
    keys: tuple[str, ...]
    placed: tuple[int, ...]
    boundary: frozenset[int] | None
    """The ids with the last key besides those placed, or None when the read does not hold them all."""

    def admits(self, invoice_id: int, key: str) -> bool:
        """Whether an invoice with this id and key may be walked in the window."""
        if invoice_id in self.placed:
            return True
        if not self.keys or key != self.keys[-1]:
            return False
        return self.boundary is None or invoice_id in self.boundary


def view_of(read: InvoiceListResponse, asked: Filters, window: int) -> View:
    """The :class:`View` of one read of the result (``fetch(client, asked, 0, SNAPSHOT_SIZE)``)."""
    invoices = read.response
    reach = min(len(invoices), window)
    keys = tuple(_key(invoice, asked) for invoice in invoices[:reach])
    if effective_sort(asked)[0] in TOTAL_ORDERS or not keys:
        return View(reach, keys, tuple(invoice.id for invoice in invoices[:reach]), frozenset())
    last = keys[-1]
    before_last = sorted(invoice.id for invoice, key in zip(invoices, keys, strict=False) if key != last)
    group = frozenset(invoice.id for invoice in invoices if _key(invoice, asked) == last)
    whole = len(invoices) < SNAPSHOT_SIZE or _key(invoices[-1], asked) != last
    return View(reach, keys, tuple(before_last), group if whole else None)


def walk(client: AuthenticatedClient, asked: Filters, page_size: int, pages: int) -> list[Invoice]:
    """The invoices of the first ``pages`` pages of ``page_size``, page by page; a short page ends the walk."""
    walked: list[Invoice] = []
    for number in range(pages):
        page = fetch(client, asked, number * page_size, page_size).response
        walked += page
        if len(page) < page_size:
            break
    return walked


def walk_problems(walked: list[Invoice], seen: View, asked: Filters) -> list[str]:
    """What a walk breaks of what the server guarantees, against a view of a result that held still.

    Exactly once, in order, under a total order (``number``, ``id``, ``contact``); under a sort with ties the
    server may repeat or skip an invoice among equal keys, so only what survives that is checked: the order of
    the keys across pages, how many invoices have each key, and that every invoice walked belongs there.
    """
    problems = []
    if len(walked) != seen.reach:
        problems.append(f"{len(walked)} invoices on the pages, where the result has {seen.reach}")
    if (order := order_violation(walked, asked)) is not None:
        problems.append(order)
    if Counter(_key(invoice, asked) for invoice in walked) != Counter(seen.keys):
        problems.append("sort keys repeated or skipped")
    if not all(seen.admits(invoice.id, _key(invoice, asked)) for invoice in walked):
        problems.append("an invoice outside the result")
    if effective_sort(asked)[0] in TOTAL_ORDERS:
        ids = [invoice.id for invoice in walked]
        if len(ids) != len(set(ids)):
            problems.append("an invoice came twice under a total order")
        if ids != list(seen.placed):
            problems.append(f"the pages are not the result's first {seen.reach} invoices")
    return problems


@dataclass(frozen=True)
class PagingCheck:
    """The outcome of one paging check: its violations, or no verdict."""

    violations: list[str]
    changed: int
    """Attempts during which the portal changed."""
    inconclusive: bool
    """The portal changed during every attempt: neither passed nor failed (``violations`` is empty)."""
    reproduce: str


def check_paging(
    client: AuthenticatedClient, asked: Filters, page_size: int, pages: int = DEFAULT_PAGES, attempts: int = ATTEMPTS
) -> PagingCheck:
    """Walk the first ``pages`` pages of ``page_size`` between two reads of the result; the violations when the
    reads agree, else the same once more, up to ``attempts`` walks; inconclusive when the portal never held still.
    """
    if page_size < 1 or pages < 1 or attempts < 1:
        raise ValueError("page_size, pages and attempts must be at least 1")
    window = page_size * pages
    reproduce = f"{curl(client, asked, 0, page_size)} (and the following pages)"
    before = view_of(fetch(client, asked, 0, SNAPSHOT_SIZE), asked, window)
    for attempt in range(attempts):
        walked = walk(client, asked, page_size, pages)
        after = view_of(fetch(client, asked, 0, SNAPSHOT_SIZE), asked, window)
        if after == before:
            violations = [f"{problem}; reproduce: {reproduce}" for problem in walk_problems(walked, after, asked)]
            return PagingCheck(violations, attempt, False, reproduce)
        before = after
    return PagingCheck([], attempts, True, reproduce)


def report_inconclusive(
    checks: list[PagingCheck], what: str, record_property: Callable[[str, object], None]
) -> str | None:
    """One warning and one JUnit property for the checks of a test that had no verdict; the line, or None."""
    undecided = [check for check in checks if check.inconclusive]
    if not undecided:
        return None
    line = (
        f"{INCONCLUSIVE}, in {len(undecided)} of {len(checks)} {what} (neither passed nor failed); "
        f"e.g. {undecided[0].reproduce}"
    )
    record_property(INCONCLUSIVE_PROPERTY, line)
    warnings.warn(f"inconclusive: {line}", PortalChangedWarning, stacklevel=2)
    return line
