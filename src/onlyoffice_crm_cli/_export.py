"""Writing an export's rows where they go: a file complete or not at all, a device or FIFO as it is, or standard
output; and what an interrupted export says about its file."""

from __future__ import annotations

import io
import shutil
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, BinaryIO, TextIO

import typer

from onlyoffice_crm import Invoice

from ._cells import InvoiceRow
from ._columns import Column, read_row
from ._errors import CliError, UsageError
from ._output_file import ExportTarget, TargetKind, completed_file, opened_stream, private_folder
from ._spreadsheet_text import XLSX_CELL_LIMIT
from ._terminal_text import terminal_str
from ._writers import ExportFormat, write_csv, write_json, write_jsonl, write_xlsx

FormulaGuardOption = Annotated[
    bool,
    typer.Option(
        "--formula-guard/--no-formula-guard",
        help="CSV: put a ' before a text cell that starts with = + - @, a tab or a carriage return, so that a "
        "spreadsheet opening the file shows it as text instead of running it as a formula (OWASP). Turn it off only "
        "for a program that needs the text unchanged.",
    ),
]
"""``--formula-guard/--no-formula-guard`` (on by default) of ``export`` and ``totals``."""
SplitLongCellsOption = Annotated[
    bool,
    typer.Option(
        "--split-long-cells",
        help=f"xlsx: continue a text longer than a cell holds ({XLSX_CELL_LIMIT:,} characters) in the same column "
        "of the rows below, with a warning, instead of refusing the export.",
    ),
]
"""``--split-long-cells`` of ``export``."""


@dataclass(frozen=True)
class CellSafety:
    """How an export neutralises its cells (``--formula-guard/--no-formula-guard``, ``--split-long-cells``)."""

    formula_guard: bool = True
    """CSV: a text cell that starts like a formula gets a leading ``'``."""
    split_long_cells: bool = False
    """XLSX: a text too long for a cell continues in the rows below (else the export is refused)."""

    def check(self, export_format: ExportFormat) -> None:
        """``--split-long-cells`` is for xlsx only: asked for another format, it is a usage error."""
        if self.split_long_cells and export_format is not ExportFormat.XLSX:
            raise UsageError(
                f"--split-long-cells is for xlsx ({export_format.value} holds text of any length): leave it out."
            )


def invoice_name(invoice: Invoice) -> str:
    """``invoice INV-000002 (id 2)``: how a message names an invoice (its number shown safely)."""
    return f"invoice {terminal_str(invoice.number)} (id {invoice.id})"


def invoice_rows(columns: Sequence[Column], invoices: Iterable[Invoice]) -> Iterator[InvoiceRow]:
    """The rows of ``invoices`` in ``columns``, each knowing its invoice (for a message that must name it)."""
    for invoice in invoices:
        yield InvoiceRow(invoice_name(invoice), read_row(columns, invoice))


def warn_split(split: list[str]) -> None:
    """One line on stderr naming the cells ``--split-long-cells`` continued in the rows below."""
    if not split:
        return
    shown = ", ".join(split[:5]) + (f" and {len(split) - 5:,} more" if len(split) > 5 else "")
    cells = f"{len(split):,} cell{'s' if len(split) != 1 else ''}"
    typer.echo(
        f"Warning: {cells} longer than an xlsx cell holds ({XLSX_CELL_LIMIT:,} characters) continue in the rows "
        f"below their invoice (--split-long-cells): {shown}. Sorting or filtering the sheet separates them.",
        err=True,
    )


def left_as_it_was(output: Path | None) -> str:
    """What an interrupted export says about its file, decided before it starts: an existing file is unchanged,
    a new one was not written."""
    if output is None:
        return "."
    return f": {output} is unchanged." if output.exists() else f": {output} was not written."


def export(
    export_format: ExportFormat,
    target: ExportTarget | None,
    names: list[str],
    rows: Iterator[Any],
    safety: CellSafety | None = None,
) -> int:
    """Write the rows to ``target`` (a file complete or not at all, or a device or FIFO as it is) or to standard
    output; return how many. Any ``OSError`` (a full disk, a read-only file system) is one line naming the file.

    ``safety`` (default: the formula guard on, no splitting) says how cells are neutralised; a cell too long for
    xlsx is refused before anything is written, unless ``safety`` splits it (then a warning line says which)."""
    safety = safety or CellSafety()
    split: list[str] | None = [] if safety.split_long_cells else None
    try:
        if target is None:
            if isinstance(sys.stdout, io.TextIOWrapper):
                sys.stdout.reconfigure(newline="")  # CSV writes its own \r\n: no translation on Windows
            if export_format.is_binary:
                count = write_to_stream(export_format, sys.stdout.buffer, names, rows, split)
                sys.stdout.flush()
            else:
                count = write_rows(export_format, sys.stdout, names, rows, safety.formula_guard)
        elif target.kind is TargetKind.STREAM:
            with opened_stream(target.path) as stream:
                count = write_to_stream(export_format, stream, names, rows, split, safety.formula_guard)
        else:
            with completed_file(target.path, given=target.given) as temporary:
                if export_format.is_binary:
                    count = write_xlsx(temporary, names, rows, tmpdir=temporary.parent, split_cells=split)
                else:
                    with temporary.open("w", encoding="utf-8", newline="") as text:
                        count = write_rows(export_format, text, names, rows, safety.formula_guard)
        warn_split(split or [])
        return count
    except BrokenPipeError:
        raise
    except OSError as error:
        where = target.given if target is not None else "standard output"
        raise CliError(f"Cannot write {where}: {error.strerror or error}.") from None


def write_to_stream(
    export_format: ExportFormat,
    stream: BinaryIO,
    names: list[str],
    rows: Iterator[Any],
    split_cells: list[str] | None = None,
    formula_guard: bool = True,
) -> int:
    """Write the rows into an open binary stream; an xlsx workbook is assembled in a private folder first
    (``split_cells``: as for :func:`~._writers.write_xlsx`)."""
    if export_format.is_binary:
        with private_folder() as folder:
            workbook = folder / "invoices.xlsx"
            count = write_xlsx(workbook, names, rows, tmpdir=folder, split_cells=split_cells)
            with workbook.open("rb") as source:
                shutil.copyfileobj(source, stream)
            return count
    text = io.TextIOWrapper(stream, encoding="utf-8", newline="", write_through=True)
    try:
        count = write_rows(export_format, text, names, rows, formula_guard)
        text.flush()
        return count
    finally:
        text.detach()  # the caller closes the stream


def write_rows(
    export_format: ExportFormat, target: TextIO, names: list[str], rows: Iterator[Any], formula_guard: bool = True
) -> int:
    """Write ``rows`` in a text format (CSV, JSON, JSON Lines) to a text stream (``formula_guard``: for CSV)."""
    if export_format is ExportFormat.XLSX:
        raise TypeError("xlsx is written with write_xlsx into a file")
    if export_format is ExportFormat.CSV:
        return write_csv(target, names, rows, formula_guard=formula_guard)
    writer = {ExportFormat.JSON: write_json, ExportFormat.JSONL: write_jsonl}
    return writer[export_format](target, names, rows)
