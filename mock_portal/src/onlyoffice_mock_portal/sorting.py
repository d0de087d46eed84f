"""What ``sortBy`` means to the server, and its in-memory sort by a property name of the invoice wrapper.

``CRMApi.Invoices.cs``: ``InvoiceSortedByType.TryParse(sortBy, ignoreCase)`` picks a database sort (numbers
go through ``Enum.TryParse`` too; one that is no member sorts by number ascending); an empty ``sortBy`` sorts
by number ascending whatever ``sortOrder`` says; anything else fetches every match unpaged (in number
order) and ``CompiledSmartList`` sorts it by the property path, case-insensitively: it stops at the first
unknown name, drops items whose reference-type properties on the path are null, and a value that is not
``IComparable`` fails the request with a 500 once two items have to be compared. LINQ's sorts are stable.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np
import numpy.typing as npt

import onlyoffice_crm_spec as spec

from .caller import PERMISSIONS
from .columns import InvoiceData, SharedTable
from .errors import ARGUMENT_EXCEPTION, ApiError
from .fields import COMPARABLE_KINDS, INVOICE_SCHEMA, field_named, property_kinds
from .query import try_int32
from .wire import wire_to_micros

DATABASE_SORTS = ("number", "issueDate", "contact", "dueDate", "status", "id")
"""``InvoiceSortedByType`` (``Crm/Core/Enums/SortedByType.cs``) in member order, so a number is its index; ``Id``
is new in v12.7.0. The spec lists the same names (``x-database-keys``) but not the members' numbers."""
_BY_NAME = {name.lower(): name for name in DATABASE_SORTS}
SORT_SCHEMA = "InvoiceSortBy"
NOT_COMPARABLE = "At least one object must implement IComparable."


@cache
def unstable_sorts() -> frozenset[str]:
    """The database sorts without a tie-breaker under ``LIMIT``: the spec's keys that are no total order."""
    schema = spec.component_schema(SORT_SCHEMA)
    return frozenset(schema["x-database-keys"]) - frozenset(schema["x-total-orders"])


def unhandled_sort_keys() -> list[str]:
    """One line per database sort key of the spec the mock does not sort by, and per one it has that the spec
    lacks (the spec does not number them, so the mock lists them in the server's member order)."""
    spec_keys = spec.component_schema(SORT_SCHEMA)["x-database-keys"]
    home = "the mock portal (onlyoffice_mock_portal/sorting.py)"
    return [f"spec sort key `{key}` (x-database-keys of {SORT_SCHEMA}): {home} does not sort by it"
            for key in spec_keys if key not in DATABASE_SORTS] + [
        f"{home} sorts by the database key `{key}`, which x-database-keys of {SORT_SCHEMA} lacks"
        for key in DATABASE_SORTS if key not in spec_keys]  # fmt: skip


@dataclass(frozen=True)
class DatabaseSort:
    """A sort the DAO runs in SQL; ``honours_order`` is False where the server sorts number ascending regardless."""

    key: str
    honours_order: bool = True


@dataclass(frozen=True)
class PropertySort:
    """The in-memory sort by a property path: (wire key, kind) per step; empty when the first name is unknown."""

    path: tuple[tuple[str, str], ...]


def parse_sort(sort_by: str | None) -> DatabaseSort | PropertySort:
    """How the server sorts for this ``sortBy`` (its first value, as sent)."""
    if not sort_by:
        return DatabaseSort("number", honours_order=False)
    text = sort_by.strip()  # Enum.TryParse trims
    value = try_int32(text) if text[:1].isdigit() or text[:1] in "+-" else None
    if value is not None:
        if 0 <= value < len(DATABASE_SORTS):
            return DatabaseSort(DATABASE_SORTS[value])
        return DatabaseSort("number", honours_order=False)  # parses, but Enum.IsDefined is false: the default
    if text.lower() in _BY_NAME:
        return DatabaseSort(_BY_NAME[text.lower()])
    return PropertySort(_property_path(sort_by.lower()))


def is_paged_sort(sort_by: str | None) -> bool:
    """Whether ``CRMApi.GetInvoices`` lets the DAO page (a database sort); otherwise every match is fetched and
    sorted in memory."""
    return isinstance(parse_sort(sort_by), DatabaseSort)


def _property_path(text: str) -> tuple[tuple[str, str], ...]:
    steps: list[tuple[str, str]] = []
    wrapper = INVOICE_SCHEMA
    wrappers = property_kinds()
    for name in text.split("."):
        found = wrappers.get(wrapper, {}).get(name)
        if found is None:
            break
        steps.append(found)
        wrapper = found[1]
    return tuple(steps)


def culture_key(text: str) -> tuple[str, str, str]:
    """An approximation of .NET's culture-aware string order: letters first, then accents, lower case first."""
    base = "".join(char for char in unicodedata.normalize("NFKD", text) if not unicodedata.combining(char))
    return (base.lower(), text.lower(), text.swapcase())


def _ranks(values: list[Any], kind: str) -> npt.NDArray[np.int64]:
    """Dense ranks of values (None ranks -1) in the order .NET compares that kind."""
    present = sorted({value for value in values if value is not None}, key=_sort_key(kind))
    rank = {value: index for index, value in enumerate(present)}
    return np.array([-1 if value is None else rank[value] for value in values], dtype=np.int64)


def _sort_key(kind: str) -> Callable[[Any], Any]:
    if kind == "str":
        return culture_key
    if kind == "date":
        return wire_to_micros
    return lambda value: value


class PropertySorter:
    """Sorts matches by a property path over the columns and shared tables."""

    def __init__(self, data: InvoiceData) -> None:
        self._data = data

    def order(self, matches: npt.NDArray[np.int64], sort: PropertySort, descending: bool) -> npt.NDArray[np.int64]:
        """The matches (in number order) as the server's SmartList orders them; raises ApiError 500 like it."""
        if not sort.path:
            return matches  # the sort expression does not compile: the fallback sorts by null, a no-op
        keys, kept = self._keys(matches, sort.path)
        matches = matches[kept]
        if sort.path[-1][1] not in COMPARABLE_KINDS:
            if len(matches) > 1:
                raise ApiError(500, NOT_COMPARABLE, ARGUMENT_EXCEPTION)
            return matches
        keys = keys[kept]
        order = np.argsort(-keys if descending else keys, kind="stable")
        return matches[order]

    def _keys(self, matches: npt.NDArray[np.int64], path: tuple[tuple[str, str], ...]) -> tuple[Any, Any]:
        data = self._data
        first_key = path[0][0]
        field = field_named()[first_key]
        kept = np.ones(len(matches), dtype=np.bool_)
        if field.kind in ("object", "json"):
            table = data.tables[field.table]
            rows = data.columns[first_key][matches].astype(np.int64)
            kept &= rows >= 0
            if len(path) == 1:
                return np.zeros(len(matches), dtype=np.int64), kept
            row_keys = self._table_keys(table, path[1:])
            keys = row_keys[np.maximum(rows, 0)]
            return keys, kept & (keys >= 0)
        keys = self._column_keys(matches, first_key)
        if field.kind == "text":  # a null string is dropped, as a null reference on the path is
            kept &= keys >= 0
        return keys, kept

    @staticmethod
    def _table_keys(table: SharedTable, path: tuple[tuple[str, str], ...]) -> npt.NDArray[np.int64]:
        """Per table row, the rank of the value at the path; -1 where a step is null (the row is dropped)."""
        values: list[Any] = []
        for row in table.objects:
            value: Any = row
            for key, _ in path:
                value = value.get(key) if isinstance(value, dict) else None
            values.append(value if not isinstance(value, (dict, list)) else id(value))
        kind = path[-1][1]
        if kind not in COMPARABLE_KINDS:
            return np.array([-1 if value is None else 0 for value in values], dtype=np.int64)
        return _ranks(values, kind)

    def _column_keys(self, matches: npt.NDArray[np.int64], key: str) -> npt.NDArray[np.int64]:
        """The sort keys of a value or text field (a null value, of a nullable number, sorts first)."""
        data = self._data
        field = field_named()[key]
        column = data.columns[key]
        if key in PERMISSIONS:  # computed for the caller from the creator and the status, as the renderer writes them
            return PERMISSIONS[key](data, matches).astype(np.int64)
        if field.unique_text:
            texts = [text.decode("utf-8", "surrogatepass") for text in column[matches].tolist()]
            return _ranks(texts, "str")
        if field.kind == "text":
            ranks: npt.NDArray[np.int64] = _ranks([*data.texts[key], None], "str")[column[matches]]
            return ranks  # code -1 is the None at the end
        keys = column[matches].astype(np.int64)
        nulls = data.nulls.get(key)
        if nulls is not None:
            keys = np.where(nulls[matches], np.iinfo(np.int64).min, keys)
        return keys
