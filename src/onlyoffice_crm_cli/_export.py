"""Writing an export's rows where they go: a file complete or not at all, a device or FIFO as it is, or standard
output; and what an interrupted export says about its file."""

from __future__ import annotations

import io
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO, TextIO

from ._errors import CliError
from ._output_file import ExportTarget, TargetKind, completed_file, opened_stream, private_folder
from ._writers import ExportFormat, write_csv, write_json, write_jsonl, write_xlsx


def left_as_it_was(output: Path | None) -> str:
    """What an interrupted export says about its file, decided before it starts: an existing file is unchanged,
    a new one was not written."""
    if output is None:
        return "."
    return f": {output} is unchanged." if output.exists() else f": {output} was not written."


def export(export_format: ExportFormat, target: ExportTarget | None, names: list[str], rows: Iterator[Any]) -> int:
    """Write the rows to ``target`` (a file complete or not at all, or a device or FIFO as it is) or to standard
    output; return how many. Any ``OSError`` (a full disk, a read-only file system) is one line naming the file."""
    try:
        if target is None:
            if isinstance(sys.stdout, io.TextIOWrapper):
                sys.stdout.reconfigure(newline="")  # CSV writes its own \r\n: no translation on Windows
            if export_format.is_binary:
                count = write_to_stream(export_format, sys.stdout.buffer, names, rows)
                sys.stdout.flush()
                return count
            return write_rows(export_format, sys.stdout, names, rows)
        if target.kind is TargetKind.STREAM:
            with opened_stream(target.path) as stream:
                return write_to_stream(export_format, stream, names, rows)
        with completed_file(target.path, given=target.given) as temporary:
            if export_format.is_binary:
                return write_xlsx(temporary, names, rows, tmpdir=temporary.parent)
            with temporary.open("w", encoding="utf-8", newline="") as text:
                return write_rows(export_format, text, names, rows)
    except BrokenPipeError:
        raise
    except OSError as error:
        where = target.given if target is not None else "standard output"
        raise CliError(f"Cannot write {where}: {error.strerror or error}.") from None


def write_to_stream(export_format: ExportFormat, stream: BinaryIO, names: list[str], rows: Iterator[Any]) -> int:
    """Write the rows into an open binary stream; an xlsx workbook is assembled in a private folder first."""
    if export_format.is_binary:
        with private_folder() as folder:
            workbook = folder / "invoices.xlsx"
            count = write_xlsx(workbook, names, rows, tmpdir=folder)
            with workbook.open("rb") as source:
                shutil.copyfileobj(source, stream)
            return count
    text = io.TextIOWrapper(stream, encoding="utf-8", newline="", write_through=True)
    try:
        count = write_rows(export_format, text, names, rows)
        text.flush()
        return count
    finally:
        text.detach()  # the caller closes the stream


def write_rows(export_format: ExportFormat, target: TextIO, names: list[str], rows: Iterator[Any]) -> int:
    """Write ``rows`` in a text format (CSV, JSON, JSON Lines) to a text stream."""
    if export_format is ExportFormat.XLSX:
        raise TypeError("xlsx is written with write_xlsx into a file")
    writer = {ExportFormat.CSV: write_csv, ExportFormat.JSON: write_json, ExportFormat.JSONL: write_jsonl}
    return writer[export_format](target, names, rows)
