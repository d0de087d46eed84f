"""Which invoices a command is about, and how to ask the library for them (count, first page, every one).

``--overdue`` is what the portal's own invoice report calls overdue (``ReportDao.cs``) and what a person means: a
billed (sent) invoice whose due date has passed, i.e. status ``billed`` and due before today in the portal's time
zone. Drafts, rejected and archived invoices are never overdue; neither are paid ones.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from onlyoffice_crm import ORDER_WORDS, InvoiceSortBy, InvoiceStatus, InvoiceWalk, Page, Portal
from onlyoffice_crm import check_filters as check_library_filters

from ._errors import UsageError
from ._filter_words import DateSpan

OVERDUE_STATUS = InvoiceStatus.SENT


@dataclass(frozen=True)
class Selection:
    """The filters and order of one command, already checked.

    ``filters`` holds the filters given, by the library's keyword (:func:`onlyoffice_crm.filter_keywords`): an
    :class:`InvoiceStatus`, a :class:`DateSpan`, an id or a text; a filter not given is not there.
    """

    filters: Mapping[str, object] = field(default_factory=dict)
    overdue: bool = False
    sort: InvoiceSortBy | None = None
    descending: bool = False

    def __post_init__(self) -> None:
        status = self.status
        if self.overdue and status is not None and status is not OVERDUE_STATUS:
            overdue = f"--overdue means {OVERDUE_STATUS.word} and past due"
            raise UsageError(f"{overdue}: it cannot be combined with --status {status.word}.")
        if self.descending and self.sort is None:
            raise UsageError(f"--desc needs --sort ({', '.join(ORDER_WORDS)}).")

    @property
    def status(self) -> InvoiceStatus | None:
        """The status asked for with ``--status``, if any."""
        status = self.filters.get("status")
        return status if isinstance(status, InvoiceStatus) else None

    @property
    def issued(self) -> DateSpan | None:
        """The issue dates asked for with ``--issued``, if any."""
        issued = self.filters.get("issued")
        return issued if isinstance(issued, DateSpan) else None

    @property
    def due(self) -> DateSpan | None:
        """The due dates asked for with ``--due``, if any."""
        due = self.filters.get("due")
        return due if isinstance(due, DateSpan) else None

    @property
    def currency(self) -> str | None:
        """The currency asked for with ``--currency``, if any."""
        currency = self.filters.get("currency")
        return currency if isinstance(currency, str) else None


def library_filters(selection: Selection, due: DateSpan | None = None) -> dict[str, Any]:
    """The library's keyword arguments for ``selection`` (``due`` replaces its due dates when given)."""
    given = dict(selection.filters)
    if due is not None:
        given["due"] = due
    if selection.overdue:
        given["status"] = OVERDUE_STATUS
    return {name: value.as_pair() if isinstance(value, DateSpan) else value for name, value in given.items()}


def check_filters(selection: Selection) -> None:
    """Have the library check the filters, before any request: a value it refuses is a :class:`UsageError`.

    Only here is a ``ValueError`` or ``TypeError`` a usage error; once the portal is asked, one is a fault of its
    answer (exit 1, never 2).
    """
    try:
        check_library_filters(
            {**library_filters(selection), "order_by": selection.sort, "descending": selection.descending}
        )
    except (ValueError, TypeError) as error:
        raise UsageError(str(error)) from None


def portal_today(portal: Portal) -> dt.date:
    """Today's date on the portal's clock."""
    return (dt.datetime.now(dt.UTC) + portal.utc_offset()).date()


UNORDERED_WALK = InvoiceSortBy.NUMBER
"""The order of a whole walk that needs none (``export`` without ``--sort``, ``totals``): by number, whose cost in
requests is the lowest that holds whoever the caller and whatever the data (``onlyoffice_crm._walk``):

* ``number``, ``id``, ``contact`` page the invoices exactly once (pages of 1,000 asked a few invoices early, plus
  one count), :data:`WALK_CONCURRENCY` pages at a time;
* ``issued``, ``due`` page by date from ``startIndex=0``, one page at a time, each page reading again the invoices
  of its last date: a few requests fewer where few invoices share a date (and, for a caller who is not an
  administrator, far fewer rows read on the server, whose deep offset pages cost it O(startIndex)), but up to
  twice the requests where hundreds do (a portal's dates are whole days), and never several pages at once;
* ``status`` first counts each status (twice for a caller who is not an administrator, whose ``total`` counts
  invoices hidden from it) and pages each status apart: a fifth more requests, about twice as many while the
  portal is edited (``make bench``).

Of the three cheapest, ``number`` is the server's default (``CRMApi.Invoices.cs:163``) and unique per portal;
``id`` is a sort key only from ONLYOFFICE 12.7 on (``InvoiceDao.cs:294``; an older server sorts by it in memory,
which answers a caller who may not see every contact an empty list); ``contact`` moves an invoice whose contact is
renamed. It is also the order of an export's rows: the portal's number order (compared as text: ``INV-10`` before
``INV-9``)."""

WALK_CONCURRENCY = 4
"""Pages a whole walk (export, totals) requests at once: the portal prepares the next pages while this process
parses and writes the current ones."""


@dataclass(frozen=True)
class InvoiceQuery:
    """A :class:`Selection` bound to a portal: the keyword arguments for the library."""

    portal: Portal
    filters: dict[str, Any]

    @classmethod
    def build(cls, portal: Portal, selection: Selection) -> InvoiceQuery:
        """Translate ``selection`` for ``portal`` (asks the portal's time zone only for ``--overdue``)."""
        due = selection.due
        if selection.overdue:
            yesterday = portal_today(portal) - dt.timedelta(days=1)
            due = (due or DateSpan(None, None)).clipped_to(yesterday)
        return cls(portal, library_filters(selection, due))

    def is_empty(self) -> bool:
        """Whether the filters cannot match anything (an overdue range that ends before it starts)."""
        due = self.filters.get("due")
        return due is not None and DateSpan(*due).is_empty()

    def count(self) -> int:
        """How many invoices match (one request)."""
        if self.is_empty():
            return 0
        return self.portal.count_invoices(**self.filters)

    def invoices(
        self, sort: InvoiceSortBy | None = None, *, descending: bool = False, concurrency: int = 1
    ) -> InvoiceWalk:
        """Every matching invoice, exactly once, in the order asked (else :data:`UNORDERED_WALK`), ``concurrency``
        pages requested at once; the walk's ``report`` says how the portal changed meanwhile."""
        order = UNORDERED_WALK if sort is None else sort
        walk = self.portal.invoices(**self.filters, order_by=order, descending=descending, concurrency=concurrency)
        if self.is_empty():
            walk.close()
            return InvoiceWalk(iter(()), walk.report)
        return walk

    def first_page(self, limit: int, sort: InvoiceSortBy | None = None, *, descending: bool = False) -> Page:
        """The first ``limit`` matching invoices and how many match in all (one request)."""
        if self.is_empty():
            return Page([], 0)
        return self.portal.page(**self.filters, order_by=sort, descending=descending, limit=limit)
