"""What the commands share on their command lines: the root options of a run, and the invoice filters and order
(``--status`` … ``--desc``), one option per keyword the library declares (:func:`onlyoffice_crm.filter_keywords`),
with the check that turns them into a :class:`~._selection.Selection`."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Annotated, Any

import typer

from onlyoffice_crm import ORDER_WORDS, STATUS_WORDS, FilterKeyword, FilterKind, filter_keywords

from ._access import PortalAccess
from ._errors import UsageError
from ._filter_words import (
    DATE_HELP,
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
    time_zone: str | None = None
    access: PortalAccess = field(default_factory=PortalAccess)


def run_options(context: typer.Context) -> RunOptions:
    """The root options (``ctx.obj``) of this run."""
    found = context.find_root().obj
    return found if isinstance(found, RunOptions) else RunOptions()


FILTERS = "Filters"
"""The help panel of the filter options."""


@dataclass(frozen=True)
class OptionWords:
    """What the command line says of a library keyword beyond what the library declares: its option names
    (``--name`` by default), the Python parameter behind it, and a help text for a terminal."""

    flags: tuple[str, ...] = ()
    help: str = ""
    parameter: str = ""


# The words of the keywords this command line knows; a keyword the library adds later still gets an option,
# ``--its-name`` with the library's description as help.
OPTION_WORDS: dict[str, OptionWords] = {
    "status": OptionWords(("--status", "-s"), STATUS_HELP),
    "issued": OptionWords(help=f"Issue date: {DATE_HELP}."),
    "due": OptionWords(help="Due date, written like --issued."),
    "contact": OptionWords(
        ("--contact", "--customer"),
        "A contact's (customer's) id: the #id in the list table, the contact_id column of an export.",
    ),
    "opportunity": OptionWords(help="An opportunity's id."),
    "currency": OptionWords(help="An ISO 4217 currency code, e.g. EUR (any case)."),
    "search": OptionWords(help="Words that start words of the number or description."),
    "order_by": OptionWords(("--sort",), f"Order by {SORT_CHOICES} (default: number).", "sort"),
    "descending": OptionWords(("--desc",), "Largest/latest first.", "desc"),
}
OVERDUE_FLAG = "--overdue"
OVERDUE = inspect.Parameter(
    "overdue",
    inspect.Parameter.KEYWORD_ONLY,
    default=False,
    annotation=Annotated[
        bool,
        typer.Option(
            OVERDUE_FLAG,
            help="Billed and due before today (portal's time zone), as the portal's invoice report counts overdue.",
            rich_help_panel=FILTERS,
        ),
    ],
)
"""``--overdue``: the command line's own filter (billed, and due before today), shown after ``--due``."""
OVERDUE_AFTER = "due"

# What each kind of value is on the command line: its type there and its default.
_OPTION_TYPES: dict[FilterKind, tuple[object, object]] = {
    FilterKind.STATUS: (str | None, None),
    FilterKind.DATES: (str | None, None),
    FilterKind.ID: (int | None, None),
    FilterKind.CURRENCY: (str | None, None),
    FilterKind.TEXT: (str | None, None),
    FilterKind.ORDER: (str | None, None),
    FilterKind.SWITCH: (bool, False),
}


def completing(words: Iterable[str]) -> Callable[[str], list[str]]:
    """Shell completion of an option from ``words``: those that start with what is typed (in any case)."""
    choices = tuple(words)

    def complete(incomplete: str) -> list[str]:
        typed = incomplete.lower()
        return [word for word in choices if word.lower().startswith(typed)]

    return complete


# The words the shell completes for a kind of value: the library's own words (other kinds complete nothing).
_COMPLETED_WORDS: dict[FilterKind, tuple[str, ...]] = {
    FilterKind.STATUS: tuple(STATUS_WORDS.values()),
    FilterKind.ORDER: tuple(ORDER_WORDS),
}


@dataclass(frozen=True)
class FilterOption:
    """A library keyword as an option of the command line."""

    keyword: FilterKeyword
    flags: tuple[str, ...]
    help: str
    parameter: str

    @property
    def flag(self) -> str:
        """The option's main name (``--status``), for messages."""
        return self.flags[0]

    def as_parameter(self) -> inspect.Parameter:
        """The keyword-only parameter that Typer turns into this option."""
        kind, default = _OPTION_TYPES[self.keyword.kind]
        words = _COMPLETED_WORDS.get(self.keyword.kind)
        complete = completing(words) if words else None
        option = typer.Option(*self.flags, help=self.help, rich_help_panel=FILTERS, autocompletion=complete)
        annotation = Annotated[kind, option]  # type: ignore[valid-type]
        return inspect.Parameter(self.parameter, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=annotation)


def filter_options(*, ordered: bool) -> list[FilterOption]:
    """The options of the library's filter keywords (and order keywords when ``ordered``), in its order; a keyword
    of a kind this command line cannot read yet is left out (tests/cli/test_filter_options.py names it)."""
    options = []
    for keyword in filter_keywords(ordered=ordered):
        if keyword.kind not in _OPTION_TYPES:
            continue
        words = OPTION_WORDS.get(keyword.name, OptionWords())
        flags = words.flags or (f"--{keyword.name.replace('_', '-')}",)
        help_text = words.help or keyword.description[:1].upper() + keyword.description[1:]
        options.append(FilterOption(keyword, flags, help_text, words.parameter or keyword.name))
    return options


def with_filter_options(command: Callable[..., None], *, ordered: bool) -> Callable[..., None]:
    """``command`` (whose ``**filters`` take the filter options) with one Typer option per filter keyword in its
    signature, after its own options; ``--overdue`` after ``--due``."""
    signature = inspect.signature(command, eval_str=True)
    own = [p for p in signature.parameters.values() if p.kind is not inspect.Parameter.VAR_KEYWORD]
    added = []
    for option in filter_options(ordered=ordered):
        added.append(option.as_parameter())
        if option.keyword.name == OVERDUE_AFTER:
            added.append(OVERDUE)
    parameters = [*own, *(p.replace(kind=inspect.Parameter.KEYWORD_ONLY) for p in added)]

    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> None:
        command(*args, **kwargs)

    run.__signature__ = signature.replace(parameters=parameters)  # type: ignore[attr-defined]
    run.__annotations__ = {p.name: p.annotation for p in parameters}
    return run


def filters_summary() -> str:
    """``--status, --issued … ; order: --sort, --desc``: the filter options, for the ``invoices`` group's help."""
    filters: list[str] = []
    order: list[str] = []
    for option in filter_options(ordered=True):
        (order if option.keyword.orders else filters).append(option.flag)
        if option.keyword.name == OVERDUE_AFTER:
            filters.append(OVERDUE_FLAG)
    return f"Filters: {', '.join(filters)}; order: {', '.join(order)}."


def _text_word(word: str, option: str) -> str:
    if "," in word or not word.strip():
        raise UsageError(f"{option} {word!r}: give words without commas (the portal cuts the text at one).")
    return word


# How a command line value of each kind is checked (a usage error naming the option, exit code 2).
_READERS: dict[FilterKind, Callable[[Any, str], object]] = {
    FilterKind.STATUS: lambda word, _: status_word(word),
    FilterKind.DATES: parse_date_span,
    FilterKind.ID: parse_positive_id,
    FilterKind.CURRENCY: lambda word, _: currency_word(word),
    FilterKind.TEXT: _text_word,
}


def build_selection(given: Mapping[str, Any], *, ordered: bool) -> Selection:
    """Check the filter options of a command line (``given`` by parameter name: usage errors, exit code 2) and
    gather them."""
    options = filter_options(ordered=ordered)
    filters: dict[str, object] = {}
    sent_by: dict[str, FilterOption] = {}
    for option in options:
        value = given.get(option.parameter)
        if option.keyword.orders or value is None:
            continue
        filters[option.keyword.name] = _READERS[option.keyword.kind](value, option.flag)
        for parameter in option.keyword.sends:
            if parameter in sent_by:
                both = f"{sent_by[parameter].flag} and {option.flag}"
                raise UsageError(f"{both} cannot be combined: the portal filters by one of them.")
            sent_by[parameter] = option
    order = {option.keyword.name: given.get(option.parameter) for option in options if option.keyword.orders}
    sort = order.get("order_by")
    return Selection(
        filters=filters,
        overdue=bool(given.get("overdue", False)),
        sort=sort_word(sort) if isinstance(sort, str) else None,
        descending=bool(order.get("descending", False)),
    )
