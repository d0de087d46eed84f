"""The spec is valid, complete against the documentation page, and its examples are true to it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openapi_spec_validator import validate

import onlyoffice_crm_spec as spec

DOCUMENTATION_PAGE = Path(__file__).resolve().parents[2] / "openapi" / "documentation-page.txt"
# The page's PascalCase keys whose camelCase wire name is not the naive lower-casing of the first letter.
WIRE_NAME_OVERRIDES = {"ID": "id", "FileID": "fileID"}
# Read by the server (reference: ApiContext, CRMApi.Invoices) but not on the page.
SERVER_ONLY_PARAMETERS = {"filterValue", "startIndex", "count", "sortBy", "sortOrder"}
PAGE_FIELD = re.compile(
    r"^([A-Z][A-Za-z]*?)(string|integer|number|boolean|object|array of (?:object|integer)|enum of \w+)"
    r"(?:format: \w+)?$"
)
PAGE_PARAMETER = re.compile(r"^([a-z][A-Za-z]*?)(string|integer|array of integer)$")


def page_section(start: str, end: str) -> list[str]:
    lines = DOCUMENTATION_PAGE.read_text(encoding="utf-8").splitlines()
    first = lines.index(start)
    return [line.strip() for line in lines[first + 1 : lines.index(end, first + 1)]]


def wire_name(page_name: str) -> str:
    return WIRE_NAME_OVERRIDES.get(page_name, page_name[0].lower() + page_name[1:])


def page_response_fields() -> set[str]:
    fields = {m.group(1) for line in page_section("200", "401") if (m := PAGE_FIELD.match(line))}
    assert len(fields) > 30, "the documentation page no longer parses: update the pattern"
    return {wire_name(name) for name in fields}


def page_parameters() -> set[str]:
    names = {m.group(1) for line in page_section("Body", "Examples") if (m := PAGE_PARAMETER.match(line))}
    assert len(names) == 8, f"the documentation page lists 8 filters, parsed {sorted(names)}"
    return names


def property_names(schema: dict[str, Any], seen: set[int] | None = None) -> set[str]:
    """Every property name reachable from a schema, following $ref, anyOf and array items."""
    seen = set() if seen is None else seen
    schema = spec.resolve(schema)
    if id(schema) in seen:
        return set()
    seen.add(id(schema))
    names = set(schema.get("properties", {}))
    children = [*schema.get("properties", {}).values(), *schema.get("anyOf", [])]
    if "items" in schema:
        children.append(schema["items"])
    for child in children:
        names |= property_names(child, seen)
    return names


def test_spec_is_a_valid_openapi_document() -> None:
    validate(spec.load_spec())


def test_every_response_field_of_the_documentation_page_is_in_the_invoice_schema() -> None:
    invoice_fields = property_names(spec.component_schema("Invoice"))
    assert page_response_fields() - invoice_fields == set()


def test_every_filter_of_the_documentation_page_and_the_server_is_a_query_parameter() -> None:
    parameters = set(spec.query_parameter_names(spec.FILTER_PATH))
    assert page_parameters() | SERVER_ONLY_PARAMETERS == parameters


def test_every_operation_states_its_own_security() -> None:
    # openapi-python-client ignores top-level `security` (upstream #645): without it per operation,
    # the generated function would accept an unauthenticated client.
    for path, item in spec.load_spec()["paths"].items():
        for method, operation in item.items():
            assert "security" in operation, f"{method.upper()} {path}"
    assert spec.operation(spec.FILTER_PATH, "get")["security"], "the filter needs a token"


def examples_in(node: Any, pointer: str = "#") -> Iterator[tuple[str, str, Any]]:
    """(where, schema pointer, example) for every example in the spec, next to the schema it illustrates."""
    if isinstance(node, list):
        for index, item in enumerate(node):
            yield from examples_in(item, f"{pointer}/{index}")
        return
    if not isinstance(node, dict):
        return
    is_schema = "type" in node or "$ref" in node or "anyOf" in node
    if is_schema and isinstance(node.get("examples"), list):
        for index, example in enumerate(node["examples"]):
            yield f"{pointer}/examples/{index}", pointer, example
    elif "schema" in node:
        schema_pointer = f"{pointer}/schema"
        for name, example in (node.get("examples") or {}).items():
            if "value" in example:
                yield f"{pointer}/examples/{name}", schema_pointer, example["value"]
        if "example" in node:
            yield f"{pointer}/example", schema_pointer, node["example"]
    for key, value in node.items():
        if key != "examples":
            escaped = key.replace("~", "~0").replace("/", "~1")
            yield from examples_in(value, f"{pointer}/{escaped}")


ALL_EXAMPLES = list(examples_in(spec.load_spec()))


def test_the_spec_illustrates_every_component_schema_and_response() -> None:
    illustrated = {schema_pointer for _, schema_pointer, _ in ALL_EXAMPLES}
    for name in spec.load_spec()["components"]["schemas"]:
        assert f"#/components/schemas/{name}" in illustrated, name
    assert "#/paths/~1api~12.0~1crm~1invoice~1filter/get/responses/200/content/application~1json/schema" in (
        illustrated
    )


@pytest.mark.parametrize(("where", "schema_pointer", "example"), ALL_EXAMPLES, ids=[e[0] for e in ALL_EXAMPLES])
def test_example_is_valid_against_its_own_schema(where: str, schema_pointer: str, example: Any) -> None:
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in spec.validator_for(schema_pointer).iter_errors(example)]
    assert errors == [], where
