"""Comparing the wire JSON with what the generated client gives back, and naming the field that broke it."""

from __future__ import annotations

import datetime as dt
import linecache
import re
from collections.abc import Iterator
from typing import Any

_DATE_SHAPED = re.compile(r"\d{4}-\d\d-\d\d[Tt ]")
_BAD_ENUM = re.compile(r"^'?(-?\d+)'? is not a valid")
_POPPED_KEY = re.compile(r'd\.pop\("([^"]+)"')


def _leaves(node: Any, path: str = "") -> Iterator[tuple[str, Any]]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _leaves(value, f"{path}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _leaves(value, f"{path}/{index}")
    else:
        yield path or "/", node


def as_datetime(value: Any) -> dt.datetime | None:
    """``value`` read as a date and time, when it is one Python can read."""
    if not isinstance(value, str) or len(value) < 19 or value[10:11] != "T":
        return None
    try:
        return dt.datetime.fromisoformat(value)
    except ValueError:
        return None


def first_difference(wire: Any, written: Any, path: str = "") -> str | None:
    """Where ``written`` (a model's ``to_dict()``) loses or changes what ``wire`` said, or None.

    Numbers compare by value (``1.00`` is ``1``); dates by the instant both sides parse to; a key the model
    keeps in ``additional_properties`` is in ``written`` and so counts as kept.
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
    moments = as_datetime(wire), as_datetime(written)
    if moments[0] is not None and moments[1] is not None:
        return None if moments[0] == moments[1] else f"{path} = {wire!r} came back as {written!r}"
    if isinstance(wire, bool) or isinstance(written, bool):
        return None if wire is written else f"{path} = {wire!r} came back as {written!r}"
    return None if wire == written else f"{path} = {wire!r} came back as {written!r}"


def _paths_of(node: Any, wanted: Any, path: str = "") -> Iterator[str]:
    if node == wanted:
        yield path
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths_of(value, wanted, f"{path}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _paths_of(value, wanted, f"{path}/{index}")


def _from_traceback(document: Any, error: Exception) -> str | None:
    """The key the innermost generated ``from_dict`` was reading when it raised, with its value and path."""
    found: str | None = None
    traceback = error.__traceback__
    while traceback is not None:
        frame = traceback.tb_frame
        source = frame.f_locals.get("src_dict")
        line = linecache.getline(frame.f_code.co_filename, traceback.tb_lineno)
        key = _POPPED_KEY.search(line)
        if "onlyoffice_crm_client" in frame.f_code.co_filename and isinstance(source, dict) and key:
            name = key.group(1)
            where = next(_paths_of(document, source), "")
            found = f"{where}/{name} = {source.get(name)!r}"
        traceback = traceback.tb_next
    return found


def culprit(document: Any, error: Exception) -> str:
    """The field whose value made the client's parser fail, when it can be told."""
    located = _from_traceback(document, error)
    if located:
        return located
    message = str(error)
    leaves = list(_leaves(document))
    for path, value in leaves:  # a string the error quotes
        if isinstance(value, str) and value and repr(value) in message:
            return f"{path} = {value!r}"
    for path, value in leaves:  # a date Python cannot read (its error does not quote it)
        if isinstance(value, str) and _DATE_SHAPED.match(value) and as_datetime(value) is None:
            return f"{path} = {value!r}"
    bad_enum = _BAD_ENUM.match(message)
    if bad_enum:
        return f"a value {bad_enum.group(1)}"
    if isinstance(error, KeyError):
        return f"missing key {message}"
    return "(field not identified)"
