"""The suite's own schemathesis checks; :func:`register_checks` registers them where a schema is set up
(``target.load_schema``)."""

from __future__ import annotations

import json
from collections.abc import Callable
from types import ModuleType
from typing import Any

import httpx
import schemathesis
from schemathesis.core.parameters import ParameterLocation
from schemathesis.specs.openapi.checks import negative_data_rejection

import onlyoffice_crm_spec as spec
from onlyoffice_crm_client import Client
from onlyoffice_crm_client.api.authentication import authenticate
from onlyoffice_crm_client.api.invoices import get_invoices

from .leniency import invalid_parameters, leniency_reasons
from .wire_diff import culprit, first_difference

PARSERS: dict[tuple[str, str], ModuleType] = {
    ("GET", spec.FILTER_PATH): get_invoices,
    ("POST", spec.AUTHENTICATION_PATH): authenticate,
}
_PARSING_CLIENT = Client(base_url="http://unused.invalid")


def mutated_query_parameters(case: Any) -> set[str]:
    """The query parameters a negative case broke, as its ``meta`` records them; empty when it broke anything
    else (a header, the body, a missing parameter) or names nothing (then the query is re-validated)."""
    data = case.meta.phase.data
    named = {data.parameter} if data.parameter else set()
    named |= {mutation.parameter for mutation in data.mutations if mutation.parameter}
    locations = {data.parameter_location} | {mutation.parameter_location for mutation in data.mutations}
    if locations - {ParameterLocation.QUERY, None}:
        return set()
    return named or invalid_parameters(case.query)


def negative_data_rejection_unless_lenient(ctx: Any, response: Any, case: Any) -> bool | None:
    """The built-in negative_data_rejection, except where leniency.TABLE says the server accepts the value."""
    meta = case.meta
    negative = meta is not None and meta.generation.mode.is_negative
    if negative and 200 <= response.status_code < 300 and leniency_reasons(mutated_query_parameters(case), case.query):
        return None
    result: bool | None = negative_data_rejection(ctx, response, case)
    return result


def client_reads_response(ctx: Any, response: Any, case: Any) -> bool | None:
    """The generated client parses the response and ``to_dict()`` gives back what the wire said."""
    module = PARSERS.get((case.method.upper(), case.operation.path))
    if module is None:
        return None
    headers = [(name, value) for name, values in response.headers.items() for value in values]
    raw = httpx.Response(response.status_code, content=response.content, headers=headers)
    build: Callable[..., Any] = module.build_response
    try:
        parsed = build(client=_PARSING_CLIENT, response=raw).parsed
    except Exception as error:
        try:
            document: Any = json.loads(response.content)
        except ValueError:
            document = None
        raise AssertionError(
            f"The generated client cannot read this {response.status_code} response: "
            f"{culprit(document, error)}: {type(error).__name__}: {error}"
        ) from None
    if parsed is None or isinstance(parsed, str):
        return None  # an undocumented status, or the plain-text 401
    lost = first_difference(json.loads(response.content), parsed.to_dict())
    if lost:
        raise AssertionError(f"The generated client loses data of this {response.status_code} response: {lost}")
    return None


def register_checks() -> None:
    """Register the suite's checks with schemathesis (again is harmless: the same functions replace themselves);
    ``schemathesis.toml`` turns off the built-in check that the first one replaces."""
    for check in (negative_data_rejection_unless_lenient, client_reads_response):
        schemathesis.check(check)
