"""What the commands share on their command lines: the root options of a run, and the invoice filters and order
(``--status`` … ``--desc``) with the check that turns them into a :class:`~._selection.Selection`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated

import typer

from ._access import PortalAccess
from ._filter_words import (
    SORT_CHOICES,
    STATUS_HELP,
    currency_word,
    parse_date_span,
    parse_positive_id,
    sort_word,
    status_word,
)
from ._selection import Selection


@dataclass
class RunOptions:
    """Options of the whole command line (the root callback keeps them in ``ctx.obj``)."""

    timeout: float = 30.0
    token_store: str | None = None
    access: PortalAccess = field(default_factory=PortalAccess)


def run_options(context: typer.Context) -> RunOptions:
    """The root options (``ctx.obj``) of this run."""
    found = context.find_root().obj
    return found if isinstance(found, RunOptions) else RunOptions()


FILTERS = "Filters"
"""The help panel of the filter options."""
StatusOption = Annotated[str | None, typer.Option("--status", "-s", help=STATUS_HELP, rich_help_panel=FILTERS)]
IssuedOption = Annotated[
    str | None,
    typer.Option(
        help="Issue date: 2024, 2024-03, 2024-Q1, 2024-03-15, or FROM..TO (2024-01-01..2024-03-31, 2024-06.., ..2023).",
        rich_help_panel=FILTERS,
    ),
]
DueOption = Annotated[str | None, typer.Option(help="Due date, written like --issued.", rich_help_panel=FILTERS)]
OverdueOption = Annotated[
    bool,
    typer.Option(
        "--overdue",
        help="Billed and due before today (portal's time zone), as the portal's invoice report counts overdue.",
        rich_help_panel=FILTERS,
    ),
]
CurrencyOption = Annotated[
    str | None, typer.Option(help="An ISO 4217 currency code, e.g. EUR (any case).", rich_help_panel=FILTERS)
]
ContactOption = Annotated[
    int | None,
    typer.Option(
        "--contact",
        "--customer",
        help="A contact's (customer's) id: the #id in the list table, the contact_id column of an export.",
        rich_help_panel=FILTERS,
    ),
]
OpportunityOption = Annotated[int | None, typer.Option(help="An opportunity's id.", rich_help_panel=FILTERS)]
SearchOption = Annotated[
    str | None,
    typer.Option(help="Words that start words of the number or description.", rich_help_panel=FILTERS),
]
SortOption = Annotated[
    str | None,
    typer.Option(help=f"Order by {SORT_CHOICES} (default: number).", rich_help_panel=FILTERS),
]
DescendingOption = Annotated[bool, typer.Option("--desc", help="Largest/latest first.", rich_help_panel=FILTERS)]


def build_selection(
    status: str | None,
    issued: str | None,
    due: str | None,
    overdue: bool,
    currency: str | None,
    contact: int | None,
    opportunity: int | None,
    search: str | None,
    sort: str | None,
    descending: bool,
) -> Selection:
    """Check the filter words of a command line (usage errors, exit code 2) and gather them."""
    return Selection(
        status=status_word(status) if status is not None else None,
        issued=parse_date_span(issued, "--issued") if issued is not None else None,
        due=parse_date_span(due, "--due") if due is not None else None,
        overdue=overdue,
        currency=currency_word(currency) if currency is not None else None,
        contact=parse_positive_id(contact, "--contact") if contact is not None else None,
        opportunity=parse_positive_id(opportunity, "--opportunity") if opportunity is not None else None,
        search=search,
        sort=sort_word(sort) if sort is not None else None,
        descending=descending,
    )
