"""The invoice's fields, one declaration each, read from the spec's ``Invoice`` schema on first use.

:func:`invoice_fields` is the one table of them: the columns an invoice is kept in (:mod:`.columns`), the
``--data`` loader and its checks, the renderer, the in-memory sort, the record builder and the generator all
go through it. What the spec says of a field is read from it: the name and wire order, the kind (from the
type, the format, the referenced component), nullability (``anyOf`` with null) and integer bounds
(``format``, ``minimum``, ``maximum``); the rest of the schema (enum values, date patterns, required keys, the
nested objects) is checked by the spec's own JSON Schema (:mod:`.record_checks`). What the mock adds of its
own is in the two sets below, and the amounts its cents columns can hold.
:func:`property_kinds` is the same reading for the nested objects, as the server's in-memory sort sees them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType
from typing import Any, Literal

import numpy as np

import onlyoffice_crm_spec as spec

FieldKind = Literal["int", "bool", "money", "date", "text", "object", "json"]
"""How a field is kept and written: ``int`` (integer column), ``bool``, ``money`` (cents, two decimals),
``date`` (microseconds, written in the portal's zone), ``text`` (codes into a list of strings), ``object``
(rows of a shared table of JSON fragments), ``json`` (any other value, kept as its JSON)."""

VALUE_KINDS = frozenset({"int", "bool", "money", "date"})
"""Field kinds kept as plain values (a nullable one has a null mask), not as codes or rows."""
INVOICE_SCHEMA = "Invoice"
INT_FORMATS = {"int32": (-(2**31), 2**31 - 1), "int64": (-(2**63), 2**63 - 1)}
"""The bounds of an integer ``format``; an integer without one is an int64 here."""
MAX_AMOUNT = 10**15
"""Amounts are kept in cents as 64-bit integers: from this size on they cannot be served."""
SHORT_ZERO = frozenset({"cost"})
"""Money fields the server writes as ``0.0`` when zero (the cost of an invoice without lines), not ``0.00``."""
UNIQUE_TEXTS = frozenset({"number"})
"""Text fields that differ per invoice, kept as one UTF-8 array rather than codes (the store indexes them)."""


@dataclass(frozen=True)
class InvoiceField:
    """One property of the spec's ``Invoice``, as the mock stores, checks, writes and sorts it."""

    name: str
    """The wire key."""
    kind: FieldKind
    nullable: bool
    """The spec allows ``null`` (``anyOf`` with ``type: null``)."""
    schema: str | None
    """The component the property refers to (``Money``, ``ContactBase``...), None for an inline schema."""
    bounds: tuple[int, int] | None = None
    """``int``: the inclusive range (``format``, ``minimum``, ``maximum``); ``money``: the amounts the cents
    column can hold, exclusive (``-MAX_AMOUNT``, ``MAX_AMOUNT``)."""
    short_zero: bool = False
    """``money``: zero is written ``0.0`` (:data:`SHORT_ZERO`)."""
    unique_text: bool = False
    """``text``: kept as one UTF-8 array (:data:`UNIQUE_TEXTS`)."""

    @property
    def table(self) -> str:
        """The shared table of an ``object`` or ``json`` field: its component's name (fields that refer to the
        same component share one), else the field's own name."""
        return self.schema if self.kind == "object" and self.schema else self.name

    @property
    def dtype(self) -> type[np.generic]:
        """The numpy type of the field's column."""
        if self.kind == "bool":
            return np.bool_
        if self.unique_text:
            return np.bytes_
        if self.kind in ("money", "date"):
            return np.int64
        if self.kind == "int" and self.bounds is not None:
            low, high = INT_FORMATS["int32"]
            return np.int32 if low <= self.bounds[0] and self.bounds[1] <= high else np.int64
        return np.int32


def _non_null(node: Mapping[str, Any]) -> tuple[Mapping[str, Any], bool]:
    """The schema without its ``null`` alternative, and whether there was one."""
    choices = node.get("anyOf") or node.get("oneOf")
    if choices:
        others = [choice for choice in choices if choice != {"type": "null"}]
        if len(others) == 1:
            return others[0], len(others) < len(choices)
    types = node.get("type")
    if isinstance(types, list) and "null" in types:
        rest = [kind for kind in types if kind != "null"]
        return {**node, "type": rest[0] if len(rest) == 1 else rest}, True
    return node, False


def _reference(node: Mapping[str, Any]) -> tuple[str | None, Mapping[str, Any]]:
    """The referenced component's name (None when inline) and the schema itself."""
    ref = node.get("$ref")
    if not isinstance(ref, str):
        return None, node
    return ref.rsplit("/", 1)[-1], spec.resolve(dict(node))


def describe_field(name: str, node: Mapping[str, Any]) -> InvoiceField:
    """The field a property of the spec's ``Invoice`` is (its kind read from the type, format and reference)."""
    plain, nullable = _non_null(node)
    schema, resolved = _reference(plain)
    kind_of_type = resolved.get("type")
    if kind_of_type == "integer":
        low, high = INT_FORMATS.get(resolved.get("format", "int64"), INT_FORMATS["int64"])
        low = max(low, int(resolved.get("minimum", low)))
        high = min(high, int(resolved.get("maximum", high)))
        return InvoiceField(name, "int", nullable, schema, bounds=(low, high))
    if kind_of_type == "number":
        return InvoiceField(name, "money", nullable, schema, bounds=(-MAX_AMOUNT, MAX_AMOUNT),
                            short_zero=name in SHORT_ZERO)  # fmt: skip
    if kind_of_type == "boolean":
        return InvoiceField(name, "bool", nullable, schema)
    if kind_of_type == "string" and resolved.get("format") == "date-time":
        return InvoiceField(name, "date", nullable, schema)
    if kind_of_type == "string":
        return InvoiceField(name, "text", nullable, schema, unique_text=name in UNIQUE_TEXTS)
    if kind_of_type == "object" or "properties" in resolved:
        return InvoiceField(name, "object", nullable, schema)
    return InvoiceField(name, "json", nullable, schema)


@cache
def invoice_fields() -> tuple[InvoiceField, ...]:
    """Every field of the spec's ``Invoice``, in wire order (read on the first call of the process)."""
    properties = spec.component_schema(INVOICE_SCHEMA)["properties"]
    return tuple(describe_field(name, node) for name, node in properties.items())


@cache
def field_named() -> Mapping[str, InvoiceField]:
    """Wire key -> field."""
    return MappingProxyType({field.name: field for field in invoice_fields()})


def fields_of_kind(kind: FieldKind) -> tuple[InvoiceField, ...]:
    """The fields of one kind, in wire order."""
    return tuple(field for field in invoice_fields() if field.kind == kind)


def invoice_example() -> dict[str, Any]:
    """The spec's example invoice (not a copy: do not change it)."""
    example: dict[str, Any] = spec.component_schema(INVOICE_SCHEMA)["examples"][0]
    return example


PropertyKind = str
"""``int``, ``bool``, ``money``, ``date``, ``guid`` (never null), ``str`` (may be null), ``List``, ``json``, or
the name of the component of a nested object."""
COMPARABLE_KINDS = frozenset({"int", "bool", "money", "date", "guid", "str"})
"""Property kinds whose values .NET compares (``IComparable``)."""
_LEAF_KINDS = COMPARABLE_KINDS | {"List", "json"}


def _property_kind(node: Mapping[str, Any]) -> PropertyKind:
    plain, _ = _non_null(node)
    schema, resolved = _reference(plain)
    kind_of_type = resolved.get("type")
    if kind_of_type == "object" or "properties" in resolved:
        return schema or "json"
    if kind_of_type == "array":
        return "List"
    if kind_of_type == "string":
        return {"date-time": "date", "uuid": "guid"}.get(resolved.get("format", ""), "str")
    return {"integer": "int", "number": "money", "boolean": "bool"}.get(str(kind_of_type), "json")


@cache
def property_kinds() -> Mapping[str, Mapping[str, tuple[str, PropertyKind]]]:
    """Component name -> its properties as the server's wrappers have them: lower-case name -> (wire key, kind);
    ``Invoice`` and every object component reachable from it."""
    found: dict[str, Mapping[str, tuple[str, PropertyKind]]] = {}
    waiting = [INVOICE_SCHEMA]
    while waiting:
        name = waiting.pop()
        if name in found:
            continue
        properties = spec.component_schema(name).get("properties", {})
        kinds = {key.lower(): (key, _property_kind(node)) for key, node in properties.items()}
        found[name] = MappingProxyType(kinds)
        for _, kind in kinds.values():
            if kind not in _LEAF_KINDS:
                waiting.append(kind)
        for node in properties.values():  # the items of a list
            items = _non_null(node)[0].get("items")
            if isinstance(items, dict) and _property_kind(items) not in _LEAF_KINDS:
                waiting.append(_property_kind(items))
    return MappingProxyType(found)
