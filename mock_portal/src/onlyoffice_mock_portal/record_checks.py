"""Every problem of wire-format invoices (a ``--data`` file, ``set_invoices``), each with its path and what a
portal writes there, so that one run shows all that needs fixing.

A problem reads ``invoices[3].currency.abbreviation: missing`` or ``invoices[0].issueDate: expected a date like
2024-03-01T00:00:00.0000000+03:00, got '2024-03-01'``.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, cast

from jsonschema import Draft202012Validator, ValidationError

import onlyoffice_crm_spec as spec

from .fields import INT_FORMATS, InvoiceField, field_named, fields_of_kind
from .wire import EPOCH, micros_to_wire, wire_to_micros

MAX_DEPTH = 16  # an invoice is 4 levels deep (invoice > contact > accessList > employee); room for extra keys
INT32 = INT_FORMATS["int32"]
"""The bounds of an integer inside a nested object (every integer the server writes there is an Int32)."""
_TYPE_WORDS = {
    "object": "an object",
    "array": "a list",
    "string": "a string",
    "integer": "an integer",
    "number": "a number",
    "boolean": "true or false",
    "null": "null",
}
_UUID_EXAMPLE = "646a6cff-df57-4b83-8ffe-91a24910328c"

Path = tuple[str | int, ...]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the invoices: where (``("invoices", 3, "currency")``) and what."""

    path: Path
    text: str

    def __str__(self) -> str:
        return f"{path_text(self.path)}: {self.text}"


def path_text(path: Path) -> str:
    """``invoices[3].currency.abbreviation`` for ``("invoices", 3, "currency", "abbreviation")``."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        elif part.isidentifier():
            text += f".{part}" if text else part
        else:
            text += f"[{json.dumps(part, ensure_ascii=False)}]"
    return text


def shown(value: Any) -> str:
    """A value as a person recognises it in a message: short, JSON-like for scalars, a word for containers."""
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return repr(value if len(value) <= 60 else value[:57] + "...")
    if isinstance(value, float) and not math.isfinite(value):
        return repr(value)
    return json.dumps(value)


def date_example(offset_minutes: int) -> str:
    """1 March 2024, local midnight, as a portal in this time zone writes it."""
    local_midnight = dt.datetime(2024, 3, 1) - EPOCH - dt.timedelta(minutes=offset_minutes)
    return micros_to_wire(local_midnight // dt.timedelta(microseconds=1), offset_minutes)


def _enum_words(schema: dict[str, Any]) -> str:
    """``Draft(1), Sent(2), ...`` from an enum with ``x-enum-varnames``, else the values."""
    names = schema.get("x-enum-varnames")
    if not names:
        return ", ".join(json.dumps(value) for value in schema["enum"])
    words = ["".join(part.capitalize() for part in name.split("_")) for name in names]
    return ", ".join(f"{word}({value})" for word, value in zip(words, schema["enum"], strict=True))


class RecordChecker:
    """Finds every problem of a list of wire-format invoices for a portal in a given time zone."""

    def __init__(self, offset_minutes: int) -> None:
        self._validator: Draft202012Validator = spec.validator_for("#/components/schemas/Invoice")
        self._date = f"a date like {date_example(offset_minutes)}"
        self._order = {key: position for position, key in enumerate(spec.component_schema("Invoice")["properties"])}
        """The wire order of the keys, in which an invoice's problems are listed."""

    def problems(self, invoices: Sequence[Any]) -> Iterator[Problem]:
        """Every problem, invoice by invoice (at most one per path), then the ids used twice."""
        first_of_id: dict[int, int] = {}
        for index, invoice in enumerate(invoices):
            found = list(self._problems_of(("invoices", index), invoice))
            yield from found
            if not isinstance(invoice, dict) or any(problem.path[2:3] == ("id",) for problem in found):
                continue
            invoice_id = invoice["id"]
            first = first_of_id.setdefault(invoice_id, index)
            if first != index:
                message = f"{invoice_id} is also the id of invoices[{first}]; ids must be unique"
                yield Problem(("invoices", index, "id"), message)

    def _problems_of(self, where: Path, invoice: Any) -> Iterator[Problem]:
        if not isinstance(invoice, dict):
            yield Problem(where, f"expected an invoice (an object), got {shown(invoice)}")
            return
        seen: set[Path] = set()
        fields = field_named()
        candidates = [
            *(
                problem
                for key, item in invoice.items()
                for problem in _beyond_the_wire((*where, str(key)), item, 1, _int_bounds(fields.get(str(key))))
            ),
            *(problem for error in self._validator.iter_errors(invoice) for problem in self._explain(where, error)),
        ]
        candidates.sort(key=lambda problem: self._order.get(problem.path[len(where)], len(self._order)))
        for problem in candidates:
            if problem.path not in seen:
                seen.add(problem.path)
                yield problem
        for field in fields_of_kind("date"):
            value, path = invoice.get(field.name), (*where, field.name)
            if isinstance(value, str) and path not in seen:
                try:
                    wire_to_micros(value)
                except ValueError:
                    yield Problem(path, f"expected {self._date}, got {shown(value)} (no such date)")
        for field in fields_of_kind("money"):
            amount, path = invoice.get(field.name), (*where, field.name)
            if isinstance(amount, bool) or not isinstance(amount, (int, float)) or path in seen:
                continue
            if field.bounds is not None and math.isfinite(amount) and not field.bounds[0] < amount < field.bounds[1]:
                yield Problem(path, f"expected an amount below {_power(field.bounds[1])}, got {shown(amount)}")

    def _explain(self, where: Path, error: ValidationError) -> Iterator[Problem]:
        """What a schema error means for a person: the path and the expectation."""
        path = (*where, *error.absolute_path)
        # jsonschema types these as possibly unset; an error from iter_errors always has them.
        kind, schema, value = error.validator, error.schema, cast(Any, error.instance)
        expected = cast(Any, error.validator_value)
        if kind == "required":
            for key in expected:
                if key not in value:
                    yield Problem((*path, key), "missing")
        elif kind in ("anyOf", "oneOf"):
            yield from self._explain_choice(where, path, error)
        elif kind == "type":
            yield Problem(path, f"expected {_types(expected)}, got {shown(value)}")
        elif kind == "enum":
            yield Problem(path, f"expected one of {_enum_words(cast(dict[str, Any], schema))}, got {shown(value)}")
        elif kind in ("pattern", "format") and isinstance(schema, dict) and schema.get("format") == "date-time":
            shaped = isinstance(value, str) and re.fullmatch(schema.get("pattern", ""), value) is not None
            yield Problem(path, f"expected {self._date}, got {shown(value)}{' (no such date)' if shaped else ''}")
        elif kind == "format" and expected == "uuid":
            yield Problem(path, f"expected a UUID like {_UUID_EXAMPLE}, got {shown(value)}")
        else:
            yield Problem(path, error.message)

    def _explain_choice(self, where: Path, path: Path, error: ValidationError) -> Iterator[Problem]:
        """``anyOf`` of an object and null (a contact, a currency): the object's own problems, or both types."""
        branches: list[dict[str, Any]] = list(cast(Any, error.validator_value))
        nullable = [index for index, branch in enumerate(branches) if branch == {"type": "null"}]
        others = [error for error in error.context or () if error.schema_path[0] not in nullable]
        if not nullable or not others:
            yield Problem(path, error.message)
            return
        if not isinstance(error.instance, dict):
            yield Problem(path, f"expected an object or null, got {shown(error.instance)}")
            return
        for inner in others:
            yield from self._explain(where, inner)


def _types(expected: str | list[str]) -> str:
    names = [expected] if isinstance(expected, str) else expected
    return " or ".join(_TYPE_WORDS.get(name, name) for name in names)


def _int_bounds(field: InvoiceField | None) -> tuple[int, int]:
    """The integers a top-level key may hold: an integer field's bounds, else (inside objects) Int32's."""
    return field.bounds if field is not None and field.kind == "int" and field.bounds else INT32


def _power(limit: int) -> str:
    """``10^15`` for a power of ten, else the number."""
    text = str(limit)
    return f"10^{len(text) - 1}" if text.strip("0") == "1" else text


def _beyond_the_wire(where: Path, value: Any, depth: int = 0, bounds: tuple[int, int] = INT32) -> Iterator[Problem]:
    """Values a portal cannot have written, whatever the schema says: too deep, an integer out of ``bounds``
    (the field's, Int32 inside objects), a number that is not finite."""
    if depth > MAX_DEPTH:
        yield Problem(where, f"nested deeper than {MAX_DEPTH} levels")
        return
    if isinstance(value, bool):
        return
    if isinstance(value, int) and not bounds[0] <= value <= bounds[1]:
        kind = "an int32" if bounds == INT32 else "an integer"
        yield Problem(where, f"expected {kind} ({bounds[0]} to {bounds[1]}), got {value}")
    elif isinstance(value, float) and not math.isfinite(value):
        yield Problem(where, f"expected a finite number, got {shown(value)}")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _beyond_the_wire((*where, str(key)), item, depth + 1)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _beyond_the_wire((*where, index), item, depth + 1)
