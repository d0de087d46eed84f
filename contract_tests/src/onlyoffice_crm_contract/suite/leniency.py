"""Where a real portal knowingly accepts what the spec tells clients not to send, parameter by parameter.

The spec describes what a client should send; the server is more forgiving in the ways listed in ``TABLE``
(from the reference, read from the server's source). A negative test case answered 2xx is excused only when
EVERY parameter it mutated (as ``case.meta`` records it) has an entry here whose ``accepts`` holds for the
value sent; anything else still goes to schemathesis' own ``negative_data_rejection``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from jsonschema import Draft202012Validator

import onlyoffice_crm_spec as spec

INT32 = range(-(2**31), 2**31)
EMPTY_VALUE_REASON = "an empty value is taken as 'not given' by the server's binder"
EMPTY_CONTAINER_REASON = "an empty object or array puts nothing on the wire: the parameter was not sent"


@dataclass(frozen=True)
class Leniency:
    """Why the server answers 2xx, and for which (first) values of the parameter it does."""

    reason: str
    accepts: Callable[[str], bool]


def _is_int32(text: str) -> bool:
    return re.fullmatch(r"\s*[+-]?\d+\s*", text, re.ASCII) is not None and int(text) in INT32


def _is_status_word(text: str) -> bool:
    """A neutral title with its exact case, else a comma list of numbers and enum names in any case (ORed)."""
    if text.strip() in spec.component_schema("InvoiceStatusId")["x-enum-titles"]:
        return True
    names = {name.lower() for name in spec.enum_members("InvoiceStatusId")}
    return all(part.strip().lower() in names or _is_int32(part) for part in text.split(","))


def _is_entity_type(text: str) -> bool:
    return text.lower() in spec.enum_values("EntityTypeFilter")


_SERVER_DATE = re.compile(spec.component_schema("QueryDateTime")["pattern"], re.ASCII)


def _is_server_date(text: str) -> bool:
    """One of ApiDateTime's formats with a real calendar date and clock time."""
    if _SERVER_DATE.fullmatch(text) is None:
        return False
    digits = [int(part) for part in re.findall(r"\d+", text[:19])]
    try:
        year, month, day, hour, minute, second = [*digits, 0, 0, 0][:6]
        dt.datetime(year, month, day, hour, minute, second)
    except (TypeError, ValueError):
        return False
    return True


def _anything(text: str) -> bool:
    return True


_DATE = Leniency(
    "ApiDateTime also reads offset-less and date-only values (in the portal's time zone), which RFC 3339 "
    "`format: date-time` forbids",
    _is_server_date,
)
# Parameters the server is no more lenient about than the spec says (a value the spec forbids is a 400, or
# the spec already allows any text); with TABLE they cover the operation's parameters exactly (a test checks).
STRICT = frozenset({"entityid", "currency", "filterValue"})
TABLE: dict[str, Leniency] = {
    "count": Leniency(
        "ApiContext reads it with ulong.TryParse: out of range clamps to 0..1000, anything else is the default",
        _anything,
    ),
    "startIndex": Leniency("ApiContext reads it with long.TryParse: negative is 0, not a number is 0", _anything),
    "sortOrder": Leniency("every value but the exact `descending` sorts ascending", _anything),
    "sortBy": Leniency(
        "another value sorts in memory by that property, or keeps the default order (see x-known-defects)",
        _anything,
    ),
    "status": Leniency(
        "any Int32 parses as an InvoiceStatus (one outside 1..5 matches nothing); enum names in any case and a "
        "comma list of them are ORed as flags; the neutral titles are accepted with their exact case",
        _is_status_word,
    ),
    "entityType": Leniency("the server compares the entity type case-insensitively", _is_entity_type),
    "issueDateFrom": _DATE,
    "issueDateTo": _DATE,
    "dueDateFrom": _DATE,
    "dueDateTo": _DATE,
}


def _validators() -> dict[str, Draft202012Validator]:
    return {
        parameter["name"]: Draft202012Validator(
            spec.resolve(parameter["schema"]), format_checker=Draft202012Validator.FORMAT_CHECKER
        )
        for parameter in spec.operation(spec.FILTER_PATH, "get")["parameters"]
    }


_VALIDATORS = _validators()


def first_value(value: Any) -> str:
    """The text the server binds: the first of repeated values, JSON scalars as a query string writes them."""
    if isinstance(value, list):
        value = value[0] if value else ""
    if isinstance(value, bool):
        return str(value).lower()
    return "null" if value is None else str(value)


def invalid_parameters(query: dict[str, Any] | None) -> set[str]:
    """Names of the query parameters whose value the spec does not allow (when ``case.meta`` names none)."""
    invalid: set[str] = set()
    for name, value in (query or {}).items():
        validator = _VALIDATORS.get(name)
        if validator is None:
            invalid.add(name)
            continue
        text = first_value(value)
        schema = validator.schema
        integer = isinstance(schema, dict) and schema.get("type") == "integer"
        wire: Any = int(text) if integer and _is_int32(text) else text
        if isinstance(value, list) or not validator.is_valid(wire):
            invalid.add(name)
    return invalid


def leniency_reasons(mutated: set[str], query: dict[str, Any] | None) -> dict[str, str] | None:
    """Why a 2xx for this query is not a contract failure, per mutated parameter; None when it is one."""
    if not mutated:
        return None
    reasons: dict[str, str] = {}
    for name in sorted(mutated):
        if name not in (query or {}):
            return None  # a missing parameter: nothing here excuses it
        value = (query or {})[name]
        text = first_value(value)
        if isinstance(value, dict | list) and not value:
            reasons[name] = EMPTY_CONTAINER_REASON
        elif text == "":
            reasons[name] = EMPTY_VALUE_REASON
        elif name in TABLE and TABLE[name].accepts(text):
            reasons[name] = TABLE[name].reason
        else:
            return None
    return reasons
