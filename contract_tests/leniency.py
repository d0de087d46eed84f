"""Where a real portal knowingly accepts what the spec tells clients not to send, parameter by parameter.

The spec describes what a client should send; the server is more forgiving in the ways listed here (from
the reference, read from the server's source). A negative test case whose only schema violations are in
these parameters may be answered 200 without breaking the contract.
"""

from __future__ import annotations

from typing import Any

from jsonschema import Draft202012Validator

from onlyoffice_mock_portal import spec

LENIENT_PARAMETERS: dict[str, str] = {
    "count": "ApiContext clamps the page size to 0..1000 instead of rejecting it",
    "startIndex": "ApiContext takes a negative start index as 0",
    "sortOrder": "every value but the exact `descending` sorts ascending",
    "sortBy": "an unknown sort key falls back to the default order",
    "status": "any Int32 parses as an InvoiceStatus (an unknown id matches nothing); names and titles too",
    "entityType": "the server compares the entity type case-insensitively",
    "issueDateFrom": "ApiDateTime also reads offset-less and date-only values, in the portal's time zone",
    "issueDateTo": "ApiDateTime also reads offset-less and date-only values, in the portal's time zone",
    "dueDateFrom": "ApiDateTime also reads offset-less and date-only values, in the portal's time zone",
    "dueDateTo": "ApiDateTime also reads offset-less and date-only values, in the portal's time zone",
}
EMPTY_VALUE_REASON = "an empty value is taken as 'not given' by the server's binder"


def _parameter_validators() -> dict[str, Draft202012Validator]:
    parameters = spec.operation(spec.FILTER_PATH, "get")["parameters"]
    return {
        parameter["name"]: Draft202012Validator(
            spec.resolve(parameter["schema"]), format_checker=Draft202012Validator.FORMAT_CHECKER
        )
        for parameter in parameters
    }


_VALIDATORS = _parameter_validators()


def _as_wire_value(value: Any, schema_type: str | None) -> Any:
    """The value the server reads: the first of repeated values, numbers read back from text."""
    if isinstance(value, list):
        value = value[0] if value else ""
    if schema_type == "integer" and isinstance(value, str) and value.strip().lstrip("+-").isdigit():
        return int(value)
    if isinstance(value, bool):
        return str(value).lower()
    return value


def invalid_parameters(query: dict[str, Any] | None) -> set[str]:
    """Names of the query parameters whose value the spec does not allow."""
    invalid: set[str] = set()
    for name, value in (query or {}).items():
        validator = _VALIDATORS.get(name)
        if validator is None:
            invalid.add(name)
            continue
        schema = validator.schema
        wire = _as_wire_value(value, schema.get("type") if isinstance(schema, dict) else None)
        if not validator.is_valid(wire):
            invalid.add(name)
    return invalid


def leniency_reasons(query: dict[str, Any] | None) -> dict[str, str] | None:
    """Why a 200 for this query is not a contract failure, per invalid parameter; None when it is one."""
    reasons: dict[str, str] = {}
    for name in invalid_parameters(query):
        value = (query or {})[name]
        if value in ("", [""]):
            reasons[name] = EMPTY_VALUE_REASON
        elif name in LENIENT_PARAMETERS:
            reasons[name] = LENIENT_PARAMETERS[name]
        else:
            return None
    return reasons
