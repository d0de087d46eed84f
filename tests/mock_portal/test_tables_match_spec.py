"""What the mock portal restates of the spec stays in step with it; each failure names the item that drifted."""

from __future__ import annotations

import json
from typing import Any

import pytest

import onlyoffice_crm_spec as spec
from onlyoffice_mock_portal import data_file, query, sorting, store, wire
from onlyoffice_mock_portal.app import create_app
from onlyoffice_mock_portal.config import PortalConfig

SORT_BY = spec.component_schema("InvoiceSortBy")
DATABASE_KEYS = set(SORT_BY["x-database-keys"])
COMPARABLE_KINDS = {"int", "bool", "money", "date", "str", "guid"}


def _drift(name: str, covered: set[Any], expected: set[Any]) -> list[str]:
    return [f"{name} has {item!r}, which the spec lacks" for item in sorted(covered - expected, key=str)] + [
        f"{name} misses {item!r}, which the spec has" for item in sorted(expected - covered, key=str)
    ]


def _properties_with_ref(schema: str, target: str) -> set[str]:
    reference = f"#/components/schemas/{target}"
    return {name for name, node in spec.component_schema(schema)["properties"].items() if node.get("$ref") == reference}


def test_the_database_sort_keys_are_the_specs() -> None:
    assert _drift("sorting.DATABASE_SORTS", set(sorting.DATABASE_SORTS), DATABASE_KEYS) == []


def test_the_sorts_with_unstable_ties_are_the_database_keys_that_are_not_total_orders() -> None:
    expected = DATABASE_KEYS - set(SORT_BY["x-total-orders"])
    assert _drift("store.UNSTABLE_SORTS", set(store.UNSTABLE_SORTS), expected) == []


def test_every_in_memory_sort_key_of_the_spec_is_a_comparable_property() -> None:
    invoice = sorting._PROPERTIES["Invoice"]
    kinds = {wire_key: kind for wire_key, kind in invoice.values()}
    in_memory = set(SORT_BY["enum"]) - DATABASE_KEYS

    assert (
        _drift("sorting._PROPERTIES['Invoice']", set(kinds), set(spec.component_schema("Invoice")["properties"])) == []
    )
    assert [key for key in sorted(in_memory) if kinds.get(key) not in COMPARABLE_KINDS] == []


def test_every_known_defect_sort_key_is_a_property_that_cannot_be_compared() -> None:
    kinds = dict(sorting._PROPERTIES["Invoice"].values())
    entries = spec.operation(spec.FILTER_PATH, "get")["x-known-defects"]
    defects = {key for entry in entries for key in entry["request"].get("sortBy", [])}

    assert defects
    assert [key for key in sorted(defects) if kinds.get(key) in COMPARABLE_KINDS] == []


@pytest.mark.parametrize("module", [wire, data_file], ids=["wire.MONEY_KEYS", "data_file._MONEY_KEYS"])
def test_the_money_fields_are_the_specs(module: Any) -> None:
    keys = getattr(module, "MONEY_KEYS", None) or module._MONEY_KEYS
    assert _drift(module.__name__, set(keys), _properties_with_ref("Invoice", "Money")) == []


def test_status_titles_and_the_page_limit_are_the_specs() -> None:
    status = spec.component_schema("InvoiceStatusId")
    count = next(p for p in spec.operation(spec.FILTER_PATH, "get")["parameters"] if p["name"] == "count")

    assert dict(zip(status["x-enum-titles"], status["enum"], strict=True)) == query.STATUS_TITLES
    assert query.MAX_COUNT == count["schema"]["maximum"] == count["x-server-default"]
    assert set(spec.enum_values("EntityTypeFilter")) == query.ENTITY_TYPES


def test_the_rendered_objects_have_exactly_the_specs_keys() -> None:
    """The invoice JSON is written by hand-made templates: their keys must be the schema's properties."""
    from starlette.testclient import TestClient

    app = create_app(PortalConfig(invoices=200, rate_limit=0))
    with TestClient(app) as client:
        body = client.get(spec.FILTER_PATH, headers={"Authorization": PortalConfig().token}).json()
    seen: dict[str, set[str]] = {"Invoice": set(), "ContactBase": set(), "Employee": set(), "CurrencyInfo": set()}
    for invoice in body["response"]:
        seen["Invoice"] |= set(invoice)
        seen["CurrencyInfo"] |= set(invoice["currency"])
        seen["Employee"] |= set(invoice["createBy"])
        for contact in (invoice["contact"], invoice["consignee"]):
            if contact is not None:
                seen["ContactBase"] |= set(contact)
    problems = [
        problem
        for schema, keys in seen.items()
        for problem in _drift(f"the mock's {schema} JSON", keys, set(spec.component_schema(schema)["properties"]))
    ]
    assert problems == [], json.dumps(problems)
