"""``--data FILE``: a user's wire-format invoices, validated to the spec's formats, into columns.

Every problem of every invoice is listed in one :class:`DataFileError`, each with its path
(``invoices[3].currency.abbreviation: missing``); the checks are in :mod:`.record_checks`.
"""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Sequence
from itertools import islice
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from .columns import DataFileError, InvoiceData, SharedTable
from .fields import VALUE_KINDS, InvoiceField, field_named, invoice_example, invoice_fields
from .record_checks import RecordChecker
from .wire import encode_value, wire_to_micros

MAX_SHOWN = 50
"""Problems listed in one :class:`DataFileError`; the rest are counted."""
MAX_DATA_FILE_BYTES = 256 * 1024 * 1024
"""The largest ``--data`` file read (256 MiB, some 150,000 invoices of the spec's example's size): a larger one, or
one that is no regular file (``/dev/zero``, a FIFO, a folder), is refused before anything is read."""


class DataFileRefusedError(DataFileError):
    """``--data`` names no regular file, or one larger than :data:`MAX_DATA_FILE_BYTES`: nothing of it was read."""


def _kind(mode: int) -> str:
    for test, kind in ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO (named pipe)"),
                       (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
                       (stat.S_ISSOCK, "a socket")):  # fmt: skip
        if test(mode):
            return kind
    return "no regular file"


def _too_large(path: Path, size: int) -> DataFileRefusedError:
    return DataFileRefusedError(f"{path} is larger than the {MAX_DATA_FILE_BYTES // 2**20} MiB a data file may hold "
                           f"({size / 2**20:.1f} MiB)")  # fmt: skip


def read_data_file(path: Path) -> bytes:
    """The bytes of a regular file of at most :data:`MAX_DATA_FILE_BYTES`; :class:`DataFileRefusedError` for anything
    else, :class:`DataFileError` when it cannot be read. Opened without blocking (a FIFO with no writer would hang
    an open) and checked on the opened file, so what is checked is what is read."""
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as error:
        raise DataFileError(f"cannot read {path}: {error.strerror}") from None
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            raise DataFileRefusedError(f"{path} is {_kind(status.st_mode)}, not a regular file")
        if status.st_size > MAX_DATA_FILE_BYTES:
            raise _too_large(path, status.st_size)
        with os.fdopen(descriptor, "rb", closefd=False) as file:
            content = file.read(MAX_DATA_FILE_BYTES + 1)  # a file that grew since: still no more than the limit
    except OSError as error:
        raise DataFileError(f"cannot read {path}: {error.strerror}") from None
    finally:
        os.close(descriptor)
    if len(content) > MAX_DATA_FILE_BYTES:
        raise _too_large(path, len(content))
    return content


def _read(path: Path) -> list[Any]:
    content = read_data_file(path)
    try:
        document = json.loads(content)
    except RecursionError:
        raise DataFileError(f"{path}: JSON nested too deeply") from None
    except MemoryError:
        raise DataFileError(f"{path}: not enough memory to read it") from None
    except ValueError as error:
        raise DataFileError(f"{path} is not JSON: {error}") from None
    invoices = document.get("response") if isinstance(document, dict) else document
    if not isinstance(invoices, list):
        raise DataFileError(f"{path} holds neither a list of invoices nor a response envelope")
    return invoices


def load_file(path: Path, offset_minutes: int) -> InvoiceData:
    """The invoices of a JSON file (a list of invoices or a filter response envelope), validated."""
    return load_records(_read(path), offset_minutes, source=str(path))


def load_records(invoices: list[Any], offset_minutes: int, source: str = "records") -> InvoiceData:
    """Wire-format invoices (as a ``--data`` file holds them), validated as the file is; ``source`` names them
    in a :class:`DataFileError`, which lists every problem (the first :data:`MAX_SHOWN`), each with its path."""
    problems = RecordChecker(offset_minutes).problems(invoices)
    shown = [str(problem) for problem in islice(problems, MAX_SHOWN)]
    if shown:
        raise DataFileError(problems_message(source, shown, len(shown) + sum(1 for _ in problems)))
    return from_wire(invoices, offset_minutes)


def problems_message(source: str, shown: list[str], total: int) -> str:
    """One line for one problem; else a count, then a line per shown problem and how many more there are."""
    if total == 1:
        return f"{source}: {shown[0]}"
    lines = [f"{source}: {total} problems:", *(f"  {line}" for line in shown)]
    if total > len(shown):
        lines.append(f"  and {total - len(shown)} more")
    return "\n".join(lines)


class _Codes:
    """Distinct values in first-seen order and the code of each."""

    def __init__(self) -> None:
        self.values: list[Any] = []
        self._codes: dict[Any, int] = {}

    def code(self, value: Any) -> int:
        found = self._codes.get(value)
        if found is None:
            found = self._codes[value] = len(self.values)
            self.values.append(value)
        return found


def _cell(field: InvoiceField, value: Any, codes: dict[str, _Codes], first: dict[str, dict[int, Any]]) -> Any:
    """What a field's column holds for this wire value (see :class:`InvoiceData`); None for a null value."""
    kind = field.kind
    if value is None and kind in ("object", "text"):
        return -1
    if value is None:
        return None
    if kind == "date":
        return wire_to_micros(value)
    if kind == "money":
        return round(value * 100)
    if field.unique_text:
        return value.encode("utf-8", "surrogatepass")
    if kind == "text":
        return codes[field.name].code(value)
    if kind in ("object", "json"):
        row = codes[field.table].code(encode_value(value))
        first[field.table].setdefault(row, value)
        return row
    return value


def from_wire(invoices: list[dict[str, Any]], offset_minutes: int) -> InvoiceData:
    """Columns and shared tables for valid wire-format invoices (nested objects de-duplicated by their JSON)."""
    fields = invoice_fields()
    known = {field.name for field in fields}
    codes = {field.table if field.kind in ("object", "json") else field.name: _Codes() for field in fields}
    first: dict[str, dict[int, Any]] = {name: {} for name in codes}
    cells: dict[str, list[Any]] = {field.name: [] for field in fields}
    extras: dict[int, str] = {}
    for position, invoice in enumerate(invoices):
        for field in fields:
            cells[field.name].append(_cell(field, invoice.get(field.name), codes, first))
        extra = {key: value for key, value in invoice.items() if key not in known}
        if extra:
            extras[position] = "," + encode_value(extra)[1:-1]
    columns: dict[str, npt.NDArray[Any]] = {}
    nulls: dict[str, npt.NDArray[np.bool_]] = {}
    for field in fields:
        values = cells[field.name]
        if field.kind in VALUE_KINDS:
            if field.nullable:
                nulls[field.name] = np.array([value is None for value in values], dtype=np.bool_)
            values = [0 if value is None else value for value in values]
        if field.unique_text:
            columns[field.name] = np.array(values or [b""], dtype=np.bytes_)[: len(values)]
        else:
            columns[field.name] = np.array(values, dtype=field.dtype)
    tables = {
        field.table: SharedTable(codes[field.table].values) for field in fields if field.kind in ("object", "json")
    }
    texts = {field.name: codes[field.name].values for field in fields if field.kind == "text" and not field.unique_text}
    objects = {name: [first[name][row] for row in range(len(codes[name].values))] for name in tables}
    contacts = objects[field_named()["contact"].table]
    statuses = [status["id"] for status in objects[field_named()["status"].table]]
    return InvoiceData(
        columns=columns,
        texts=texts,
        tables=tables,
        nulls=nulls,
        status_ids=np.array(statuses or [0], dtype=np.int32)[columns["status"]],
        contact_ids=np.array(
            [invoice["contact"]["id"] if invoice["contact"] else 0 for invoice in invoices], dtype=np.int32
        ),
        contact_names=[contact["displayName"] for contact in contacts],
        contact_visible=np.ones(len(contacts), dtype=np.bool_),
        entity_keys=[
            (entity["entityType"].lower(), entity["entityId"]) for entity in objects[field_named()["entity"].table]
        ],
        currency_codes=[currency["abbreviation"] for currency in objects[field_named()["currency"].table]],
        offset_minutes=offset_minutes,
        extras=extras,
    )


def with_examples(data: InvoiceData, names: Sequence[str]) -> None:
    """Give ``data`` (in place) these fields, with the spec example's value in every invoice (null for a
    nullable field the example lacks)."""
    if not names:
        return
    example = from_wire([invoice_example()], data.offset_minutes)
    count = len(data)
    contact_table = field_named()["contact"].table
    for name in names:
        field = field_named()[name]
        column = example.columns[name]
        if field.kind in ("object", "json") and column[0] >= 0:
            fragment = example.tables[field.table].fragments[column[0]]
            table = data.tables.setdefault(field.table, SharedTable([]))
            column = np.array([len(table)], dtype=np.int32)
            table.fragments.append(fragment)
            if field.table == contact_table:
                data.contact_names.append(str(json.loads(fragment).get("displayName", "")))
                data.contact_visible = np.append(data.contact_visible, True)
        data.columns[name] = np.repeat(column, count)
        if name in example.nulls:
            data.nulls[name] = np.repeat(example.nulls[name], count)
        if name in example.texts:
            data.texts[name] = example.texts[name]
