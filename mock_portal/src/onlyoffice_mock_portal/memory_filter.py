"""``filterBy``/``filterOp`` as the server's compiled smart list applies them on the in-memory sort path.

``CompiledSmartList.cs:214-236`` builds ``items.Where(item => Satisfy(op, filterValues, item.<path>.ToString()))``
per property path of ``filterBy`` (OR-ed), with a null check along the path; ``Satisfy`` (``:41-78``) compares
the property's text with every part of ``filterValue`` and keeps the item when one matches. The text of a
value is what .NET's ``ToString(InvariantCulture)`` writes: a decimal keeps its scale (``1250.50``), a bool is
``True``/``False``, a date is the wire text (``ApiDateTime.ToString``). A nested object is no string and
matches nothing here.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

OPERATIONS: dict[str, Callable[[str, str], bool]] = {
    "contains": lambda value, wanted: wanted.casefold() in value.casefold(),
    "equals": lambda value, wanted: value.casefold() == wanted.casefold(),
    "endswith": lambda value, wanted: value.casefold().endswith(wanted.casefold()),
    "startswith": lambda value, wanted: value.casefold().startswith(wanted.casefold()),
    "present": lambda value, wanted: wanted in value,
}


def _text(value: Any) -> str | None:
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, (str, int)):
        return str(value)
    return None  # null (dropped by the null check) or an object (its ToString is a type name)


def _value_at(invoice: dict[str, Any], path: str) -> tuple[bool, Any]:
    """(whether the path resolved, the value): names are matched ignoring case, as ``GetPropertyInfo`` does,
    and the path stops at its first unknown name (``SmartList.cs:468-492``)."""
    value: Any = invoice
    found = False
    for name in path.split("."):
        if not isinstance(value, dict):
            return found, None
        key = next((key for key in value if key.lower() == name.lower()), None)
        if key is None:
            break
        value, found = value[key], True
    return found, value


def keeps(invoice_json: bytes, paths: Sequence[str], operation: str, wanted: Sequence[str]) -> bool:
    """Whether the invoice (its wire JSON) passes the filter."""
    invoice = json.loads(invoice_json, parse_float=str)  # a decimal's text keeps its scale
    compare = OPERATIONS.get(operation, OPERATIONS["equals"])
    for path in paths:
        found, value = _value_at(invoice, path)
        text = _text(value) if found else None
        if text is not None and any(compare(text, part) for part in wanted):
            return True
    return False
