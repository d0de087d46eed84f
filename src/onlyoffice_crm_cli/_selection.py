"""Which invoices a command is about, and how to ask the library for them (count, first page, every one).

``--overdue`` is what the portal's own invoice report calls overdue (``ReportDao.cs``) and what a person means: a
billed (sent) invoice whose due date has passed, i.e. status ``billed`` and due before today in the portal's time
zone. Drafts, rejected and archived invoices are never overdue; neither are paid ones.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from onlyoffice_crm import InvoiceSortBy, InvoiceStatus, InvoiceWalk, Page, Portal
from onlyoffice_crm import check_filters as check_library_filters

from ._errors import UsageError
from ._filter_words import DateSpan

OVERDUE_STATUS = InvoiceStatus.SENT


@dataclass(frozen=True)
class Selection:
    """The filters and order of one command, already checked; ``None`` means "not given"."""

    status: InvoiceStatus | None = None
    issued: DateSpan | None = None
    due: DateSpan | None = None
    overdue: bool = False
    currency: str | None = None
    contact: int | None = None
    opportunity: int | None = None
    search: str | None = None
    sort: InvoiceSortBy | None = None
    descending: bool = False

    def __post_init__(self) -> None:
        if self.overdue and self.status is not None and self.status is not OVERDUE_STATUS:
            raise UsageError(
                f"--overdue means {OVERDUE_STATUS.word} and past due: it cannot be combined with "
                f"--status {self.status.word}."
            )
        if self.contact is not None and self.opportunity is not None:
            raise UsageError("--contact and --opportunity cannot be combined: the portal filters by one of them.")
        if self.search is not None and ("," in self.search or not self.search.strip()):
            raise UsageError(f"--search {self.search!r}: give words without commas (the portal cuts the text at one).")
        if self.descending and self.sort is None:
            raise UsageError("--desc needs --sort (number, issued, due, status, contact or id).")


def library_filters(selection: Selection, due: DateSpan | None = None) -> dict[str, Any]:
    """The library's keyword arguments for ``selection`` (``due`` replaces its due dates when given)."""
    due = due if due is not None else selection.due
    status = OVERDUE_STATUS if selection.overdue else selection.status
    return {
        "status": status,
        "issued": selection.issued.as_pair() if selection.issued is not None else None,
        "due": due.as_pair() if due is not None else None,
        "contact": selection.contact,
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
        check_library_filters(
            {**library_filters(selection), "order_by": selection.sort, "descending": selection.descending}
        )
    except (ValueError, TypeError) as error:
        raise UsageError(str(error)) from None


def portal_today(portal: Portal) -> dt.date:
    """Today's date on the portal's clock."""
    return (dt.datetime.now(dt.UTC) + portal.utc_offset()).date()


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
        due = self.filters["due"]
        return due is not None and DateSpan(*due).is_empty()

    def count(self) -> int:
        """How many invoices match (one request)."""
        if self.is_empty():
            return 0
        return self.portal.count_invoices(**self.filters)

    def invoices(
        self, sort: InvoiceSortBy | None = None, *, descending: bool = False, concurrency: int = 1
    ) -> InvoiceWalk:
        """Every matching invoice, exactly once, in the order asked, ``concurrency`` pages requested at once;
        the walk's ``report`` says how the portal changed meanwhile."""
        walk = self.portal.invoices(**self.filters, order_by=sort, descending=descending, concurrency=concurrency)
        if self.is_empty():
            walk.close()
            return InvoiceWalk(iter(()), walk.report)
        return walk

    def first_page(self, limit: int, sort: InvoiceSortBy | None = None, *, descending: bool = False) -> Page:
        """The first ``limit`` matching invoices and how many match in all (one request)."""
        if self.is_empty():
            return Page([], 0)
        return self.portal.page(**self.filters, order_by=sort, descending=descending, limit=limit)
