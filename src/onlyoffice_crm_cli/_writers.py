"""Row writers for CSV, JSON, JSON Lines and XLSX; each streams rows as they come and returns how many it wrote.

- CSV: UTF-8, a header row, RFC 4180 quoting; dates ``YYYY-MM-DD``, date-times ISO 8601 with the portal's
  offset, money as exact decimal text (``1250.50``), nothing for a missing value; a text cell that a spreadsheet
  would run as a formula gets a leading ``'`` (:func:`~._spreadsheet_text.csv_cell`).
- JSON Lines: one object per line; JSON: one array written object by object. Money is a string (``"1250.50"``)
  so no reader turns it into a float; a missing value is ``null``.
- XLSX (XlsxWriter in constant-memory mode, rows flushed as written): typed cells, dates as dates, money as
  numbers shown with two decimals, a bold frozen header with filters; a text longer than a cell holds is refused
  or, when asked, continued in the rows below, never cut; every return code of XlsxWriter is checked.
- Every text is repaired (unpaired surrogates as U+FFFD); written to a terminal, CSV and JSON text shows control
  characters as escapes (:func:`~._terminal_text.terminal_str`), as ``ls`` does with names.
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

from ._cells import CellValue, row_name
from ._errors import CliError, UsageError
from ._spreadsheet_text import XLSX_CELL_LIMIT, CellTooLongError, csv_cell, utf16_length, xlsx_pieces, xlsx_text
from ._surrogates import repaired
from ._terminal_text import terminal_str

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


def is_terminal(stream: TextIO) -> bool:
    """Whether ``stream`` is a terminal (where text from the data must not bring escape sequences)."""
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # no isatty, or closed
        return False


def write_csv(
    stream: TextIO, names: Sequence[str], rows: Iterable[Sequence[CellValue]], *, formula_guard: bool = True
) -> int:
    """Write a header and ``rows`` as CSV to ``stream`` (opened with ``newline=""``); with ``formula_guard``
    (the default) a text cell that starts like a formula gets a leading ``'``."""
    writer = csv.writer(stream)
    writer.writerow(names)
    count = 0
    datetime = dt.datetime
    on_terminal = is_terminal(stream)
    for row in rows:
        # csv writes str(value): right for str, int, Decimal and date; a datetime needs the ISO "T" form.
        cells = [
            csv_cell(value, formula_guard=formula_guard)
            if type(value) is str
            else value.isoformat()
            if type(value) is datetime
            else value
            for value in row
        ]
        if on_terminal:
            cells = [terminal_str(value) if isinstance(value, str) else value for value in cells]
        writer.writerow(cells)
        count += 1
    return count


def json_value(value: object) -> Any:
    """``json.dumps``' fallback for the cell types it does not know: Decimal, date and datetime as text."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.date):  # also datetime
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def _json_object(names: Sequence[str], row: Sequence[CellValue], *, on_terminal: bool) -> str:
    text = terminal_str if on_terminal else repaired
    cells = [text(value) if isinstance(value, str) else value for value in row]
    return json.dumps(dict(zip(names, cells, strict=True)), ensure_ascii=False, default=json_value)


def write_jsonl(stream: TextIO, names: Sequence[str], rows: Iterable[Sequence[CellValue]]) -> int:
    """One JSON object per line."""
    count = 0
    on_terminal = is_terminal(stream)
    for row in rows:
        stream.write(_json_object(names, row, on_terminal=on_terminal) + "\n")
        count += 1
    return count


def write_json(stream: TextIO, names: Sequence[str], rows: Iterable[Sequence[CellValue]]) -> int:
    """One JSON array of objects, written object by object (one per line)."""
    stream.write("[")
    count = 0
    on_terminal = is_terminal(stream)
    for row in rows:
        stream.write(("\n" if count == 0 else ",\n") + _json_object(names, row, on_terminal=on_terminal))
        count += 1
    stream.write("\n]\n" if count else "]\n")
    return count


COLUMN_WIDTHS = {"contact": 32, "consignee": 32, "opportunity": 32, "description": 40, "terms": 30, "created": 20}


class XlsxWriterError(CliError):
    """XlsxWriter returned an error code for a cell (out of the sheet, or a string it would cut): nothing is
    written (exit code 1)."""


def _refused(code: int, where: str) -> XlsxWriterError:
    """The error for an XlsxWriter ``write_*`` return code other than 0: -1 out of the sheet, -2 a string cut."""
    what = "a string it would cut" if code == -2 else "a cell outside the sheet" if code == -1 else "an error"
    return XlsxWriterError(f"XlsxWriter refused {where} ({what}, code {code}), so nothing was written.")


def write_xlsx(
    path: Path,
    names: Sequence[str],
    rows: Iterable[Sequence[CellValue]],
    *,
    tmpdir: Path,
    split_cells: list[str] | None = None,
) -> int:
    """An .xlsx workbook at ``path`` with one sheet "Invoices"; raises ``OSError`` when it cannot be written.

    XlsxWriter keeps the rows in temporary files in ``tmpdir`` until the end (give a private folder the caller
    removes: they hold the exported data). On a failure the workbook is not assembled: the caller discards it.

    A text longer than a cell holds (:data:`~._spreadsheet_text.XLSX_CELL_LIMIT`) raises
    :class:`~._spreadsheet_text.CellTooLongError` naming the invoice and the column; given a ``split_cells``
    list, it is continued in the same column of the rows below instead (the row's other cells empty there), and
    ``"<column> of <invoice>"`` is appended to the list for the warning.
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
        if code := sheet.set_column(index, index, COLUMN_WIDTHS.get(name, max(12, len(name) + 2))):
            raise _refused(code, f"the width of column {index + 1:,}")
    if code := sheet.write_row(0, 0, names, header):
        raise _refused(code, "the header")
    sheet.freeze_panes(1, 0)
    count = 0
    line = 0  # the sheet's row of the last invoice's last line
    for count, row in enumerate(rows, start=1):  # count is the number written
        line += 1
        if line > XLSX_MAX_DATA_ROWS:
            raise OverflowError(f"an xlsx sheet holds at most {XLSX_MAX_DATA_ROWS:,} rows of invoices")
        continued: dict[int, list[str]] = {}
        for column, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, str):
                text = xlsx_text(value)
                if len(text) > XLSX_CELL_LIMIT // 2 and utf16_length(text) > XLSX_CELL_LIMIT:
                    if split_cells is None:
                        raise CellTooLongError(row_name(row, count), names[column], utf16_length(text))
                    text, *rest = xlsx_pieces(text)
                    continued[column] = rest
                    split_cells.append(f"{names[column]} of {row_name(row, count)}")
                code = sheet.write_string(line, column, text)
            elif isinstance(value, Decimal):
                # Excel stores doubles; a two-decimal amount below 10^13 reads back as the same decimal.
                code = sheet.write_number(line, column, float(value), money_format)
            elif isinstance(value, dt.datetime):
                code = sheet.write_datetime(line, column, value, datetime_format)
            elif isinstance(value, dt.date):
                code = sheet.write_datetime(line, column, value, date_format)
            else:
                code = sheet.write_number(line, column, value)
            if code:
                raise _refused(code, f"the {names[column]} of {row_name(row, count)}")
        for piece in range(max((len(rest) for rest in continued.values()), default=0)):
            line += 1
            if line > XLSX_MAX_DATA_ROWS:
                raise OverflowError(f"an xlsx sheet holds at most {XLSX_MAX_DATA_ROWS:,} rows of invoices")
            for column, rest in continued.items():
                if piece < len(rest) and (code := sheet.write_string(line, column, rest[piece])):
                    raise _refused(code, f"the {names[column]} of {row_name(row, count)}")
    if code := sheet.autofilter(0, 0, line, len(names) - 1):
        raise _refused(code, "the header's filters")
    try:
        workbook.close()
    except FileCreateError as error:  # XlsxWriter wraps the OSError of writing the zip (a full disk...)
        cause = error.args[0] if error.args else None
        raise cause if isinstance(cause, OSError) else OSError(str(error)) from None
    return count
