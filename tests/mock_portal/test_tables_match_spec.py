"""What the mock portal states of the server stays in step with the spec; each failure names the item that drifted.

Two kinds of fact: what the mock has to write itself (filter handlers, the generator, the database sorts, the
typed record keywords) is compared with the spec by ``unhandled_spec_items``; what it reads from the spec
(fields, statuses, entity types, the page limit, the sorts without a tie-breaker) is compared with the server's
own values, written out here from its source, and with what the portal serves.
"""

from __future__ import annotations

import json
from typing import Any

import onlyoffice_crm_spec as spec
from onlyoffice_mock_portal import query
from onlyoffice_mock_portal.app import create_app
from onlyoffice_mock_portal.config import PortalConfig
from onlyoffice_mock_portal.dataset import generate
from onlyoffice_mock_portal.fields import COMPARABLE_KINDS, invoice_fields, property_kinds
from onlyoffice_mock_portal.sorting import unstable_sorts
from onlyoffice_mock_portal.spec_facts import spec_facts
from onlyoffice_mock_portal.spec_gaps import unhandled_spec_items

SORT_BY = spec.component_schema("InvoiceSortBy")
DATABASE_KEYS = set(SORT_BY["x-database-keys"])
# The server's values (CommunityServer v12.7.1): Crm/Core/Enums/InvoiceStatus.cs with the neutral titles of
# Crm/Resources/CRMEnumResource.resx; EntityType names the filter binds; ApiConfiguration.ItemsPerPage.
SERVER_STATUS_TITLES = {1: "Draft", 2: "Billed", 3: "Rejected", 4: "Paid", 5: "Archive"}
SERVER_STATUS_NAMES = {"draft": 1, "sent": 2, "rejected": 3, "paid": 4, "archived": 5}
SERVER_ENTITY_TYPES = {"contact", "opportunity", "case"}
SERVER_ITEMS_PER_PAGE = 1000
# InvoiceBaseWrapper: its decimal and ApiDateTime properties, the references the API may write as null;
# InvoiceDao sorts: the keys without a tie-breaker under LIMIT (InvoiceDao.cs:291-294).
SERVER_DECIMALS = {"exchangeRate", "cost"}
SERVER_DATES = {"issueDate", "dueDate", "createOn"}
SERVER_NULLABLE = {"contact", "consignee", "entity"}
SERVER_UNSTABLE_SORTS = {"issueDate", "dueDate", "status"}


def _drift(name: str, covered: set[Any], expected: set[Any]) -> list[str]:
    return [f"{name} has {item!r}, which the spec lacks" for item in sorted(covered - expected, key=str)] + [
        f"{name} misses {item!r}, which the spec has" for item in sorted(expected - covered, key=str)
    ]


def test_the_mock_has_code_for_every_spec_item_it_cannot_derive() -> None:
    assert unhandled_spec_items() == []


def test_every_in_memory_sort_key_of_the_spec_is_a_comparable_property() -> None:
    kinds = dict(property_kinds()["Invoice"].values())
    in_memory = set(SORT_BY["enum"]) - DATABASE_KEYS

    assert in_memory
    assert [key for key in sorted(in_memory) if kinds.get(key) not in COMPARABLE_KINDS] == []


def test_every_known_defect_sort_key_is_a_property_that_cannot_be_compared() -> None:
    kinds = dict(property_kinds()["Invoice"].values())
    entries = spec.operation(spec.FILTER_PATH, "get")["x-known-defects"]
    defects = {key for entry in entries for key in entry["request"].get("sortBy", [])}

    assert defects
    assert [key for key in sorted(defects) if kinds.get(key) in COMPARABLE_KINDS] == []


def test_the_fields_read_from_the_spec_are_the_servers() -> None:
    kinds = {field.name: field.kind for field in invoice_fields()}

    assert {name for name, kind in kinds.items() if kind == "money"} == SERVER_DECIMALS
    assert {name for name, kind in kinds.items() if kind == "date"} == SERVER_DATES
    assert {field.name for field in invoice_fields() if field.nullable} == SERVER_NULLABLE
    assert unstable_sorts() == SERVER_UNSTABLE_SORTS


def test_the_facts_read_from_the_spec_are_the_servers() -> None:
    facts = spec_facts()

    assert dict(facts.status_titles) == SERVER_STATUS_TITLES
    assert dict(facts.status_by_title) == {title: status for status, title in SERVER_STATUS_TITLES.items()}
    assert dict(facts.status_names) == SERVER_STATUS_NAMES
    assert facts.entity_types == SERVER_ENTITY_TYPES
    assert facts.max_count == SERVER_ITEMS_PER_PAGE


def test_the_portal_serves_and_reads_the_servers_statuses_and_page_limit() -> None:
    data = generate(300, seed=3, offset_minutes=0)
    served = {status["id"]: status["title"] for status in map(json.loads, data.table("status").fragments)}

    assert served == SERVER_STATUS_TITLES
    assert {title: query.parse_status(title) for title in SERVER_STATUS_TITLES.values()} == {
        title: status for status, title in SERVER_STATUS_TITLES.items()
    }
    assert query.parse_count("5000") == query.parse_count(None) == query.InvoiceQuery().count == SERVER_ITEMS_PER_PAGE


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
