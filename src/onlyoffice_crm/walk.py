"""How a walk over every matching invoice is planned so that each comes exactly once, in the order asked.

A portal pages with ``startIndex``/``count`` over an ``ORDER BY … LIMIT``. That is exact only for a
total order: ``number`` (unique, the server's default), ``id`` (v12.7+; older portals sort by the
property in memory) and ``contact`` (display name, then ``number``). ``issueDate``, ``dueDate`` and
``status`` have ties in no stable order, so a page walk by them can repeat or skip invoices.

* total orders: offset pages of 1,000 (:data:`PAGE_SIZE`); ``nextIndex`` is never read, a short page
  ends the walk.
* ``issueDate``/``dueDate``: keyset pages, each from ``startIndex=0`` with the date bound moved to the
  last key seen (:func:`keyset_step`). Every invoice with a key before the page's last key is in that
  page whatever the tie order, so it is yielded then; the last key's invoices come with the next
  page. A tie group of a full page or more is walked by ``number`` within that exact instant.
* ``status``: one ``number`` walk per status (:func:`status_plan`).

Within equal keys invoices come by ``number``, ascending in both directions (as the server orders
``contact`` ties). Memory stays flat: at most one page (two while prefetching) is held.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from onlyoffice_crm_client.models import Invoice, InvoiceSortBy, InvoiceStatusId

from .dates import DateRange
from .filters import InvoiceFilter

__all__ = [
    "KNOWN_STATUSES",
    "PAGE_SIZE",
    "TOTAL_ORDERS",
    "KeysetStep",
    "date_key",
    "first_range",
    "keyset_step",
    "status_plan",
]

PAGE_SIZE = 1000  # the server's maximum `count`
TOTAL_ORDERS = frozenset({InvoiceSortBy.NUMBER, InvoiceSortBy.ID, InvoiceSortBy.CONTACT})
DATE_ORDERS = frozenset({InvoiceSortBy.ISSUE_DATE, InvoiceSortBy.DUE_DATE})
KNOWN_STATUSES = tuple(InvoiceStatusId)
_TICK = dt.timedelta(microseconds=1)


def date_key(order_by: InvoiceSortBy) -> Callable[[Invoice], dt.datetime]:
    """The invoice's date for a date order, as the portal's wall-clock time (the wire carries the portal's offset)."""
    if order_by is InvoiceSortBy.ISSUE_DATE:
        return lambda invoice: invoice.issue_date.replace(tzinfo=None)
    if order_by is InvoiceSortBy.DUE_DATE:
        return lambda invoice: invoice.due_date.replace(tzinfo=None)
    raise ValueError(f"{order_by} is not a date order")


def sort_by_key(invoices: Sequence[Invoice], key: Callable[[Invoice], dt.datetime], descending: bool) -> list[Invoice]:
    """Invoices by ``key`` (descending if asked), equal keys by ``number`` ascending."""
    by_number = sorted(invoices, key=lambda invoice: invoice.number)
    return sorted(by_number, key=key, reverse=descending)  # stable: ties keep the number order


def first_range(query: InvoiceFilter) -> DateRange:
    """The caller's own range on the walk's date key, portal-local (open ends are ``None``)."""
    bounds = query.issued if query.order_by is InvoiceSortBy.ISSUE_DATE else query.due
    return bounds if bounds is not None else DateRange(None, None)


@dataclass(frozen=True)
class KeysetStep:
    """What one keyset page gives.

    Attributes:
        emit: invoices to yield now, in order.
        tie: an instant whose invoices fill a whole page: walk them by number, then go on.
        rest: the range left to walk after ``emit`` (and the ``tie``), or ``None`` when the walk is done.
    """

    emit: list[Invoice]
    tie: dt.datetime | None
    rest: DateRange | None


def keyset_step(page: Sequence[Invoice], bounds: DateRange, order_by: InvoiceSortBy, descending: bool) -> KeysetStep:
    """Decide what a keyset page (the first :data:`PAGE_SIZE` of ``bounds`` in key order) yields and what is left."""
    key = date_key(order_by)
    if len(page) < PAGE_SIZE:
        return KeysetStep(sort_by_key(page, key, descending), None, None)
    first, last = key(page[0]), key(page[-1])
    if first == last:
        rest = DateRange(bounds.start, last - _TICK) if descending else DateRange(last + _TICK, bounds.end)
        return KeysetStep([], last, rest)
    before_last = [invoice for invoice in page if key(invoice) != last]
    rest = DateRange(bounds.start, last) if descending else DateRange(last, bounds.end)
    return KeysetStep(sort_by_key(before_last, key, descending), None, rest)


def status_plan(descending: bool) -> list[InvoiceStatusId]:
    """The known statuses in the order a ``status`` walk visits them."""
    return sorted(KNOWN_STATUSES, reverse=descending)
