"""Custom schemathesis checks, registered on import (pytest suite and ``SCHEMATHESIS_HOOKS`` alike)."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Iterator
from types import ModuleType
from typing import Any

import httpx
import schemathesis
from schemathesis.specs.openapi.checks import negative_data_rejection

from onlyoffice_crm_client import Client
from onlyoffice_crm_client.api.authentication import authenticate
from onlyoffice_crm_client.api.invoices import get_invoices
from onlyoffice_mock_portal import spec

from .leniency import leniency_reasons

PARSERS: dict[tuple[str, str], ModuleType] = {
    ("GET", spec.FILTER_PATH): get_invoices,
    ("POST", spec.AUTHENTICATION_PATH): authenticate,
}
_PARSING_CLIENT = Client(base_url="http://unused.invalid")


@schemathesis.check
def negative_data_rejection_unless_lenient(ctx: Any, response: Any, case: Any) -> bool | None:
    """The built-in negative_data_rejection, except where leniency.py documents that the server accepts it."""
    meta = case.meta
    negative = meta is not None and meta.generation.mode.is_negative
    if negative and response.status_code < 300 and leniency_reasons(case.query) is not None:
        return None
    result: bool | None = negative_data_rejection(ctx, response, case)
    return result


def _leaves(node: Any, path: str = "") -> Iterator[tuple[str, Any]]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _leaves(value, f"{path}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _leaves(value, f"{path}/{index}")
    else:
        yield path or "/", node


def _as_datetime(value: Any) -> dt.datetime | None:
    if not isinstance(value, str) or len(value) < 19 or value[10:11] != "T":
        return None
    try:
        return dt.datetime.fromisoformat(value)
    except ValueError:
        return None


def first_difference(wire: Any, written: Any, path: str = "") -> str | None:
    """Where ``written`` (a model's ``to_dict()``) loses or changes what ``wire`` said, or None.

    Numbers are compared by value (``1.00`` is ``1.0``); dates by the instant (Python keeps microseconds).
    """
    if isinstance(wire, dict) and isinstance(written, dict):
        for key, value in wire.items():
            if key not in written:
                return f"{path}/{key} = {value!r} was dropped"
            found = first_difference(value, written[key], f"{path}/{key}")
            if found:
                return found
        extra = set(written) - set(wire)
        return f"{path}/{sorted(extra)[0]} appeared" if extra else None
    if isinstance(wire, list) and isinstance(written, list):
        if len(wire) != len(written):
            return f"{path} has {len(written)} items instead of {len(wire)}"
        for index, (left, right) in enumerate(zip(wire, written, strict=True)):
            found = first_difference(left, right, f"{path}/{index}")
            if found:
                return found
        return None
    moments = _as_datetime(wire), _as_datetime(written)
    if moments[0] is not None and moments[1] is not None:
        same = moments[0].replace(microsecond=0) == moments[1].replace(microsecond=0) and abs(
            moments[0] - moments[1]
        ) < dt.timedelta(microseconds=1)
        return None if same else f"{path} = {wire!r} came back as {written!r}"
    if isinstance(wire, bool) or isinstance(written, bool):
        return None if wire is written else f"{path} = {wire!r} came back as {written!r}"
    return None if wire == written else f"{path} = {wire!r} came back as {written!r}"


_DATE_SHAPED = re.compile(r"\d{4}-\d\d-\d\d[Tt ]")
_BAD_ENUM = re.compile(r"^'?(-?\d+)'? is not a valid")


def _culprit(document: Any, error: Exception) -> str:
    """The field whose value made the client's parser fail, when it can be told."""
    message = str(error)
    leaves = list(_leaves(document))
    for path, value in leaves:  # a string the error quotes
        if isinstance(value, str) and value and repr(value) in message:
            return f"{path} = {value!r}"
    for path, value in leaves:  # a date Python cannot read (its error does not quote it)
        if isinstance(value, str) and _DATE_SHAPED.match(value) and _as_datetime(value) is None:
            return f"{path} = {value!r}"
    bad_enum = _BAD_ENUM.match(message)
    if bad_enum:
        return f"a value {bad_enum.group(1)}"
    if isinstance(error, KeyError):
        return f"missing key {message}"
    return "(field not identified)"


@schemathesis.check
def client_reads_response(ctx: Any, response: Any, case: Any) -> bool | None:
    """The generated client parses the response and ``to_dict()`` gives back what the wire said."""
    module = PARSERS.get((case.method.upper(), case.operation.path))
    if module is None:
        return None
    headers = [(name, value) for name, values in response.headers.items() for value in values]
    raw = httpx.Response(response.status_code, content=response.content, headers=headers)
    build: Callable[..., Any] = module._build_response
    try:
        parsed = build(client=_PARSING_CLIENT, response=raw).parsed
    except Exception as error:
        try:
            document: Any = json.loads(response.content)
        except ValueError:
            document = None
        raise AssertionError(
            f"The generated client cannot read this {response.status_code} response: "
            f"{_culprit(document, error)}: {type(error).__name__}: {error}"
        ) from None
    if parsed is None or isinstance(parsed, str):
        return None  # undocumented status, or the plain-text 401
    lost = first_difference(json.loads(response.content), parsed.to_dict())
    if lost:
        raise AssertionError(f"The generated client loses data of this {response.status_code} response: {lost}")
    return None
