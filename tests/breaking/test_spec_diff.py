"""Each kind of spec change, applied to a deep copy of the real spec, is classified as expected."""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from onlyoffice_crm_client.api.invoices import get_invoices as get_invoices_module
from tools.breaking.model import Audience, BadInputError
from tools.breaking.spec_diff import classify

FILTER = "/api/2.0/crm/invoice/filter"
AUTH = "/api/2.0/authentication"
GET = f"GET {FILTER}"
POST = f"POST {AUTH}"
C = frozenset({Audience.CLIENTS})
P = frozenset({Audience.PORTALS})
CP = frozenset({Audience.CLIENTS, Audience.PORTALS})
W = frozenset({Audience.WARNS_CLIENTS})
OK = frozenset({Audience.COMPATIBLE})

Spec = dict[str, Any]
Expected = set[tuple[str, str, frozenset[Audience]]]


def schema(spec: Spec, name: str) -> dict[str, Any]:
    """A component schema of ``spec``, for editing in place."""
    found: dict[str, Any] = spec["components"]["schemas"][name]
    return found


def get_invoices(spec: Spec) -> dict[str, Any]:
    """The invoice filter operation of ``spec``."""
    found: dict[str, Any] = spec["paths"][FILTER]["get"]
    return found


def parameter(spec: Spec, name: str) -> dict[str, Any]:
    """An inline parameter of the invoice filter."""
    return next(p for p in get_invoices(spec)["parameters"] if p.get("name") == name)


def remove_parameter(spec: Spec, name: str) -> None:
    get_invoices(spec)["parameters"].remove(parameter(spec, name))


def remove_enum_value(component: dict[str, Any], value: object) -> None:
    index = component["enum"].index(value)
    del component["enum"][index]
    if "x-enum-varnames" in component:
        del component["x-enum-varnames"][index]


def rename_field(component: dict[str, Any], old: str, new: str) -> None:
    component["properties"] = {new if k == old else k: v for k, v in component["properties"].items()}
    component["required"] = [new if k == old else k for k in component["required"]]


def add_field(component: dict[str, Any], name: str, *, required: bool) -> None:
    component["properties"][name] = {"type": "string"}
    if required:
        component["required"].append(name)


@dataclass(frozen=True)
class Mutation:
    """An edit of the spec and the exact classification it must get."""

    name: str
    mutate: Callable[[Spec], object]
    expected: Expected


MUTATIONS = [
    # Breaks clients.
    Mutation("operation removed", lambda s: s["paths"].pop(AUTH), {(POST, "operation removed", C)}),
    Mutation(
        "operation renamed",
        lambda s: get_invoices(s).update(operationId="listInvoices"),
        {(GET, "operationId getInvoices renamed to listInvoices (the Python function moves)", C)},
    ),
    Mutation(
        "parameter removed",
        lambda s: remove_parameter(s, "filterValue"),
        {(GET, "query parameter `filterValue` removed", C)},
    ),
    Mutation(
        "parameter renamed",
        lambda s: parameter(s, "currency").update(name="currencyCode"),
        {(GET, "parameter `currency` renamed to `currencyCode`", C)},
    ),
    Mutation(
        "new required parameter",
        lambda s: get_invoices(s)["parameters"].append(
            {"name": "portalId", "in": "query", "required": True, "schema": {"type": "integer"}}
        ),
        {(GET, "new required query parameter `portalId`", C)},
    ),
    Mutation(
        "optional parameter became required",
        lambda s: parameter(s, "count").update(required=True),
        {(f"{GET} parameter `count`", "parameter is now required", C)},
    ),
    Mutation(
        "response field removed",
        lambda s: (schema(s, "Invoice")["properties"].pop("terms"), schema(s, "Invoice")["required"].remove("terms")),
        {("Invoice", "field `terms` removed", C)},
    ),
    Mutation(
        "response field renamed (the new name is required)",
        lambda s: rename_field(schema(s, "CurrencyInfo"), "symbol", "sign"),
        {("CurrencyInfo", "field `symbol` renamed to `sign`", C), ("CurrencyInfo", "field `sign` is required", P)},
    ),
    Mutation(
        "request-only enum value removed",
        lambda s: remove_enum_value(schema(s, "InvoiceSortBy"), "id"),
        {("InvoiceSortBy", "enum value 'id' removed", C)},
    ),
    Mutation(
        "enum value removed from a request and response enum",
        lambda s: remove_enum_value(schema(s, "InvoiceStatusId"), 5),
        {("InvoiceStatusId", "enum value 5 removed", CP)},
    ),
    Mutation(
        "type changed",
        lambda s: schema(s, "Invoice")["properties"]["number"].update(type="integer"),
        {("Invoice.number", "type string changed to integer", CP)},
    ),
    Mutation(
        "format removed",
        lambda s: schema(s, "Employee")["properties"]["id"].pop("format"),
        {("Employee.id", "format uuid removed", C)},
    ),
    Mutation(
        "response field became nullable (type list)",
        lambda s: schema(s, "Invoice")["properties"]["number"].update(type=["string", "null"]),
        {("Invoice.number", "became nullable", C)},
    ),
    Mutation(
        "response field became optional",
        lambda s: schema(s, "Invoice")["required"].remove("terms"),
        {("Invoice.terms", "field is now optional", C)},
    ),
    Mutation(
        "new required request field",
        lambda s: add_field(schema(s, "AuthenticationRequest"), "code", required=True),
        {("AuthenticationRequest", "new required field `code`", C)},
    ),
    Mutation(
        "parameter moved to a header",
        lambda s: parameter(s, "currency").update({"in": "header"}),
        {(f"{GET} parameter `currency`", "moved from query to header", CP)},
    ),
    Mutation(
        "response content type replaced",
        lambda s: get_invoices(s)["responses"]["200"].update(
            content={"application/xml": get_invoices(s)["responses"]["200"]["content"]["application/json"]}
        ),
        {
            (f"{GET} 200", "content type application/json removed", CP),
            (f"{GET} 200", "content type application/xml added", C),
        },
    ),
    Mutation(
        "login now requires authentication",
        lambda s: s["paths"][AUTH]["post"].pop("security"),
        {(POST, "now requires authentication", C)},
    ),
    # Breaks portals.
    Mutation(
        "response field became required",
        lambda s: schema(s, "InvoiceListResponse")["required"].append("count"),
        {("InvoiceListResponse.count", "field is now required", P)},
    ),
    Mutation(
        "new required response field",
        lambda s: add_field(schema(s, "Invoice"), "region", required=True),
        {("Invoice", "new required field `region`", P)},
    ),
    Mutation(
        "response pattern added",
        lambda s: schema(s, "Invoice")["properties"]["number"].update(pattern="^INV-"),
        {("Invoice.number", "pattern '^INV-' added", P)},
    ),
    Mutation(
        "response bound tightened",
        lambda s: schema(s, "Invoice")["properties"]["id"].update(minimum=1),
        {("Invoice.id", "minimum tightened: None -> 1", P)},
    ),
    Mutation(
        "response field no longer nullable (anyOf null)",
        lambda s: schema(s, "Invoice")["properties"].update(contact={"$ref": "#/components/schemas/ContactBase"}),
        {("Invoice.contact", "is no longer nullable", P)},
    ),
    Mutation(
        "status code removed",
        lambda s: get_invoices(s)["responses"].pop("404"),
        {(GET, "status 404 removed (a portal still answering it fails)", P)},
    ),
    Mutation(
        "request enum value added",
        lambda s: schema(s, "SortOrder")["enum"].append("random"),
        {("SortOrder", "enum value 'random' added", P)},
    ),
    Mutation(
        "request bound loosened",
        lambda s: parameter(s, "count")["schema"].pop("maximum"),
        {(f"{GET} parameter `count`", f"maximum loosened: {get_invoices_module.COUNT_MAXIMUM} -> None", P)},
    ),
    # Compatible.
    Mutation(
        "optional parameter added",
        lambda s: get_invoices(s)["parameters"].append({"name": "region", "in": "query", "schema": {"type": "string"}}),
        {(GET, "new optional query parameter `region`", OK)},
    ),
    Mutation(
        "optional response field added",
        lambda s: add_field(schema(s, "Invoice"), "notes", required=False),
        {("Invoice", "new optional field `notes`", OK)},
    ),
    Mutation(
        "status code added",
        lambda s: get_invoices(s)["responses"].update({"429": {"description": "Too many requests."}}),
        {(GET, "status 429 added", OK)},
    ),
    Mutation(
        "response-only enum value added (open enums in the client)",
        lambda s: (
            schema(s, "TemplateType")["enum"].append(2),
            schema(s, "TemplateType")["x-enum-varnames"].append("X"),
        ),
        {("TemplateType", "enum value 2 added (the client keeps unknown values; code matching each may not)", W)},
    ),
    Mutation(
        "name added to a response's required list without a property",
        lambda s: schema(s, "Invoice")["required"].append("discount"),
        {("Invoice", "`discount` is now required (a name without a property)", P)},
    ),
    Mutation(
        "name added to a request's required list without a property",
        lambda s: schema(s, "AuthenticationRequest")["required"].append("code"),
        {("AuthenticationRequest", "`code` is now required (a name without a property)", C)},
    ),
    Mutation(
        "operation added",
        lambda s: s["paths"].update(
            {
                "/api/2.0/crm/invoice/{id}": {
                    "get": {"operationId": "getInvoice", "responses": {"200": {"description": "ok"}}}
                }
            }
        ),
        {("GET /api/2.0/crm/invoice/{id}", "operation added", OK)},
    ),
    Mutation(
        "descriptions and examples only",
        lambda s: (get_invoices(s).update(description="Other words."), schema(s, "Invoice").pop("examples")),
        set(),
    ),
]


@pytest.mark.parametrize("mutation", MUTATIONS, ids=[m.name for m in MUTATIONS])
def test_each_mutation_of_the_real_spec_is_classified_as_expected(real_spec: Spec, mutation: Mutation) -> None:
    changed = copy.deepcopy(real_spec)
    mutation.mutate(changed)

    found = {(c.location, c.message, c.audiences) for c in classify(real_spec, changed)}

    assert found == mutation.expected


def test_the_table_covers_every_audience() -> None:
    audiences = {audience for m in MUTATIONS for *_, found in m.expected for audience in found}
    assert audiences == set(Audience)


def test_a_name_without_a_property_dropped_from_a_responses_required_list_widens_it(real_spec: Spec) -> None:
    old = copy.deepcopy(real_spec)
    schema(old, "Invoice")["required"].append("discount")

    found = {(c.location, c.message, c.audiences) for c in classify(old, real_spec)}

    assert found == {("Invoice", "`discount` is no longer required (a name without a property)", C)}


def test_an_unchanged_spec_has_no_changes(real_spec: Spec) -> None:
    assert classify(real_spec, copy.deepcopy(real_spec)) == []


def test_a_ref_to_another_schema_is_named_and_its_content_compared(real_spec: Spec) -> None:
    changed = copy.deepcopy(real_spec)
    schema(changed, "Invoice")["properties"]["createBy"] = {"$ref": "#/components/schemas/ContactBase"}

    found = classify(real_spec, changed)

    assert ("Invoice.createBy", "now ContactBase instead of Employee", C) in {
        (c.location, c.message, c.audiences) for c in found
    }
    assert ("Invoice.createBy", "field `profileUrl` removed", C) in {
        (c.location, c.message, c.audiences) for c in found
    }
    assert all(c.location.startswith("Invoice.createBy") for c in found), found


def test_a_dangling_ref_is_bad_input(real_spec: Spec) -> None:
    changed = copy.deepcopy(real_spec)
    schema(changed, "Invoice")["properties"]["number"] = {"$ref": "#/components/schemas/Nowhere"}

    with pytest.raises(BadInputError, match="Nowhere"):
        classify(real_spec, changed)


def test_a_document_without_paths_is_bad_input(real_spec: Spec) -> None:
    with pytest.raises(BadInputError, match="not an OpenAPI document"):
        classify(real_spec, {"paths": ["not", "a", "mapping"]})
