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
from typing import Any

import numpy as np
import numpy.typing as npt

from .columns import InvoiceData, SharedTable
from .errors import ARGUMENT_EXCEPTION, ApiError
from .query import try_int32
from .wire import wire_to_micros

DATABASE_SORTS = ("number", "issueDate", "contact", "dueDate", "status", "id")
"""``InvoiceSortedByType`` (``Crm/Core/Enums/SortedByType.cs``) in member order, so a number is its index; ``Id``
is new in v12.7.0. The spec lists the same names (``x-database-keys``) but not the members' numbers."""
_BY_NAME = {name.lower(): name for name in DATABASE_SORTS}
NOT_COMPARABLE = "At least one object must implement IComparable."

# The wrapper classes' public properties (lower-case name -> wire key, kind). Kinds: "int", "bool", "money",
# "date", "guid" are value types or never null; "str" may be null; a class name is a nested wrapper.
_PROPERTIES: dict[str, dict[str, tuple[str, str]]] = {
    "Invoice": {
        "id": ("id", "int"), "status": ("status", "Status"), "number": ("number", "str"),
        "issuedate": ("issueDate", "date"), "templatetype": ("templateType", "int"),
        "contact": ("contact", "Contact"), "consignee": ("consignee", "Contact"), "entity": ("entity", "Entity"),
        "duedate": ("dueDate", "date"), "language": ("language", "str"), "currency": ("currency", "Currency"),
        "exchangerate": ("exchangeRate", "money"), "purchaseordernumber": ("purchaseOrderNumber", "str"),
        "terms": ("terms", "str"), "description": ("description", "str"), "fileid": ("fileID", "int"),
        "createon": ("createOn", "date"), "createby": ("createBy", "Employee"), "cost": ("cost", "money"),
        "canedit": ("canEdit", "bool"), "candelete": ("canDelete", "bool"),
    },
    "Status": {"id": ("id", "int"), "title": ("title", "str")},
    "Contact": {
        "id": ("id", "int"), "smallfotourl": ("smallFotoUrl", "str"), "mediumfotourl": ("mediumFotoUrl", "str"),
        "displayname": ("displayName", "str"), "iscompany": ("isCompany", "bool"),
        "accesslist": ("accessList", "List"), "isprivate": ("isPrivate", "bool"), "isshared": ("isShared", "bool"),
        "sharetype": ("shareType", "int"), "currency": ("currency", "Currency"), "canedit": ("canEdit", "bool"),
        "candelete": ("canDelete", "bool"),
    },
    "Entity": {"entitytype": ("entityType", "str"), "entityid": ("entityId", "int"),
               "entitytitle": ("entityTitle", "str")},
    "Currency": {"title": ("title", "str"), "symbol": ("symbol", "str"), "abbreviation": ("abbreviation", "str"),
                 "culturename": ("cultureName", "str"), "isconvertable": ("isConvertable", "bool"),
                 "isbasic": ("isBasic", "bool")},
    "Employee": {"id": ("id", "guid"), "displayname": ("displayName", "str"), "title": ("title", "str"),
                 "avatarsmall": ("avatarSmall", "str"), "profileurl": ("profileUrl", "str")},
}  # fmt: skip
_COMPARABLE = frozenset({"int", "bool", "money", "date", "guid", "str"})


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
    wrapper = "Invoice"
    for name in text.split("."):
        found = _PROPERTIES.get(wrapper, {}).get(name)
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
        if sort.path[-1][1] not in _COMPARABLE:
            if len(matches) > 1:
                raise ApiError(500, NOT_COMPARABLE, ARGUMENT_EXCEPTION)
            return matches
        keys = keys[kept]
        order = np.argsort(-keys if descending else keys, kind="stable")
        return matches[order]

    def _keys(self, matches: npt.NDArray[np.int64], path: tuple[tuple[str, str], ...]) -> tuple[Any, Any]:
        data = self._data
        first_key, first_kind = path[0]
        kept = np.ones(len(matches), dtype=np.bool_)
        if first_kind in _PROPERTIES or first_kind == "List":
            table, rows = self._nested(first_key, matches)
            kept &= rows >= 0
            if first_key in ("contact", "consignee"):  # a private contact the caller may not see is null too
                kept &= data.contact_visible[np.maximum(rows, 0)]
            if len(path) == 1:
                return np.zeros(len(matches), dtype=np.int64), kept
            row_keys = self._table_keys(table, path[1:])
            keys = row_keys[np.maximum(rows, 0)]
            return keys, kept & (keys >= 0)
        return self._column_keys(matches, first_key), kept

    def _nested(self, key: str, matches: npt.NDArray[np.int64]) -> tuple[SharedTable, npt.NDArray[np.int64]]:
        data = self._data
        tables = {"status": (data.status_table, data.status_rows), "contact": (data.contact_table, data.contacts),
                  "consignee": (data.contact_table, data.consignees), "entity": (data.entity_table, data.entities),
                  "currency": (data.currency_table, data.currencies),
                  "createBy": (data.employee_table, data.creators)}  # fmt: skip
        table, column = tables[key]
        return table, column[matches].astype(np.int64)

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
        if kind not in _COMPARABLE:
            return np.array([-1 if value is None else 0 for value in values], dtype=np.int64)
        return _ranks(values, kind)

    def _column_keys(self, matches: npt.NDArray[np.int64], key: str) -> npt.NDArray[np.int64]:
        data = self._data
        numeric: dict[str, npt.NDArray[Any]] = {
            "id": data.ids, "templateType": data.template, "fileID": data.file_ids,
            "exchangeRate": data.exchange_cents, "cost": data.cost_cents, "canEdit": data.can_edit,
            "canDelete": data.can_delete, "issueDate": data.issue, "dueDate": data.due, "createOn": data.created,
        }  # fmt: skip
        if key in numeric:
            return numeric[key][matches].astype(np.int64)
        coded: dict[str, tuple[npt.NDArray[np.int32], list[str]]] = {
            "language": (data.languages, data.language_list), "terms": (data.terms, data.terms_list),
            "purchaseOrderNumber": (data.purchase_orders, data.purchase_order_list),
            "description": (data.descriptions, data.description_list),
        }  # fmt: skip
        if key in coded:
            column, texts = coded[key]
            return _ranks(list(texts), "str")[column[matches]]
        numbers = [text.decode("utf-8", "surrogatepass") for text in data.numbers[matches].tolist()]
        return _ranks(numbers, "str")
