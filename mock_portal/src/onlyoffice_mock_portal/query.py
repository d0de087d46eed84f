"""Reading the filter's query string with the server's rules.

Two binders read the same query string differently (CommunityServer v12.7.1):

* the paging and search values (``count``, ``startIndex``, ``sortBy``, ``sortOrder``, ``filterValue``) come from
  ``ApiContext.GetRequestArray``: ``name[]`` first, else ``name``; a single value is split at ``,`` and the first
  part used; of repeated keys the first wins; nothing in them is ever a 400;
* the method parameters (``status``, the dates, ``entityType``, ``entityid``, ``currency``) come from
  ``ApiArgumentBuilder``: the first value of the key, never split; ``name[]`` is another key and ignored.

Parameter names are case-insensitive in both. Which parameters there are, and each one's type, is the spec's:
:data:`PARAMETER_HANDLERS` says what the mock does with each, and :func:`unhandled_parameters` names every
parameter of the spec it lacks.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from types import MappingProxyType
from typing import Any, Literal

import onlyoffice_crm_spec as spec

from .errors import ARGUMENT_EXCEPTION, ARGUMENT_OUT_OF_RANGE_EXCEPTION, FORMAT_EXCEPTION, OVERFLOW_EXCEPTION, ApiError
from .spec_facts import spec_facts
from .wire import EPOCH
from .zone import Zone, as_zone

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
    fields: tuple[str, ...] | None = None
    """``fields``: the lower-case member names each invoice keeps; None when not given (everything)."""
    item_type: str | None = None
    """``type``: only items whose data-contract name is this are kept; None when absent or empty."""
    filter_by: tuple[str, ...] = ()
    """``filterBy``'s property paths (comma-split): an in-memory filter, on the in-memory sort path only."""
    filter_op: str = "equals"
    """``filterOp`` as ``FilterOperation`` (lower-case), ``equals`` when absent or unknown."""
    filter_values: tuple[str, ...] = ()
    """``filterValue`` as ``ApiContext.FilterValues``: every comma part (or every ``filterValue[]``)."""


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


def context_array(values: dict[str, list[str]], name: str) -> list[str] | None:
    """``ApiContext.GetRequestArray``: ``name[]``'s values, else ``name``'s (one non-empty value split at ``,``)."""
    found = values.get(name + "[]") or values.get(name)
    if not found:
        return None
    return found[0].split(",") if len(found) == 1 and found[0] else found


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


def parse_date(text: str, portal_zone: Zone) -> int:
    """``ApiDateTime.Parse``: an instant in microseconds since the epoch; no offset means the portal's zone, with
    the offset in force at that local time (daylight saving included: ``zone.py``)."""
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
    instant -= as_zone(portal_zone).offset_of_local(instant) * MINUTE
    if not MIN_INSTANT <= instant <= MAX_INSTANT:
        raise ApiError(
            400,
            "The added or subtracted value results in an un-representable DateTime.\r\nParameter name: value",
            ARGUMENT_OUT_OF_RANGE_EXCEPTION,
        )
    return instant


Binder = Literal["context", "argument"]
"""``context``: read by ``ApiContext`` (``name[]`` first, the first comma-part); ``argument``: a method
parameter bound by ``ApiArgumentBuilder`` (the first value, never split)."""


@dataclass(frozen=True)
class ParameterHandler:
    """What the mock portal does with one query parameter of the spec's filter operation."""

    binder: Binder
    meaning: Callable[[Any], dict[str, Any]]
    """The bound value -> the :class:`InvoiceQuery` fields it sets; it may raise :class:`ApiError` (the checks
    in the method's body, which run once every parameter is bound)."""
    read: Callable[[str | None], Any] | None = None
    """A ``context`` parameter's reading of its value (None when absent); an ``argument`` is read by its type
    in the spec (:func:`argument_reader`), and is not given when absent or empty."""


def _entity_type(text: str) -> dict[str, Any]:
    entity_type = text.lower()
    if entity_type not in spec_facts().entity_types:
        raise ApiError(400, "Value does not fall within the expected range.", ARGUMENT_EXCEPTION)
    return {"entity_type": entity_type}


PARAMETER_HANDLERS: Mapping[str, ParameterHandler] = MappingProxyType({
    "status": ParameterHandler("argument", lambda status: {"status": status}),
    "issueDateFrom": ParameterHandler("argument", lambda instant: {"issue_from": instant}),
    "issueDateTo": ParameterHandler("argument", lambda instant: {"issue_to": instant + TO_WIDENING}),
    "dueDateFrom": ParameterHandler("argument", lambda instant: {"due_from": instant}),
    "dueDateTo": ParameterHandler("argument", lambda instant: {"due_to": instant + TO_WIDENING}),
    "entityType": ParameterHandler("argument", _entity_type),
    "entityid": ParameterHandler("argument", lambda entity_id: {"entity_id": entity_id}),
    "currency": ParameterHandler("argument", lambda text: {"currency": text}),
    "filterValue": ParameterHandler(
        "context", lambda text: {"words": tuple(word for word in text.lower().split(" ") if word)},
        read=lambda text: text or "",
    ),
    "startIndex": ParameterHandler(
        "context", lambda index: {"start_index": index}, read=lambda text: as_dao_index(parse_start_index(text))
    ),
    "count": ParameterHandler("context", lambda count: {"count": count}, read=parse_count),
    "sortBy": ParameterHandler("context", lambda text: {"sort_by": text or None}, read=lambda text: text),
    "sortOrder": ParameterHandler("context", lambda text: {"descending": text == "descending"}, read=lambda text: text),
})  # fmt: skip
"""Spec parameter name -> what the mock does with it; :func:`unhandled_parameters` compares it with the spec."""

ArgumentReader = Callable[[str, Zone], Any]
"""A method parameter's text and the portal's zone (or fixed offset in minutes) -> the bound value."""
_ENUM_READERS: dict[str, ArgumentReader] = {"InvoiceStatusId": lambda text, _: parse_status(text)}
"""Enum components bound by a converter of their own (``LocalizedEnumConverter``)."""


def argument_reader(schema: Mapping[str, Any]) -> ArgumentReader | None:
    """How the server binds a method parameter of this spec schema (None: a type the mock cannot read)."""
    ref = schema.get("$ref")
    if isinstance(ref, str) and ref.rsplit("/", 1)[-1] in _ENUM_READERS:
        return _ENUM_READERS[ref.rsplit("/", 1)[-1]]
    resolved = spec.resolve(dict(schema))
    kind = resolved.get("type")
    if kind == "string" and resolved.get("format") == "date-time":
        return parse_date
    if kind == "integer" and resolved.get("format", "int32") == "int32" and "enum" not in resolved:
        return lambda text, _: parse_int32(text)
    if kind == "string":
        return lambda text, _: text
    return None


@dataclass(frozen=True)
class Parameter:
    """A query parameter of the spec the mock handles: its name, how it is matched, its handler and reader."""

    name: str
    key: str
    """The lower-case name the query string is matched by."""
    handler: ParameterHandler
    reader: ArgumentReader | None


@cache
def parameters() -> tuple[Parameter, ...]:
    """The spec's query parameters the mock handles, in the spec's (the method signature's) order."""
    found = []
    for parameter in spec.operation(spec.FILTER_PATH, "get").get("parameters", []):
        handler = PARAMETER_HANDLERS.get(parameter["name"])
        if parameter["in"] != "query" or handler is None:
            continue
        reader = argument_reader(parameter.get("schema", {})) if handler.binder == "argument" else None
        if handler.binder == "argument" and reader is None:
            continue
        found.append(Parameter(parameter["name"], parameter["name"].lower(), handler, reader))
    return tuple(found)


def unhandled_parameters() -> list[str]:
    """One line per query parameter of the spec's filter the mock does not handle (or cannot read), and per
    handler of a parameter the spec lacks; empty when the two agree."""
    operation = f"GET {spec.FILTER_PATH}"
    home = "the mock portal (onlyoffice_mock_portal/query.py)"
    named = spec.query_parameter_names(spec.FILTER_PATH)
    handled = {parameter.name for parameter in parameters()}
    gaps = []
    for name in named:
        if name not in PARAMETER_HANDLERS:
            gaps.append(f"spec parameter `{name}` of {operation}: {home} does not handle it")
        elif name not in handled:
            gaps.append(f"spec parameter `{name}` of {operation}: {home} cannot read its type")
    gaps += [f"{home} handles parameter `{name}`, which {operation} in the spec lacks"
             for name in PARAMETER_HANDLERS if name not in named]  # fmt: skip
    return gaps


def parse_query(
    items: Iterable[tuple[str, str]], portal_zone: Zone, security_filter: Callable[[], None] | None = None
) -> InvoiceQuery:
    """Build the query the server would run; raise where the server would: :class:`AspNetError` while the
    context is built (a bad ``updatedSince``), then :class:`ApiError` (400) at the first parameter that does
    not bind (in the method's order), then whatever ``security_filter`` raises (the API's filters run once the
    arguments are bound, ``ApiManager.cs:66,80``), then in the method's checks (``entityType``,
    ``CRMApi.Invoices.cs:143-147``)."""
    values = values_by_name(items)
    generic: dict[str, Any] = {}
    for name in generic_parameter_names():
        read_generic = GENERIC_PARAMETER_HANDLERS.get(name)
        if read_generic is not None:
            generic.update(read_generic(values))
    bound: list[tuple[ParameterHandler, Any]] = []
    for parameter in parameters():
        handler = parameter.handler
        if parameter.reader is None:  # a context value: always read (None when absent)
            if handler.read is not None:
                bound.append((handler, handler.read(context_value(values, parameter.key))))
            continue
        found = values.get(parameter.key)
        if found and found[0] != "":  # a method parameter: the first value; empty means not given
            bound.append((parameter.handler, parameter.reader(found[0], portal_zone)))
    if security_filter is not None:
        security_filter()
    fields: dict[str, Any] = dict(generic)
    for handler, value in bound:
        fields.update(handler.meaning(value))
    return InvoiceQuery(**fields)


# --- the generic parameters every list reads (the spec's x-generic-parameters) ----------------------------------

GENERIC_PARAMETERS_KEY = "x-generic-parameters"
_FILTER_OPERATIONS = ("contains", "equals", "endswith", "startswith", "present")
"""``FilterOperation``'s members in order (``SmartList.cs:496-503``): ``Enum.Parse`` also takes their numbers."""
_AMERICAN_FORMATS = ("%m/%d/%Y", "%m/%d/%Y %H:%M", "%m/%d/%Y %H:%M:%S", "%m/%d/%Y %I:%M %p", "%m/%d/%Y %I:%M:%S %p",
                     "%Y/%m/%d", "%Y-%m-%d %H:%M", "%d %B %Y", "%B %d, %Y", "%d %b %Y", "%b %d, %Y")  # fmt: skip


class AspNetError(Exception):
    """A failure outside the API's error handling: ASP.NET answers 500 with its own HTML error page
    (``ApiHttpHandlerBase.cs:118``, ``Studio/Web.config:144-147``), not the envelope."""


def converts_to_datetime(text: str) -> bool:
    """Whether ``Convert.ToDateTime`` (``DateTime.Parse``, en-US culture) reads ``text``: ISO 8601 with or
    without time and offset, the US ``M/d/yyyy`` forms and month names. An approximation of .NET's lenient
    parser, good for what clients send."""
    value = text.strip()
    if not value:
        return False
    try:
        dt.datetime.fromisoformat(value.replace("Z", "+00:00") if value.endswith("Z") else value)
    except ValueError:
        pass
    else:
        return True
    for pattern in _AMERICAN_FORMATS:
        try:
            dt.datetime.strptime(value, pattern)
        except ValueError:
            continue
        return True
    return False


def _updated_since(values: dict[str, list[str]]) -> dict[str, Any]:
    """``ApiContext.cs:86-90``: ``Convert.ToDateTime`` in the constructor; a valid value does nothing here (the
    database path clears it, the compiled filter never reads it: ``CompiledSmartList.cs:200-320``)."""
    text = context_value(values, "updatedsince")
    if text is not None and not converts_to_datetime(text):
        raise AspNetError(f"String was not recognized as a valid DateTime: {text!r}")
    return {}


def _filter_by(values: dict[str, list[str]]) -> dict[str, Any]:
    """``ApiContext.cs:80,83``: the property paths and every ``filterValue`` part (``CompiledSmartList.cs
    :114-131,214-236``); the store applies them on the in-memory sort path only (``CRMApi.Invoices.cs:187``
    clears them on the database path), when every value part is non-empty (``SmartList.cs:372-375``)."""
    paths = context_value(values, "filterby")
    filter_values = tuple(context_array(values, "filtervalue") or ())
    if not paths or not filter_values or not all(filter_values):
        return {}
    return {"filter_by": tuple(paths.split(",")), "filter_values": filter_values}


def _filter_op(values: dict[str, list[str]]) -> dict[str, Any]:
    """``SmartList.GetFilterOperation`` (``:423-438``): ``Enum.Parse`` ignoring case, else ``Equals``."""
    text = (context_value(values, "filterop") or "").strip().lower()
    if text.isdigit() and int(text) < len(_FILTER_OPERATIONS):
        return {"filter_op": _FILTER_OPERATIONS[int(text)]}
    return {"filter_op": text if text in _FILTER_OPERATIONS else "equals"}


def _fields(values: dict[str, list[str]]) -> dict[str, Any]:
    """``ApiContext.cs:84`` (``GetRequestArray``); ``SerializerContractResolver`` keeps the named members,
    ignoring case, when any are named."""
    names = context_array(values, "fields")
    return {"fields": tuple(name.lower() for name in names)} if names else {}


def _item_type(values: dict[str, list[str]]) -> dict[str, Any]:
    """``ApiContext.cs:78``; ``CompiledSmartList.cs:134-137`` keeps items whose data-contract name is it."""
    return {"item_type": context_value(values, "type") or None}


GENERIC_PARAMETER_HANDLERS: Mapping[str, Callable[[dict[str, list[str]]], dict[str, Any]]] = MappingProxyType({
    "fields": _fields,
    "type": _item_type,
    "updatedSince": _updated_since,
    "filterBy": _filter_by,
    "filterOp": _filter_op,
})  # fmt: skip
"""Name in the spec's ``x-generic-parameters`` -> the :class:`InvoiceQuery` fields it sets from the query."""


def generic_parameters() -> Mapping[str, Any]:
    """The spec's ``x-generic-parameters`` of the filter: name -> its entry (the ``description`` left out)."""
    entries = spec.operation(spec.FILTER_PATH, "get").get(GENERIC_PARAMETERS_KEY, {})
    return {name: entry for name, entry in entries.items() if name != "description"}


def item_type_kept() -> str | None:
    """The data-contract name of the list's items, the one ``type`` value that keeps them (``keeps`` of
    ``type`` in ``x-generic-parameters``; ``InvoiceWrapper.cs:38``); None when the spec does not say."""
    kept = generic_parameters().get("type", {}).get("keeps")
    return str(kept) if kept is not None else None


def members_without_id() -> frozenset[str]:
    """The invoice members whose nested wrapper loses its ``id`` under ``fields`` unless ``id`` is named."""
    entry = generic_parameters().get("fields", {}).get("without-id-unless-named", {})
    return frozenset(str(name) for name in entry.get("members", []))


def generic_parameter_names() -> tuple[str, ...]:
    """The generic parameters' names, in spec order."""
    return tuple(generic_parameters())


def unhandled_generic_parameters() -> list[str]:
    """One line per generic parameter of the spec the mock does not handle, and per handler the spec lacks."""
    home = "the mock portal (onlyoffice_mock_portal/query.py, GENERIC_PARAMETER_HANDLERS)"
    named = generic_parameter_names()
    return [f"spec generic parameter `{name}` ({GENERIC_PARAMETERS_KEY}): {home} does not handle it"
            for name in named if name not in GENERIC_PARAMETER_HANDLERS] + [
        f"{home} handles `{name}`, which {GENERIC_PARAMETERS_KEY} in the spec lacks"
        for name in GENERIC_PARAMETER_HANDLERS if name not in named]  # fmt: skip


def unbound_in_order() -> list[str]:
    """One line when the mock binds the method parameters in another order than the spec's ``x-binding-order``
    (``ApiArgumentBuilder.cs:47-73`` reports the first that fails in that order)."""
    order = spec.operation(spec.FILTER_PATH, "get").get("x-binding-order", {}).get("order", [])
    bound = [parameter.name for parameter in parameters() if parameter.handler.binder == "argument"]
    if [name for name in bound if name in order] == [name for name in order if name in bound]:
        return []  # a parameter on one side only is named by unhandled_parameters
    return [f"the mock portal (onlyoffice_mock_portal/query.py) binds {bound}, x-binding-order says {list(order)}"]
