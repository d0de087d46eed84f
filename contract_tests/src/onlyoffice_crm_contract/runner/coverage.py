"""What a run exercised of what the spec documents for the invoice filter, counted from the recorded exchanges.

The items come from the spec (through ``onlyoffice_crm_spec``), never from a hand list:

- ``parameter NAME``: requests that sent the query parameter (names are case-insensitive, ``name[]`` counts);
- ``value NAME=VALUE``: requests that sent that value of an enumerated parameter, in any spelling the spec
  documents for it (the number, an ``x-enum-varnames`` name in any case, an ``x-enum-titles`` title);
- ``sort KEY DIRECTION``: requests sorted by each ``sortBy`` key in each ``sortOrder`` direction (only the exact
  ``descending`` is descending, as the spec says);
- ``status CODE``: answers with each documented status code;
- ``field CODE PATH``: JSON answers of that status in which the documented field appears (``response[].id``).

The spec may exempt an item from the verdict with its reason, in the operation's ``x-not-checkable`` (item ->
why); exempting a status exempts its fields. A full run fails on any other item it never exercised.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import onlyoffice_crm_spec as spec

from .run_record import Exchange

SORT_KEY, SORT_ORDER = "sortBy", "sortOrder"
DESCENDING = "descending"
NOT_CHECKABLE = "x-not-checkable"
"""The operation's extension naming the items no run can exercise, each with its reason."""
ARRAY = "[]"


@dataclass(frozen=True)
class Item:
    """One documented thing a run may exercise."""

    kind: str
    """``parameter``, ``value``, ``sort``, ``status`` or ``field``."""
    name: str

    def __str__(self) -> str:
        return f"{self.kind} {self.name}"


@dataclass
class Coverage:
    """How many requests exercised each documented item, and the spec's exemptions."""

    counts: dict[Item, int]
    exempt: dict[str, str] = field(default_factory=dict)
    """Item (as text) -> why no run can exercise it (the spec's ``x-not-checkable``)."""
    impossible: dict[str, str] = field(default_factory=dict)
    """Item (as text) -> why no run with this caller's role can exercise it (``roles.py``): not a gap."""

    def is_exempt(self, item: Item) -> bool:
        """The spec marks ``item`` (or, for a field, its status) as not checkable."""
        if str(item) in self.exempt:
            return True
        return item.kind == "field" and f"status {item.name.split()[0]}" in self.exempt

    @property
    def gaps(self) -> list[Item]:
        """Documented items no request exercised, that the spec does not exempt."""
        return [
            item
            for item, count in self.counts.items()
            if count == 0 and not self.is_exempt(item) and str(item) not in self.impossible
        ]

    def totals(self) -> dict[str, tuple[int, int]]:
        """Per kind: (items exercised, items a run can exercise)."""
        found: dict[str, tuple[int, int]] = {}
        for item, count in self.counts.items():
            if self.is_exempt(item) or str(item) in self.impossible:
                continue
            done, of = found.get(item.kind, (0, 0))
            found[item.kind] = (done + (count > 0), of + 1)
        return found

    def as_json(self) -> dict[str, Any]:
        """The machine-readable report (``contract-coverage.json``)."""
        kinds: dict[str, dict[str, int]] = {}
        for item, count in self.counts.items():
            kinds.setdefault(item.kind, {})[item.name] = count
        return {
            "operation": f"GET {spec.FILTER_PATH}",
            "requests": kinds,
            "totals": {kind: {"exercised": done, "checkable": of} for kind, (done, of) in self.totals().items()},
            "gaps": [str(item) for item in self.gaps],
            "not_checkable": self.exempt,
            "impossible_for_role": self.impossible,
        }


def _operation() -> dict[str, Any]:
    return spec.operation(spec.FILTER_PATH, "get")


def _query_parameters() -> list[dict[str, Any]]:
    return [parameter for parameter in _operation().get("parameters", []) if parameter["in"] == "query"]


def _spellings(schema: dict[str, Any]) -> dict[str, str]:
    """Each documented spelling of an enum's values, in lower case -> the value, as text: the value itself, and for
    a numbered enum its names (``x-enum-varnames``) and titles (``x-enum-titles``)."""
    values = [str(value) for value in schema["enum"]]
    spellings = {value.lower(): value for value in values}
    if schema.get("type") != "integer":
        return spellings
    for name, value in zip(schema.get("x-enum-varnames", []), values, strict=False):
        spellings[name.lower()] = value
    for title, value in zip(schema.get("x-enum-titles", []), values, strict=False):
        spellings[title.lower()] = value
    return spellings


def _enums() -> dict[str, dict[str, str]]:
    """Enumerated query parameter (lower-case name) -> its spellings (``_spellings``)."""
    found = {}
    for parameter in _query_parameters():
        schema = spec.resolve(parameter["schema"])
        if "enum" in schema:
            found[parameter["name"].lower()] = _spellings(schema)
    return found


def _field_paths(schema: dict[str, Any], prefix: str = "") -> Iterator[str]:
    """Every property path of a JSON schema: ``response``, ``response[]``'s items as ``response[].id``..."""
    schema = spec.resolve(schema)
    branches = [spec.resolve(branch) for branch in schema.get("anyOf", [schema])]
    for branch in branches:
        if branch.get("type") == "array" and "items" in branch:
            yield from _field_paths(branch["items"], prefix + ARRAY)
        for name, child in branch.get("properties", {}).items():
            path = f"{prefix}.{name}" if prefix else name
            yield path
            yield from _field_paths(child, path)


def documented_items() -> list[Item]:
    """Every item the spec documents for the filter, in spec order."""
    operation = _operation()
    parameters = _query_parameters()
    items = [Item("parameter", parameter["name"]) for parameter in parameters]
    enums = {parameter["name"]: spec.resolve(parameter["schema"]) for parameter in parameters}
    for name, schema in enums.items():
        if "enum" in schema and name not in (SORT_KEY, SORT_ORDER):
            items += [Item("value", f"{name}={value}") for value in schema["enum"]]
    keys, directions = enums[SORT_KEY]["enum"], enums[SORT_ORDER]["enum"]
    items += [Item("sort", f"{key} {direction}") for key in keys for direction in directions]
    statuses = list(operation["responses"])
    items += [Item("status", status) for status in statuses]
    for status in statuses:
        media = spec.response_media(spec.FILTER_PATH, "get", status).get("application/json")
        if media is not None:
            items += [Item("field", f"{status} {path}") for path in dict.fromkeys(_field_paths(media["schema"]))]
    return items


def not_checkable() -> dict[str, str]:
    """The spec's exemptions: item -> why no run can exercise it."""
    marks = _operation().get(NOT_CHECKABLE, {})
    return {str(item): " ".join(str(why).split()) for item, why in marks.items()}


def _present(document: Any, path: list[str]) -> bool:
    """``path`` (names, ``[]`` for any element of an array) leads to a value in ``document``."""
    if not path:
        return True
    step, rest = path[0], path[1:]
    if step == ARRAY:
        return isinstance(document, list) and any(_present(element, rest) for element in document)
    return isinstance(document, dict) and step in document and _present(document[step], rest)


def _split(path: str) -> list[str]:
    """``response[].id`` -> ``["response", "[]", "id"]``."""
    return [part for part in path.replace(ARRAY, "." + ARRAY).split(".") if part]


def _is_filter_request(exchange: Exchange) -> bool:
    path = urlsplit(exchange.url).path
    return exchange.method == "GET" and (path.endswith(spec.FILTER_PATH) or path.endswith(spec.FILTER_PATH + ".json"))


def _exercised(exchange: Exchange, enums: dict[str, dict[str, str]]) -> Iterator[str]:
    """The items (as text) one filter exchange exercised."""
    names = {parameter["name"].lower(): parameter["name"] for parameter in _query_parameters()}
    sent: dict[str, str] = {}
    for key, value in parse_qsl(urlsplit(exchange.url).query, keep_blank_values=True):
        name = key.lower().removesuffix(ARRAY)
        if name in names:
            sent.setdefault(names[name], value)
    for name, value in sent.items():
        yield f"parameter {name}"
        spellings = enums.get(name.lower())
        if spellings is not None and name not in (SORT_KEY, SORT_ORDER):
            known = spellings.get(value.strip().lower())
            if known is not None:
                yield f"value {name}={known}"
    sort_key = enums[SORT_KEY.lower()].get(sent.get(SORT_KEY, "").split(",")[0].strip().lower())
    if sort_key is not None:
        yield f"sort {sort_key} {'descending' if sent.get(SORT_ORDER) == DESCENDING else 'ascending'}"
    yield f"status {exchange.status}"


def _fields(exchange: Exchange, paths: dict[str, dict[str, list[str]]]) -> Iterator[str]:
    """The field items one JSON answer showed."""
    candidates = paths.get(str(exchange.status))
    if not candidates or exchange.body_truncated:
        return
    try:
        document = json.loads(exchange.response_body)
    except ValueError:
        return
    for path, steps in candidates.items():
        if _present(document, steps):
            yield f"field {exchange.status} {path}"


def measure(exchanges: Iterable[Exchange]) -> Coverage:
    """Count, for each documented item, the filter requests that exercised it."""
    items = documented_items()
    counts: Counter[str] = Counter()
    enums = _enums()
    paths: dict[str, dict[str, list[str]]] = {}
    for item in items:
        if item.kind == "field":
            status, path = item.name.split(" ", 1)
            paths.setdefault(status, {})[path] = _split(path)
    for exchange in exchanges:
        if _is_filter_request(exchange):
            counts.update(set(_exercised(exchange, enums)) | set(_fields(exchange, paths)))
    return Coverage({item: counts[str(item)] for item in items}, not_checkable())
