"""Reading the filter's query string with the server's rules.

Two binders read the same query string differently (CommunityServer v12.7.1):

* the paging and search values (``count``, ``startIndex``, ``sortBy``, ``sortOrder``, ``filterValue``) come from
  ``ApiContext.GetRequestArray``: ``name[]`` first, else ``name``; a single value is split at ``,`` and the first
  part used; of repeated keys the first wins; nothing in them is ever a 400;
* the method parameters (``status``, the dates, ``entityType``, ``entityid``, ``currency``) come from
  ``ApiArgumentBuilder``: the first value of the key, never split; ``name[]`` is another key and ignored.

Parameter names are case-insensitive in both.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from .errors import ARGUMENT_EXCEPTION, ARGUMENT_OUT_OF_RANGE_EXCEPTION, FORMAT_EXCEPTION, OVERFLOW_EXCEPTION, ApiError
from .spec_facts import spec_facts
from .wire import EPOCH

INT32 = (-(2**31), 2**31 - 1)
MINUTE = 60_000_000
TO_WIDENING = 24 * 60 * MINUTE - MINUTE  # `to + 1 day - 1 minute`
# DateTime's range in microseconds since the epoch: 0001-01-01T00:00:00 .. 9999-12-31T23:59:59.9999999.
MIN_INSTANT = (dt.datetime.min - EPOCH) // dt.timedelta(microseconds=1)
MAX_INSTANT = (dt.datetime.max - EPOCH) // dt.timedelta(microseconds=1)
# ApiDateTime's formats: date only, or time with ':' or '-', then 3 or 7 fractional digits or none, then K.
# K is `Z`, an offset `±hh:mm` (.NET's parser takes any two-digit hour and minutes below 60) or nothing.
_DATE = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})"
    r"(?:T(\d{2})(?P<sep>[:-])(\d{2})(?P=sep)(\d{2})(?:\.(\d{3}|\d{7}))?(Z|[+-]\d{2}:[0-5]\d)?)?",
    re.ASCII,
)
_INTEGER = re.compile(r"\s*([+-]?)(\d+)\s*", re.ASCII)
_UNSIGNED = re.compile(r"\s*\+?(\d+)\s*", re.ASCII)


@dataclass(frozen=True)
class InvoiceQuery:
    """A parsed filter request, as the DAO receives it; dates are microseconds since the Unix epoch (UTC)."""

    status: int | None = None
    """Any Int32, OR-ed flags included (``1,2`` is 3); None when not given."""
    issue_from: int | None = None
    issue_to: int | None = None
    """Already widened by a day less a minute, as the DAO does."""
    due_from: int | None = None
    due_to: int | None = None
    entity_type: str | None = None
    """``contact``, ``opportunity`` or ``case`` (lower-case), or None."""
    entity_id: int = 0
    """As given: may be negative, or non-zero without ``entity_type``."""
    currency: str | None = None
    """As given; the store compares it case-insensitively."""
    words: tuple[str, ...] = ()
    """``filterValue``'s first comma-part, lower-cased, split on spaces only."""
    start_index: int = 0
    """>= 0: the server's long, cut to an int as ``CRMApi`` does."""
    count: int = field(default_factory=lambda: spec_facts().max_count)
    """The caller's count, 0..1000 (``ApiContext.SpecifiedCount``); the page limit when not given."""
    sort_by: str | None = None
    """``sortBy``'s first value as sent; None when absent or empty."""
    descending: bool = False
    """``sortOrder``'s first value is exactly ``descending``."""


def values_by_name(items: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    """Lower-case parameter name -> its values in order (ASP.NET's case-insensitive NameValueCollection)."""
    values: dict[str, list[str]] = {}
    for name, value in items:
        values.setdefault(name.lower(), []).append(value)
    return values


def context_value(values: dict[str, list[str]], name: str) -> str | None:
    """``ApiContext.GetRequestValue``: ``name[]`` before ``name``; one value is split at ``,``; the first part."""
    found = values.get(name + "[]") or values.get(name)
    if not found:
        return None
    return found[0].split(",")[0] if len(found) == 1 and found[0] else found[0]


def parse_count(text: str | None) -> int:
    """``ulong.TryParse``: anything that is not an unsigned number (or above 2^64-1) is the default 1000."""
    max_count = spec_facts().max_count
    match = _UNSIGNED.fullmatch(text or "")
    if match is None or len(match[1].lstrip("0")) > 20 or int(match[1]) >= 2**64:
        return max_count
    return min(int(match[1]), max_count)


def parse_start_index(text: str | None) -> int:
    """``ApiContext.StartIndex``: ``long.TryParse`` (else 0), then ``max(0, n)``; the envelope echoes this."""
    match = _INTEGER.fullmatch(text or "")
    if match is None or len(match[2].lstrip("0")) > 19:
        return 0
    value = int(match[1] + match[2])
    return max(0, value) if value < 2**63 else 0


def as_dao_index(start_index: int) -> int:
    """``(int)_context.StartIndex`` in ``CRMApi`` (unchecked, so it wraps); a wrapped negative reads as 0."""
    return max(0, (start_index + 2**31) % 2**32 - 2**31)


def try_int32(text: str) -> int | None:
    """``int.TryParse``: the number (signs and surrounding white space allowed), None when it is none or
    outside Int32's range."""
    try:
        return parse_int32(text)
    except ApiError:
        return None


def parse_int32(text: str) -> int:
    """``int`` binding of ``entityid``: a FormatException or OverflowException becomes a 400."""
    match = _INTEGER.fullmatch(text)
    if match is None:
        raise ApiError(400, "Input string was not in a correct format.", FORMAT_EXCEPTION)
    digits = match[2].lstrip("0") or "0"
    if len(digits) > 10 or not INT32[0] <= int(match[1] + digits) <= INT32[1]:
        raise ApiError(400, "Value was either too large or too small for an Int32.", OVERFLOW_EXCEPTION)
    return int(match[1] + digits)


def _enum_part(part: str) -> int:
    """``Enum.Parse(typeof(InvoiceStatus), part, ignoreCase: true)``: a member name or any Int32."""
    text = part.strip()
    if not text:
        raise ApiError(400, "Must specify valid information for parsing in the string.", ARGUMENT_EXCEPTION)
    if text[0].isdigit() or text[0] in "+-":
        match = _INTEGER.fullmatch(text)
        if match is not None:
            return parse_int32(text)
    names = spec_facts().status_names
    if text.lower() in names:
        return int(names[text.lower()])
    raise ApiError(400, f"Requested value '{text}' was not found.", ARGUMENT_EXCEPTION)


def parse_status(text: str) -> int:
    """``LocalizedEnumConverter``: a neutral title (exact case), else .NET's ``EnumConverter``, which splits
    at ``,``, parses each part as a name (any case) or a number, and ORs them (``1,2`` is 3)."""
    by_title = spec_facts().status_by_title
    if text in by_title:
        return by_title[text]
    stripped = text.strip()
    if "," not in stripped:
        return _enum_part(stripped)
    combined = 0
    for part in stripped.split(","):
        combined |= _enum_part(part)
    return (combined + 2**31) % 2**32 - 2**31


def parse_date(text: str, portal_offset_minutes: int) -> int:
    """``ApiDateTime.Parse``: an instant in microseconds since the epoch; no offset means the portal's zone."""
    if len(text) < 7:
        raise ApiError(400, "invalid date time format", ARGUMENT_EXCEPTION)
    invalid = ApiError(400, f"invalid date time format: {text}", ARGUMENT_EXCEPTION)
    match = _DATE.fullmatch(text)
    if match is None:
        raise invalid
    year, month, day, hour, _, minute, second, fraction, zone = match.groups()
    try:
        local = dt.datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0))
    except ValueError:
        raise invalid from None
    # Integer arithmetic: extreme dates with an offset cannot overflow as datetimes would.
    micros = (local - EPOCH) // dt.timedelta(microseconds=1) + int((fraction or "0").ljust(7, "0")) // 10
    sign = -1 if zone and zone[0] == "-" else 1
    offset = 0 if zone in (None, "Z") else sign * (int(zone[1:3]) * 60 + int(zone[4:6]))
    instant = micros - offset * MINUTE  # AdjustToUniversal
    if not MIN_INSTANT <= instant <= MAX_INSTANT:
        raise invalid  # TryParseExact fails when the UTC time leaves DateTime's range
    # The offset is read a second time with TimeSpan.TryParse, which takes hours up to 23 only; without it (no
    # offset, or hours 24..99) and without a `Z`, the portal's offset is subtracted too (ApiDateTime.cs:88-100).
    if zone == "Z" or (zone is not None and abs(offset) < 24 * 60):
        return instant
    instant -= portal_offset_minutes * MINUTE
    if not MIN_INSTANT <= instant <= MAX_INSTANT:
        raise ApiError(
            400,
            "The added or subtracted value results in an un-representable DateTime.\r\nParameter name: value",
            ARGUMENT_OUT_OF_RANGE_EXCEPTION,
        )
    return instant


def parse_query(items: Iterable[tuple[str, str]], portal_offset_minutes: int) -> InvoiceQuery:
    """Build the query the server would run; raise :class:`ApiError` (400) where the server would."""
    values = values_by_name(items)

    def argument(name: str) -> str | None:
        """A method parameter: the first value; empty means not given."""
        found = values.get(name.lower())
        return found[0] if found and found[0] != "" else None

    dates: dict[str, int | None] = {}
    for name in ("issueDateFrom", "issueDateTo", "dueDateFrom", "dueDateTo"):
        text = argument(name)
        dates[name] = None if text is None else parse_date(text, portal_offset_minutes)
    status_text = argument("status")
    status = None if status_text is None else parse_status(status_text)
    entity_type = argument("entityType")
    if entity_type is not None:
        entity_type = entity_type.lower()
        if entity_type not in spec_facts().entity_types:
            raise ApiError(400, "Value does not fall within the expected range.", ARGUMENT_EXCEPTION)
    entity_id_text = argument("entityid")
    filter_value = context_value(values, "filtervalue") or ""
    sort_by = context_value(values, "sortby")
    return InvoiceQuery(
        status=status,
        issue_from=dates["issueDateFrom"],
        issue_to=None if dates["issueDateTo"] is None else dates["issueDateTo"] + TO_WIDENING,
        due_from=dates["dueDateFrom"],
        due_to=None if dates["dueDateTo"] is None else dates["dueDateTo"] + TO_WIDENING,
        entity_type=entity_type,
        entity_id=0 if entity_id_text is None else parse_int32(entity_id_text),
        currency=argument("currency"),
        words=tuple(word for word in filter_value.lower().split(" ") if word),
        start_index=as_dao_index(parse_start_index(context_value(values, "startindex"))),
        count=parse_count(context_value(values, "count")),
        sort_by=sort_by or None,
        descending=context_value(values, "sortorder") == "descending",
    )
