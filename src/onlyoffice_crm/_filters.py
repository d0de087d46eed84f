"""Filters as a person writes them, checked before any request and turned into the generated client's arguments.

The keywords are declared once, in :class:`Filters` and :class:`OrderedFilters` (types for editors and type
checkers, descriptions in their ``Keys:`` sections), each with how it is read and sent in ``_READINGS``;
:func:`filter_keywords` gives that declaration to tools built on the library, the command line among them.
"""

from __future__ import annotations

import datetime as dt
import inspect
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, replace
from enum import IntEnum, StrEnum
from functools import cache
from typing import Any, Literal, TypedDict

from onlyoffice_crm_client.models import EntityTypeFilter, InvoiceSortBy, InvoiceStatusId, SortOrder
from onlyoffice_crm_client.models import InvoiceStatus as StatusModel

from ._currencies import is_currency_code
from ._dates import DateRange, date_range, wire_end

__all__ = [
    "FILTER_KEYWORDS",
    "NOT_EXPOSED",
    "ORDER_KEYS",
    "ORDER_WORDS",
    "STATUS_WORDS",
    "DateFilter",
    "FilterKeyword",
    "FilterKind",
    "Filters",
    "InvoiceFilter",
    "InvoiceStatus",
    "OrderKey",
    "OrderedFilters",
    "StatusWord",
    "build_filter",
    "check_filters",
    "filter_keywords",
    "parse_currency",
    "parse_order_by",
    "parse_status",
]


class InvoiceStatus(IntEnum):
    """An invoice's status, by the portal's status id.

    A member compares equal to the same id (``InvoiceStatus.PAID == 4``), to the generated ``InvoiceStatusId``
    member, and to an invoice's ``status`` (the generated ``InvoiceStatus(id, title)`` model), so that
    ``invoice.status == InvoiceStatus.PAID`` and ``invoice.status.id == InvoiceStatus.PAID`` both hold for a
    paid invoice. :attr:`word` is how the portal titles it (``"billed"`` for ``SENT``).
    """

    DRAFT = 1
    SENT = 2
    REJECTED = 3
    PAID = 4
    ARCHIVED = 5

    @property
    def word(self) -> StatusWord:
        """The status as the portal titles it, in lower case: what tables show and the CLI lists."""
        return STATUS_WORDS[self]

    def __eq__(self, other: object) -> bool:
        if isinstance(other, StatusModel):
            return int(self) == int(other.id)
        return int(self) == other if isinstance(other, int) else NotImplemented

    def __ne__(self, other: object) -> bool:
        equal = self.__eq__(other)
        return equal if equal is NotImplemented else not equal

    __hash__ = IntEnum.__hash__


StatusWord = Literal["draft", "billed", "rejected", "paid", "archive", "sent", "archived"]
"""A status as a word, in any case: the portal's titles (what tables show), or the member names
``sent``/``archived``."""
OrderKey = Literal["number", "issued", "due", "status", "contact", "id", "issue_date", "due_date", "customer"]
"""A sort key as a word, in any case: the filter keywords ``issued``, ``due``, ``contact``; ``issue_date``,
``due_date``, ``customer`` and the wire names (``issueDate``) are accepted too."""
DateFilter = dt.date | int | str | tuple[dt.date | None, dt.date | None]
"""A ``date`` (that whole day), a year, date words (``"2024-Q1"``, ``"2024-03"``, ``"2024-01-01..2024-03-31"``),
or an inclusive ``(start, end)`` pair of dates or datetimes."""


class Filters(TypedDict, total=False):
    """The filters of :meth:`Portal.invoices`, :meth:`Portal.page` and :meth:`Portal.count_invoices`, declared
    once: the methods' signatures are built from this (see :func:`~onlyoffice_crm._signatures.with_keywords`).

    Keys:
        status: an :class:`InvoiceStatus`, its id, or a word in any case: ``"draft"``, ``"billed"``,
            ``"rejected"``, ``"paid"``, ``"archive"`` (the titles tables show; ``"sent"``, ``"archived"`` too).
        issued: issue dates: a ``date``, a year, date words (``"2024-Q1"``, ``"2024-03"``,
            ``"2024-01-01..2024-03-31"``, ``"2024-06.."``), or an inclusive ``(start, end)`` pair of dates or
            datetimes (either may be ``None``).
        due: due dates, the same way.
        contact: a contact id (the invoices of that customer).
        opportunity: an opportunity id (invoices linked to it).
        currency: an ISO 4217 code such as ``"EUR"``, in any case (``invoice.currency.abbreviation``).
        search: words, each a prefix of a word of the number or description.
    """

    status: InvoiceStatus | InvoiceStatusId | StatusWord | int | None
    issued: DateFilter | None
    due: DateFilter | None
    contact: int | None
    opportunity: int | None
    currency: str | None
    search: str | None


class OrderedFilters(Filters, total=False):
    """:class:`Filters` and the order of a walk or a page.

    Keys:
        order_by: ``"number"`` (the default), ``"issued"``, ``"due"``, ``"status"``, ``"contact"``, ``"id"``
            (or ``InvoiceSortBy``); equal keys come by number.
        descending: reverse the order.
    """

    order_by: OrderKey | InvoiceSortBy | None
    descending: bool


FILTER_KEYWORDS: tuple[str, ...] = tuple(Filters.__annotations__)
ORDERED_KEYWORDS: tuple[str, ...] = tuple(OrderedFilters.__annotations__)

_INT32_MAX = 2**31 - 1

STATUS_WORDS: dict[InvoiceStatus, StatusWord] = {
    InvoiceStatus.DRAFT: "draft",
    InvoiceStatus.SENT: "billed",
    InvoiceStatus.REJECTED: "rejected",
    InvoiceStatus.PAID: "paid",
    InvoiceStatus.ARCHIVED: "archive",
}
"""The one word per status: the portal's neutral title, as tables and exports show it."""
_STATUS_ALIASES: dict[str, InvoiceStatus] = {
    **{member.name.lower(): member for member in InvoiceStatus},
    **{word: member for member, word in STATUS_WORDS.items()},
}
STATUS_CHOICES = ", ".join(STATUS_WORDS.values())
_STATUS_IDS = frozenset(int(member) for member in InvoiceStatusId)

# The server's own sort keys. Other property names go through its unpaged in-memory sort
# (CRMApi.Invoices.cs), which a walk cannot page reliably.
ORDER_WORDS: dict[str, InvoiceSortBy] = {
    "number": InvoiceSortBy.NUMBER,
    "issued": InvoiceSortBy.ISSUE_DATE,
    "due": InvoiceSortBy.DUE_DATE,
    "status": InvoiceSortBy.STATUS,
    "contact": InvoiceSortBy.CONTACT,
    "id": InvoiceSortBy.ID,
}
"""The one word per sort key (the filter keywords' words)."""
ORDER_KEYS = tuple(ORDER_WORDS.values())
_ORDER_ALIASES: dict[str, InvoiceSortBy] = {
    **{member.value.lower(): member for member in ORDER_KEYS},
    **{member.name.lower(): member for member in ORDER_KEYS},
    "customer": InvoiceSortBy.CONTACT,
    **ORDER_WORDS,
}


def parse_status(value: object) -> InvoiceStatusId | None:
    """``status=``: ``None``, an :class:`InvoiceStatus` member, its id, or a status word in any case."""
    if value is None or isinstance(value, InvoiceStatusId):
        return value
    if isinstance(value, bool):
        raise TypeError("status: expected an InvoiceStatus, an int or a word, got bool")
    if isinstance(value, int):
        if int(value) not in _STATUS_IDS:
            raise ValueError(f"status: {value} is not a status id (1..{len(InvoiceStatusId)})")
        return InvoiceStatusId(int(value))
    if isinstance(value, str):
        word = value.strip().lower()
        if word.isdigit():
            return parse_status(int(word))
        if word in _STATUS_ALIASES:
            return InvoiceStatusId(int(_STATUS_ALIASES[word]))
        raise ValueError(f"status: {value!r} is not a status (one of {STATUS_CHOICES}, or an id)")
    raise TypeError(f"status: expected an InvoiceStatus, an int or a word, got {type(value).__name__}")


def parse_order_by(value: object) -> InvoiceSortBy:
    """``order_by=``: ``None`` (by number), an ``InvoiceSortBy``, or a sort word in any case."""
    if value is None:
        return InvoiceSortBy.NUMBER
    if isinstance(value, InvoiceSortBy):
        if value not in ORDER_KEYS:
            raise ValueError(f"order_by: {value.value!r} is not a sort key (one of {', '.join(ORDER_WORDS)})")
        return value
    if isinstance(value, str):
        word = value.strip().lower()
        if word in _ORDER_ALIASES:
            return _ORDER_ALIASES[word]
        raise ValueError(f"order_by: {value!r} is not a sort key (one of {', '.join(ORDER_WORDS)})")
    raise TypeError(f"order_by: expected a str or InvoiceSortBy, got {type(value).__name__}")


def parse_currency(value: object) -> str | None:
    """``currency=``: ``None`` or an ISO 4217 code in any case, returned in upper case.

    Raises:
        TypeError: not a str.
        ValueError: not a currency code (``"euro"``, ``"XYZ"``).
    """
    text = _text("currency", value)
    if text is None:
        return None
    code = text.upper()
    if not is_currency_code(code):
        raise ValueError(f"currency: {value!r} is not an ISO 4217 currency code (such as EUR or USD)")
    return code


def _entity_id(name: str, value: object) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name}: expected an int id, got {type(value).__name__}")
    if not 1 <= value <= _INT32_MAX:
        raise ValueError(f"{name}: {value} is not an id (1..{_INT32_MAX})")
    return value


def _text(name: str, value: object) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise TypeError(f"{name}: expected a str, got {type(value).__name__}")
    text = value.strip()
    if not text:
        raise ValueError(f"{name}: empty text; pass None for no filter")
    if "," in text:
        # The server keeps only what precedes the first comma of a paging or search value.
        raise ValueError(f"{name}: {value!r} contains a comma, which the portal would cut the value at")
    return text


class FilterKind(StrEnum):
    """The shape of value a filter keyword takes, which says how a command line reads it."""

    STATUS = "status"
    """An :class:`InvoiceStatus`, its id or a status word (:data:`STATUS_WORDS`)."""
    DATES = "dates"
    """A :data:`DateFilter`: date words (:func:`date_words`), a year, a ``date`` or a ``(start, end)`` pair."""
    ID = "id"
    """A positive whole number: the id of a contact, an opportunity…"""
    CURRENCY = "currency"
    """An ISO 4217 code (:func:`parse_currency`)."""
    TEXT = "text"
    """Words without a comma (the portal cuts a value at its first comma)."""
    ORDER = "order"
    """A sort key (:data:`ORDER_WORDS`, :func:`parse_order_by`)."""
    SWITCH = "switch"
    """``True`` or ``False``."""


@dataclass(frozen=True)
class FilterKeyword:
    """One keyword of :class:`OrderedFilters`, as a tool built on the library (the command line) reads it.

    Attributes:
        name: the keyword (``"status"``, ``"issued"``…), a key of :class:`Filters` or :class:`OrderedFilters`.
        kind: the shape of value it takes.
        description: what the ``Keys:`` section of the TypedDict's docstring says of it, as plain text.
        sends: the parameters of the generated ``get_invoices`` functions it is sent as (``("entity_type",
            "entityid")`` for ``contact``); two keywords that share one cannot be given together.
        orders: whether it is an order keyword (:class:`OrderedFilters` only), not a filter.
    """

    name: str
    kind: FilterKind
    description: str
    sends: tuple[str, ...]
    orders: bool = False


@dataclass(frozen=True)
class _Reading:
    """How a keyword is checked and sent: ``parameters`` carry its value (a date range's two ends), ``beside``
    are sent with it, fixed."""

    kind: FilterKind
    parameters: tuple[str, ...]
    beside: tuple[tuple[str, object], ...] = ()

    @property
    def sends(self) -> tuple[str, ...]:
        return (*(name for name, _ in self.beside), *self.parameters)


# How each keyword of OrderedFilters is read and sent, in the generated client's parameter names. A keyword
# declared in Filters or OrderedFilters without a reading here fails tests/library/test_filters.py, and so does a
# parameter of the generated get_invoices that no keyword sends and NOT_EXPOSED does not list.
_READINGS: dict[str, _Reading] = {
    "status": _Reading(FilterKind.STATUS, ("status",)),
    "issued": _Reading(FilterKind.DATES, ("issue_date_from", "issue_date_to")),
    "due": _Reading(FilterKind.DATES, ("due_date_from", "due_date_to")),
    "contact": _Reading(FilterKind.ID, ("entityid",), beside=(("entity_type", EntityTypeFilter.CONTACT),)),
    "opportunity": _Reading(FilterKind.ID, ("entityid",), beside=(("entity_type", EntityTypeFilter.OPPORTUNITY),)),
    "currency": _Reading(FilterKind.CURRENCY, ("currency",)),
    "search": _Reading(FilterKind.TEXT, ("filter_value",)),
    "order_by": _Reading(FilterKind.ORDER, ("sort_by",)),
    "descending": _Reading(FilterKind.SWITCH, ("sort_order",)),
}
NOT_EXPOSED: dict[str, str] = {
    "start_index": "paging: a walk pages by itself, page() takes offset=",
    "count": "paging: a walk asks for full pages, page() takes limit=",
}
"""Parameters of the generated ``get_invoices`` that no filter keyword sends, each with the reason."""
_ORDER_KEYWORDS = frozenset(OrderedFilters.__annotations__) - frozenset(Filters.__annotations__)


@cache
def filter_keywords(*, ordered: bool = False) -> tuple[FilterKeyword, ...]:
    """The keywords of :class:`Filters` (and of :class:`OrderedFilters` when ``ordered``), in declaration order:
    how each is read and sent. The command line builds its filter options from this.

    Raises:
        LookupError: a keyword declared in a TypedDict that the library does not know how to read.
    """
    names = ORDERED_KEYWORDS if ordered else FILTER_KEYWORDS
    unread = [name for name in names if name not in _READINGS]
    if unread:
        raise LookupError(f"library: onlyoffice_crm._filters has no reading of the keywords {unread}")
    described = {**_described_keys(Filters), **_described_keys(OrderedFilters)}
    return tuple(
        FilterKeyword(
            name,
            _READINGS[name].kind,
            described.get(name, ""),
            _READINGS[name].sends,
            orders=name in _ORDER_KEYWORDS,
        )
        for name in names
    )


_KEY = re.compile(r"^    (\w+): (.*)$")
_ROLE = re.compile(r":\w+:`~?(?:[\w.]*\.)?(\w+)`")


def _described_keys(typed_dict: type) -> dict[str, str]:
    """``{key: description}`` from the ``Keys:`` section of a TypedDict's docstring, as plain text (empty when
    Python runs without docstrings)."""
    found: dict[str, str] = {}
    current = None
    for line in (inspect.getdoc(typed_dict) or "").partition("Keys:\n")[2].splitlines():
        if match := _KEY.match(line):
            current = match[1]
            found[current] = match[2]
        elif line.startswith("        ") and current is not None:
            found[current] += " " + line.strip()
        elif line.strip():
            break
    return {key: _ROLE.sub(r"\1", text).replace("``", "") for key, text in found.items()}


@dataclass(frozen=True)
class InvoiceFilter:
    """A checked set of filters and an order: what ``invoices()``, ``page()`` and ``count_invoices()`` take.

    ``status``, ``issued`` and ``due`` are apart because a walk plans by them; every other filter is in
    ``others``, as ``(keyword, checked value)`` pairs in declaration order.
    """

    status: InvoiceStatusId | None = None
    issued: DateRange | None = None
    due: DateRange | None = None
    others: tuple[tuple[str, Any], ...] = ()
    order_by: InvoiceSortBy = InvoiceSortBy.NUMBER
    descending: bool = False

    def _ranges(self) -> Iterator[tuple[str, DateRange | None]]:
        yield "issued", self.issued
        yield "due", self.due
        yield from ((name, value) for name, value in self.others if isinstance(value, DateRange))

    @property
    def needs_offset(self) -> bool:
        """Whether a date bound is an aware datetime (the portal's UTC offset is needed to send it)."""
        return any(r is not None and r.needs_offset for _, r in self._ranges())

    def localized(self, utc_offset: dt.timedelta | None) -> InvoiceFilter:
        """The same filters with every date bound in the portal's wall-clock time (naive).

        Raises:
            ValueError: a range whose start is after its end.
        """

        def local(name: str, value: Any) -> Any:
            return DateRange(*value.local(utc_offset, name)) if isinstance(value, DateRange) else value

        return replace(
            self,
            issued=local("issued", self.issued),
            due=local("due", self.due),
            others=tuple((name, local(name, value)) for name, value in self.others),
        )

    def ordered(self, order_by: InvoiceSortBy, *, descending: bool | None = None) -> InvoiceFilter:
        """The same filters in another order."""
        return replace(self, order_by=order_by, descending=self.descending if descending is None else descending)

    def with_status(self, status: InvoiceStatusId) -> InvoiceFilter:
        """The same filters restricted to one status."""
        return replace(self, status=status)

    def with_range(self, key: InvoiceSortBy, bounds: DateRange) -> InvoiceFilter:
        """The same filters with the issue or due date range replaced (the range must already be portal-local)."""
        if key is InvoiceSortBy.ISSUE_DATE:
            return replace(self, issued=bounds)
        if key is InvoiceSortBy.DUE_DATE:
            return replace(self, due=bounds)
        raise ValueError(f"{key} is not a date key")

    def arguments(self, utc_offset: dt.timedelta | None) -> dict[str, Any]:
        """Keyword arguments of the generated ``get_invoices`` functions for these filters and this order.

        ``sortBy`` is always sent: without it the server ignores ``sortOrder``.
        """
        arguments: dict[str, Any] = {
            "sort_by": self.order_by,
            "sort_order": SortOrder.DESCENDING if self.descending else SortOrder.ASCENDING,
        }
        given = (("status", self.status), ("issued", self.issued), ("due", self.due), *self.others)
        for name, value in given:
            if value is not None:
                arguments.update(_sent(name, value, utc_offset))
        return arguments


def _sent(name: str, value: Any, utc_offset: dt.timedelta | None) -> dict[str, Any]:
    """The generated client's arguments for one checked filter value."""
    reading = _READINGS[name]
    sent: dict[str, Any] = dict(reading.beside)
    if reading.kind is FilterKind.DATES:
        start, end = value.local(utc_offset, name)
        first, last = reading.parameters
        if start is not None:
            sent[first] = start
        if end is not None:
            sent[last] = wire_end(end)
        return sent
    (parameter,) = reading.parameters
    sent[parameter] = value
    return sent


_CHECKS: dict[FilterKind, Callable[[str, object], Any]] = {
    FilterKind.STATUS: lambda _, value: parse_status(value),
    FilterKind.DATES: date_range,
    FilterKind.ID: _entity_id,
    FilterKind.CURRENCY: lambda _, value: parse_currency(value),
    FilterKind.TEXT: lambda name, value: _text(name, value),
}
"""How a filter of each kind is checked: the value to send, or ``None`` for "not given"."""


def build_filter(arguments: Mapping[str, object], *, ordered: bool = True) -> InvoiceFilter:
    """Check every filter of ``arguments`` (:class:`OrderedFilters`, or :class:`Filters` when not ``ordered``)
    and build an :class:`InvoiceFilter`; ``None`` means "not given" everywhere.

    Raises:
        TypeError: an unknown keyword, or a value of the wrong type (the message names the parameter).
        ValueError: a value of the right type that cannot be a filter (the message names the parameter).
    """
    allowed = ORDERED_KEYWORDS if ordered else FILTER_KEYWORDS
    unknown = [name for name in arguments if name not in allowed]
    if unknown:
        raise TypeError(f"{unknown[0]!r} is not a filter (the filters are {', '.join(allowed)})")
    checked: dict[str, Any] = {}
    for name in FILTER_KEYWORDS:
        value = _CHECKS[_READINGS[name].kind](name, arguments.get(name))
        if value is not None:
            checked[name] = value
    _refuse_shared_parameters(checked)
    descending = arguments.get("descending", False)
    if not isinstance(descending, bool):
        raise TypeError(f"descending: expected a bool, got {type(descending).__name__}")
    return InvoiceFilter(
        status=checked.pop("status", None),
        issued=checked.pop("issued", None),
        due=checked.pop("due", None),
        others=tuple(checked.items()),
        order_by=parse_order_by(arguments.get("order_by")),
        descending=descending,
    )


def _refuse_shared_parameters(checked: Mapping[str, object]) -> None:
    """Two given filters sent as the same parameter (``contact`` and ``opportunity``: ``entityid``) cannot both
    hold: the portal reads one value."""
    seen: dict[str, str] = {}
    for name in checked:
        for parameter in _READINGS[name].sends:
            if parameter in seen:
                raise ValueError(
                    f"{seen[parameter]}, {name}: the portal filters by one of them (both are sent as {parameter}); "
                    "give one of them"
                )
            seen[parameter] = name


def check_filters(filters: Mapping[str, object]) -> None:
    """Check ``filters`` (the keywords of :meth:`Portal.invoices <onlyoffice_crm.Portal.invoices>`) as the
    portal methods do, without a request: a command line can refuse a bad filter before it connects.

    Raises:
        TypeError: an unknown keyword, or a value of the wrong type (the message names the parameter).
        ValueError: a value of the right type that cannot be a filter (the message names the parameter).
    """
    build_filter(filters)
