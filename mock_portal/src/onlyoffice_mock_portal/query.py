"""Reading the filter's query string with the server's rules (`CRMApi.GetInvoices`, `ApiContext`, `ApiDateTime`)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

import onlyoffice_crm_spec as spec

from .errors import ARGUMENT_EXCEPTION, FORMAT_EXCEPTION, OVERFLOW_EXCEPTION, ApiError
from .wire import EPOCH

INT32 = (-(2**31), 2**31 - 1)
MAX_COUNT = 1000
MINUTE = 60_000_000
TO_WIDENING = 24 * 60 * MINUTE - MINUTE  # `to + 1 day - 1 minute`
# ApiDateTime's formats: date only, or time with ':' or '-', then 3 or 7 fractional digits or none, then K.
_DATE = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})"
    r"(?:T(\d{2})(?P<sep>[:-])(\d{2})(?P=sep)(\d{2})(?:\.(\d{3}|\d{7}))?(Z|[+-]\d{2}:\d{2})?)?",
    re.ASCII,
)
# Neutral titles the server also accepts for a status (besides the enum names).
STATUS_TITLES = {"billed": 2, "archive": 5}
ENTITY_TYPES = frozenset(spec.enum_values("EntityTypeFilter"))
SORT_KEYS = {value.lower(): value for value in spec.enum_values("InvoiceSortBy")}


@dataclass(frozen=True)
class InvoiceQuery:
    """A parsed filter request; dates are microseconds since the Unix epoch."""

    status: int | None = None
    issue_from: int | None = None
    issue_to: int | None = None
    due_from: int | None = None
    due_to: int | None = None
    entity_type: str | None = None
    entity_id: int = 0
    currency: str | None = None
    words: tuple[str, ...] = ()
    start_index: int = 0
    count: int = MAX_COUNT
    sort_by: str = "number"
    descending: bool = False


def first_values(items: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Parameter name (lower-case) -> its first value: the server's names are case-insensitive, first wins."""
    values: dict[str, str] = {}
    for name, value in items:
        values.setdefault(name.lower(), value)
    return values


def parse_int(name: str, text: str) -> int:
    if not re.fullmatch(r"\s*[+-]?\d+\s*", text, re.ASCII):
        raise ApiError(400, f"Input string was not in a correct format. Parameter '{name}'", FORMAT_EXCEPTION)
    value = int(text)
    if not INT32[0] <= value <= INT32[1]:
        raise ApiError(400, "Value was either too large or too small for an Int32.", OVERFLOW_EXCEPTION)
    return value


def parse_status(text: str) -> int:
    """A number, an enum name in any case, or a neutral title."""
    names = {name.lower(): value for name, value in spec.enum_members("InvoiceStatusId").items()}
    key = text.strip().lower()
    if key in names or key in STATUS_TITLES:
        return names.get(key) or STATUS_TITLES[key]
    return parse_int("status", text)  # any int32 parses; outside 1..5 it matches nothing


def parse_date(text: str, offset_minutes: int) -> int:
    """A date in one of the server's formats, as microseconds since the epoch; no offset = the portal's."""
    match = _DATE.fullmatch(text)
    if match is None:
        raise ApiError(400, "invalid date time format", FORMAT_EXCEPTION)
    year, month, day, hour, _, minute, second, fraction, zone = match.groups()
    try:
        local = dt.datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0))
    except ValueError:
        raise ApiError(400, "invalid date time format", FORMAT_EXCEPTION) from None
    if zone is None:
        offset = offset_minutes
    elif zone == "Z":
        offset = 0
    else:
        hours, minutes = int(zone[1:3]), int(zone[4:6])
        offset = hours * 60 + minutes
        if minutes > 59 or offset > 14 * 60:  # .NET rejects offsets beyond ±14:00
            raise ApiError(400, "invalid date time format", FORMAT_EXCEPTION)
        offset = -offset if zone[0] == "-" else offset
    ticks = int((fraction or "0").ljust(7, "0"))
    # Integer arithmetic: extreme dates with an offset cannot overflow as datetimes would.
    return (local - EPOCH) // dt.timedelta(microseconds=1) + ticks // 10 - offset * MINUTE


def parse_query(items: Iterable[tuple[str, str]], offset_minutes: int) -> InvoiceQuery:
    """Build the query the server would run; raise :class:`ApiError` (400) where the server would."""
    raw = {name: value for name, value in first_values(items).items() if value != ""}
    dates: dict[str, int | None] = {}
    for name in ("issuedatefrom", "issuedateto", "duedatefrom", "duedateto"):
        dates[name] = parse_date(raw[name], offset_minutes) if name in raw else None
    entity_type = raw.get("entitytype")
    if entity_type is not None:
        entity_type = entity_type.lower()
        if entity_type not in ENTITY_TYPES:
            raise ApiError(400, "Value does not fall within the expected range.", ARGUMENT_EXCEPTION)
    count = parse_int("count", raw["count"]) if "count" in raw else MAX_COUNT
    return InvoiceQuery(
        status=parse_status(raw["status"]) if "status" in raw else None,
        issue_from=dates["issuedatefrom"],
        issue_to=None if dates["issuedateto"] is None else dates["issuedateto"] + TO_WIDENING,
        due_from=dates["duedatefrom"],
        due_to=None if dates["duedateto"] is None else dates["duedateto"] + TO_WIDENING,
        entity_type=entity_type,
        entity_id=parse_int("entityid", raw["entityid"]) if "entityid" in raw else 0,
        currency=raw.get("currency"),
        words=tuple(raw.get("filtervalue", "").lower().split()),
        start_index=max(0, parse_int("startIndex", raw["startindex"])) if "startindex" in raw else 0,
        count=min(max(count, 0), MAX_COUNT),
        sort_by=SORT_KEYS.get(raw.get("sortby", "").lower(), "number"),
        descending=raw.get("sortorder") == "descending",
    )
