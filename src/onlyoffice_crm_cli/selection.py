"""Which invoices a command is about, and how to ask the library for them (count, first page, every one).

``--overdue`` is the one filter the portal cannot express: "due before today and not paid". The portal's
``status`` takes one value, so the walk asks for everything due before today (in the portal's time zone) and
drops paid invoices as they stream by; the count is (all due before today) - (paid and due before today), two
requests, so ``total`` stays exact.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Generator
from dataclasses import dataclass
from typing import Any

from onlyoffice_crm import InvoiceSortBy, InvoiceStatus, InvoiceWalk, Page, Portal
from onlyoffice_crm.filters import build_filter
from onlyoffice_crm_client.models import Invoice

from .filter_words import DateSpan, SortWord, StatusWord
from .problems import UsageError

ORDER_BY: dict[SortWord, InvoiceSortBy] = {
    SortWord.NUMBER: InvoiceSortBy.NUMBER,
    SortWord.ISSUED: InvoiceSortBy.ISSUE_DATE,
    SortWord.DUE: InvoiceSortBy.DUE_DATE,
    SortWord.STATUS: InvoiceSortBy.STATUS,
    SortWord.CUSTOMER: InvoiceSortBy.CONTACT,
    SortWord.ID: InvoiceSortBy.ID,
}


@dataclass(frozen=True)
class Selection:
    """The filters and order of one command, already checked; ``None`` means "not given"."""

    status: StatusWord | None = None
    issued: DateSpan | None = None
    due: DateSpan | None = None
    overdue: bool = False
    currency: str | None = None
    customer: int | None = None
    opportunity: int | None = None
    search: str | None = None
    sort: SortWord | None = None
    descending: bool = False

    def __post_init__(self) -> None:
        if self.overdue and self.status is StatusWord.PAID:
            raise UsageError("--overdue means not paid: it cannot be combined with --status paid.")
        if self.customer is not None and self.opportunity is not None:
            raise UsageError("--customer and --opportunity cannot be combined: the portal filters by one of them.")
        if self.search is not None and ("," in self.search or not self.search.strip()):
            raise UsageError(f"--search {self.search!r}: give words without commas (the portal cuts the text at one).")
        if self.descending and self.sort is None:
            raise UsageError("--desc needs --sort (number, issued, due, status, customer or id).")


def library_filters(selection: Selection, due: DateSpan | None = None) -> dict[str, Any]:
    """The library's keyword arguments for ``selection`` (``due`` replaces its due dates when given)."""
    due = due if due is not None else selection.due
    return {
        "status": int(selection.status) if selection.status is not None else None,
        "issued": selection.issued.as_pair() if selection.issued is not None else None,
        "due": due.as_pair() if due is not None else None,
        "contact": selection.customer,
        "opportunity": selection.opportunity,
        "currency": selection.currency,
        "search": selection.search,
    }


def check_filters(selection: Selection) -> None:
    """Have the library check the filters, before any request: a value it refuses is a :class:`UsageError`.

    Only here is a ``ValueError`` or ``TypeError`` a usage error; once the portal is asked, one is a fault of its
    answer (exit 1, never 2).
    """
    try:
        order_by = ORDER_BY[selection.sort] if selection.sort is not None else None
        build_filter({**library_filters(selection), "order_by": order_by, "descending": selection.descending})
    except (ValueError, TypeError) as error:
        raise UsageError(str(error)) from None


def portal_today(portal: Portal) -> dt.date:
    """Today's date on the portal's clock."""
    return (dt.datetime.now(dt.UTC) + portal.utc_offset()).date()


WALK_CONCURRENCY = 4
"""Pages a whole walk (export, totals) requests at once: the portal prepares the next pages while this process
parses and writes the current ones."""


def unpaid(walk: InvoiceWalk) -> InvoiceWalk:
    """The invoices of ``walk`` that are not paid, with its report; closing this closes ``walk``."""

    def kept() -> Generator[Invoice, None, None]:
        try:
            for invoice in walk:
                if invoice.status.id is not InvoiceStatus.PAID:
                    yield invoice
        finally:
            walk.close()

    return InvoiceWalk(kept(), walk.report)


@dataclass(frozen=True)
class InvoiceQuery:
    """A :class:`Selection` bound to a portal: the keyword arguments for the library, and the overdue rule."""

    portal: Portal
    filters: dict[str, Any]
    drop_paid: bool

    @classmethod
    def build(cls, portal: Portal, selection: Selection) -> InvoiceQuery:
        """Translate ``selection`` for ``portal`` (asks the portal's time zone only for ``--overdue``)."""
        due = selection.due
        drop_paid = False
        if selection.overdue:
            yesterday = portal_today(portal) - dt.timedelta(days=1)
            due = (due or DateSpan(None, None)).clipped_to(yesterday)
            drop_paid = selection.status is None
        return cls(portal, library_filters(selection, due), drop_paid)

    def is_empty(self) -> bool:
        """Whether the filters cannot match anything (an overdue range that ends before it starts)."""
        due = self.filters["due"]
        return due is not None and DateSpan(*due).is_empty()

    def count(self) -> int:
        """How many invoices match: one request, two with ``--overdue``."""
        if self.is_empty():
            return 0
        total = self.portal.count_invoices(**self.filters)
        if self.drop_paid:
            total -= self.portal.count_invoices(**{**self.filters, "status": int(StatusWord.PAID)})
        return total

    def invoices(self, sort: SortWord | None = None, *, descending: bool = False, concurrency: int = 1) -> InvoiceWalk:
        """Every matching invoice, exactly once, in the order asked, ``concurrency`` pages requested at once;
        the walk's ``report`` says how the portal changed meanwhile."""
        order_by = ORDER_BY[sort] if sort is not None else None
        walk = self.portal.invoices(**self.filters, order_by=order_by, descending=descending, concurrency=concurrency)
        if self.is_empty():
            walk.close()
            return InvoiceWalk(iter(()), walk.report)
        return unpaid(walk) if self.drop_paid else walk

    def first_page(self, limit: int, sort: SortWord | None = None, *, descending: bool = False) -> Page:
        """The first ``limit`` matching invoices and how many match in all (one request without ``--overdue``)."""
        if self.is_empty():
            return Page([], 0)
        if not self.drop_paid:
            order_by = ORDER_BY[sort] if sort is not None else None
            return self.portal.page(**self.filters, order_by=order_by, descending=descending, limit=limit)
        first = list(itertools.islice(self.invoices(sort, descending=descending), limit))
        return Page(first, self.count())
