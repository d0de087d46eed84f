"""Row writers for CSV, JSON, JSON Lines and XLSX; each streams rows as they come and returns how many it wrote.

- CSV: UTF-8, a header row, RFC 4180 quoting; dates ``YYYY-MM-DD``, date-times ISO 8601 with the portal's
  offset, money as exact decimal text (``1250.50``), nothing for a missing value.
- JSON Lines: one object per line; JSON: one array written object by object. Money is a string (``"1250.50"``)
  so no reader turns it into a float; a missing value is ``null``.
- XLSX (XlsxWriter in constant-memory mode, rows flushed as written): typed cells, dates as dates, money as
  numbers shown with two decimals, a bold frozen header with filters.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Iterable, Sequence
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import Any, TextIO

from ._cells import CellValue
from ._errors import UsageError

XLSX_MAX_DATA_ROWS = 1_048_575  # Excel's 1,048,576 rows less the header


class ExportFormat(StrEnum):
    """The formats ``invoices export`` writes."""

    CSV = "csv"
    XLSX = "xlsx"
    JSON = "json"
    JSONL = "jsonl"

    @property
    def is_binary(self) -> bool:
        """Whether the output is not text (cannot go to a terminal)."""
        return self is ExportFormat.XLSX


FORMAT_BY_EXTENSION = {
    ".csv": ExportFormat.CSV,
    ".xlsx": ExportFormat.XLSX,
    ".json": ExportFormat.JSON,
    ".jsonl": ExportFormat.JSONL,
    ".ndjson": ExportFormat.JSONL,
}


def format_of(given: ExportFormat | None, output: Path | None) -> ExportFormat:
    """The format of an export: ``--format`` when given, else the one the ``--output`` extension names, else CSV.

    Raises:
        UsageError: ``--format`` and a known extension disagree (``-f csv -o all.xlsx``): the file would be named
            for one format and hold another.
    """
    named = FORMAT_BY_EXTENSION.get(output.suffix.lower()) if output is not None else None
    if given is None:
        return named or ExportFormat.CSV
    if named is not None and named is not given:
        raise UsageError(
            f"--format {given.value} does not match {output}, a .{named.value} name: leave out --format, "
            f"or name the file .{given.value}."
        )
    return given


def write_csv(stream: TextIO, names: Sequence[str], rows: Iterable[Sequence[CellValue]]) -> int:
    """Write a header and ``rows`` as CSV to ``stream`` (opened with ``newline=""``)."""
    writer = csv.writer(stream)
    writer.writerow(names)
    count = 0
    datetime = dt.datetime
    for row in rows:
        # csv writes str(value): right for str, int, Decimal and date; a datetime needs the ISO "T" form.
        writer.writerow([value.isoformat() if type(value) is datetime else value for value in row])
        count += 1
    return count


def json_value(value: object) -> Any:
    """``json.dumps``' fallback for the cell types it does not know: Decimal, date and datetime as text."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.date):  # also datetime
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def _json_object(names: Sequence[str], row: Sequence[CellValue]) -> str:
    return json.dumps(dict(zip(names, row, strict=True)), ensure_ascii=False, default=json_value)


def write_jsonl(stream: TextIO, names: Sequence[str], rows: Iterable[Sequence[CellValue]]) -> int:
    """One JSON object per line."""
    count = 0
    for row in rows:
        stream.write(_json_object(names, row) + "\n")
        count += 1
    return count


def write_json(stream: TextIO, names: Sequence[str], rows: Iterable[Sequence[CellValue]]) -> int:
    """One JSON array of objects, written object by object (one per line)."""
    stream.write("[")
    count = 0
    for row in rows:
        stream.write(("\n" if count == 0 else ",\n") + _json_object(names, row))
        count += 1
    stream.write("\n]\n" if count else "]\n")
    return count


COLUMN_WIDTHS = {"contact": 32, "consignee": 32, "opportunity": 32, "description": 40, "terms": 30, "created": 20}


def write_xlsx(path: Path, names: Sequence[str], rows: Iterable[Sequence[CellValue]], *, tmpdir: Path) -> int:
    """An .xlsx workbook at ``path`` with one sheet "Invoices"; raises ``OSError`` when it cannot be written.

    XlsxWriter keeps the rows in temporary files in ``tmpdir`` until the end (give a private folder the caller
    removes: they hold the exported data). On a failure the workbook is not assembled: the caller discards it.
    """
    import xlsxwriter  # type: ignore[import-untyped]  # XlsxWriter ships no type hints
    from xlsxwriter.exceptions import FileCreateError  # type: ignore[import-untyped]

    workbook = xlsxwriter.Workbook(
        str(path),
        {
            "tmpdir": str(tmpdir),  # not the system's temporary folder
            "constant_memory": True,  # each row goes to disk when the next starts: memory stays flat
            "strings_to_numbers": False,
            "strings_to_formulas": False,  # a contact called "=1+1" stays text
            "strings_to_urls": False,
            "remove_timezone": True,  # Excel has no time zones: keep the portal's clock time
        },
    )
    sheet = workbook.add_worksheet("Invoices")
    header = workbook.add_format({"bold": True})
    date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
    datetime_format = workbook.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
    money_format = workbook.add_format({"num_format": "#,##0.00"})
    for index, name in enumerate(names):
        sheet.set_column(index, index, COLUMN_WIDTHS.get(name, max(12, len(name) + 2)))
    sheet.write_row(0, 0, names, header)
    sheet.freeze_panes(1, 0)
    count = 0
    for count, row in enumerate(rows, start=1):  # count is the number written
        if count > XLSX_MAX_DATA_ROWS:
            raise OverflowError(f"an xlsx sheet holds at most {XLSX_MAX_DATA_ROWS:,} invoices")
        for column, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, str):
                sheet.write_string(count, column, value)
            elif isinstance(value, Decimal):
                # Excel stores doubles; a two-decimal amount below 10^13 reads back as the same decimal.
                sheet.write_number(count, column, float(value), money_format)
            elif isinstance(value, dt.datetime):
                sheet.write_datetime(count, column, value, datetime_format)
            elif isinstance(value, dt.date):
                sheet.write_datetime(count, column, value, date_format)
            else:
                sheet.write_number(count, column, value)
    sheet.autofilter(0, 0, count, len(names) - 1)
    try:
        workbook.close()
    except FileCreateError as error:  # XlsxWriter wraps the OSError of writing the zip (a full disk...)
        cause = error.args[0] if error.args else None
        raise cause if isinstance(cause, OSError) else OSError(str(error)) from None
    return count
