"""The OpenAPI spec of the invoice filter, shipped as package data, and what the rest of the kit reads from it.

The mock portal, the contract suites, the tests and the tools read the spec's facts (paths, parameters,
enums, schemas, validators) from here instead of restating them.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path
from typing import Any, cast

import yaml
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SPEC_ENV_VAR = "ONLYOFFICE_SPEC"
# Package data: in the repository a link to openapi/onlyoffice-crm-invoices.yaml, in a wheel a copy of it.
_PACKAGED_SPEC = Path(__file__).with_name("onlyoffice-crm-invoices.yaml")
_SPEC_URI = "urn:onlyoffice-crm-invoices"

FILTER_PATH = "/api/2.0/crm/invoice/filter"
AUTHENTICATION_PATH = "/api/2.0/authentication"

JsonObject = dict[str, Any]


def spec_path() -> Path:
    """The spec file: ``$ONLYOFFICE_SPEC`` if set, else the one this package ships."""
    return Path(os.environ.get(SPEC_ENV_VAR, _PACKAGED_SPEC))


@cache
def load_spec() -> JsonObject:
    """The parsed spec (read once per process)."""
    path = spec_path()
    if not path.is_file():
        raise FileNotFoundError(f"OpenAPI spec not found at {path}; set {SPEC_ENV_VAR}")
    with path.open(encoding="utf-8") as stream:
        return cast(JsonObject, yaml.safe_load(stream))


def forget_loaded_spec() -> None:
    """Read the spec file anew on the next use (after ``$ONLYOFFICE_SPEC`` changed, as tests of spec changes do)."""
    load_spec.cache_clear()
    _registry.cache_clear()


def component_schema(name: str) -> JsonObject:
    """``components/schemas/<name>``, unresolved."""
    return cast(JsonObject, load_spec()["components"]["schemas"][name])


def enum_values(name: str) -> list[Any]:
    """The ``enum`` of a component schema, in spec order."""
    return list(component_schema(name)["enum"])


def enum_members(name: str) -> dict[str, Any]:
    """Readable member name -> value of an enum with ``x-enum-varnames``."""
    schema = component_schema(name)
    return dict(zip(schema["x-enum-varnames"], schema["enum"], strict=True))


def operation(path: str, method: str) -> JsonObject:
    """The operation object of ``method`` on ``path``."""
    return cast(JsonObject, load_spec()["paths"][path][method.lower()])


def query_parameter_names(path: str, method: str = "get") -> list[str]:
    """The wire names of an operation's query parameters, in spec order."""
    return [p["name"] for p in operation(path, method).get("parameters", []) if p["in"] == "query"]


def resolve(node: JsonObject) -> JsonObject:
    """Follow local ``$ref`` pointers (``#/...``) until a non-reference object is reached."""
    while "$ref" in node:
        target: Any = load_spec()
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = target
    return node


def response_media(path: str, method: str, status: int | str) -> dict[str, JsonObject]:
    """Media type -> media type object of the documented response (``{}`` when not documented)."""
    responses = operation(path, method)["responses"]
    response = responses.get(str(status))
    return {} if response is None else dict(resolve(response).get("content", {}))


@cache
def _registry() -> Registry[Any]:
    resource = Resource.from_contents(load_spec(), default_specification=DRAFT202012)
    registry: Registry[Any] = Registry().with_resource(_SPEC_URI, resource)
    return registry


def validator_for(pointer: str) -> Draft202012Validator:
    """A format-checking validator for the schema at a JSON pointer of the spec, e.g.
    ``#/components/schemas/Invoice``; ``$ref`` inside it resolve against the whole spec."""
    return Draft202012Validator(
        {"$ref": f"{_SPEC_URI}{pointer}"},
        registry=_registry(),
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )


def response_validator(path: str, method: str, status: int | str) -> Draft202012Validator | None:
    """A validator for the JSON body of a documented response, or None when it has no JSON body."""
    media = response_media(path, method, status)
    if "application/json" not in media:
        return None
    responses = operation(path, method)["responses"]
    response = responses[str(status)]
    if "$ref" in response:
        pointer = response["$ref"].removeprefix("#")
    else:
        escaped = path.replace("~", "~0").replace("/", "~1")
        pointer = f"/paths/{escaped}/{method.lower()}/responses/{status}"
    return validator_for(f"#{pointer}/content/application~1json/schema")
