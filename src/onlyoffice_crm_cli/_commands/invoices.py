"""``onlyoffice-crm invoices list|export|totals``: a table of the first invoices, every invoice into a file, and
exact sums per group and currency."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from onlyoffice_crm import PAGE_MAXIMUM, Invoice, InvoiceWalk, WalkReport

from .. import _display as display
from .._access import URL_ENV, PortalAccess, open_portal
from .._columns import all_columns, choose_columns, columns_help
from .._errors import UsageError
from .._export import (
    CellSafety,
    FormulaGuardOption,
    SplitLongCellsOption,
    export,
    invoice_rows,
    left_as_it_was,
)
from .._filter_words import DateSpan
from .._options import build_selection, completing, run_options
from .._output_file import export_target
from .._reporting import reported
from .._selection import WALK_CONCURRENCY, InvoiceQuery, Selection, check_filters
from .._totals import GroupBy, column_names, every_month, row_cells, total_rows
from .._waiting import retry_lines, waiting
from .._writers import XLSX_MAX_DATA_ROWS, ExportFormat, format_of, write_csv, write_json

# ---------------------------------------------------------------- what the three commands share


@contextmanager
def portal_query(context: typer.Context, selection: Selection, console: Console) -> Iterator[InvoiceQuery]:
    """The logged-in portal, closed afterwards, with the command's filters; each retry is a line on ``console``."""
    run = run_options(context)
    # A filter the library refuses is a usage error (exit 2), found before any request. Nothing later is turned
    # into one: a ValueError or TypeError while talking to the portal is a fault of its answer (exit 1).
    check_filters(selection)
    with retry_lines(console):
        with waiting(console, f"Connecting to {os.environ.get(URL_ENV, '').strip() or 'the portal'}"):
            portal = open_portal(run.access, run.timeout, run.time_zone)
        with portal:
            yield InvoiceQuery.build(portal, selection)


def portal_name(access: PortalAccess) -> str:
    """The portal's address once known, for the waiting line."""
    return access.url or "the portal"


def nothing_matched(selection: Selection) -> str:
    """What an empty result prints instead of an empty table."""
    if selection.filters or selection.overdue:
        return "No invoice matches these filters."
    return "The portal has no invoices (none that this user may see)."


def no_match_hint(selection: Selection, found: int) -> None:
    """A valid currency code that matches nothing may be one the portal's invoices do not use: say so."""
    if found == 0 and selection.currency is not None:
        typer.echo(
            f"No invoice matches in {selection.currency}: the portal's invoices may use other currencies "
            "(`onlyoffice-crm invoices totals` lists them).",
            err=True,
        )


@contextmanager
def walking(walk: InvoiceWalk, console: Console, total: int, label: str) -> Iterator[Iterator[Invoice]]:
    """The invoices of ``walk``, with a progress bar (``label``, out of ``total``) when ``console`` is a terminal.

    The walk is closed when the block ends however it ends: its requests in flight stop here and now, not whenever
    (and in whichever thread) the garbage collector finds it.
    """
    try:
        yield display.with_progress(walk, total, console, label) if console.is_terminal else walk
    finally:
        walk.close()


def tell_changes(report: WalkReport, where: str) -> None:
    """When the portal changed during a whole walk, one line on stderr on how, and what still holds."""
    if not report.changed:
        return
    changed = report.added + report.removed
    line = "The portal changed during the walk"
    if changed:
        line = f"{changed:,} invoices were added or removed during the walk"
    if report.moved:
        line += f"; {report.moved:,} changed place and came once"
    typer.echo(f"{line}; every invoice that existed throughout is {where} once.", err=True)


# ---------------------------------------------------------------- invoices list


def list_invoices(
    context: typer.Context,
    limit: Annotated[int, typer.Option(min=1, max=PAGE_MAXIMUM, help="How many invoices to show.")] = 25,
    **filters: object,
) -> None:
    """Show the first invoices as a table, with how many match in all.

    Examples:

      onlyoffice-crm invoices list --status paid --issued 2024
      onlyoffice-crm invoices list --overdue --sort due
      onlyoffice-crm invoices list --currency EUR --sort issued --desc --limit 50
    """
    access = run_options(context).access
    with reported(access):
        selection = build_selection(filters, ordered=True)
        console = display.stderr_console()
        with portal_query(context, selection, console) as query, waiting(console, f"Asking {portal_name(access)}"):
            page = query.first_page(limit, selection.sort, descending=selection.descending)
        if page.total == 0:
            typer.echo(nothing_matched(selection))
        else:
            Console().print(display.invoice_table(page.invoices, page.total))
        no_match_hint(selection, page.total)


# ---------------------------------------------------------------- invoices export


def complete_columns(incomplete: str) -> list[str]:
    """Shell completion of ``--columns``: the column names (or ``all``) for the part after the last comma, without
    the columns already given."""
    given, _, last = incomplete.rpartition(",")
    chosen = set(given.split(","))
    names = ["all"] if not given else []
    names += [name for name in all_columns() if name not in chosen]
    prefix = f"{given}," if given else ""
    return [prefix + name for name in names if name.startswith(last.lower())]


def export_invoices(
    context: typer.Context,
    export_format: Annotated[
        ExportFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="csv, xlsx (Excel), json (one array) or jsonl. Default: from the --output extension "
            "(.csv, .xlsx, .json, .jsonl), else csv.",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="The file to write; standard output when left out (xlsx there only into a pipe or a file, "
            "never a terminal).",
        ),
    ] = None,
    columns: Annotated[str | None, typer.Option(help=columns_help(), autocompletion=complete_columns)] = None,
    formula_guard: FormulaGuardOption = True,
    split_long_cells: SplitLongCellsOption = False,
    **filters: object,
) -> None:
    """Write every matching invoice as CSV, XLSX, JSON or JSON Lines, streaming (any number of invoices).

    The file appears under its name only when complete: an error or Ctrl-C leaves none (or the old one).
    Amounts are exact decimals, dates are the portal's calendar days. A progress bar shows on a terminal.

    Examples:

      onlyoffice-crm invoices export --status paid --issued 2024 -o paid-2024.xlsx
      onlyoffice-crm invoices export --overdue --columns number,contact,due,amount,currency > overdue.csv
      onlyoffice-crm invoices export --issued 2024-Q1 -f jsonl | wc -l
    """
    access = run_options(context).access
    with reported(access, left=left_as_it_was(output)):
        export_format = format_of(export_format, output)
        safety = CellSafety(formula_guard, split_long_cells)
        safety.check(export_format)
        target = export_target(output) if output is not None else None  # refused before any request
        chosen = choose_columns(columns)
        selection = build_selection(filters, ordered=True)
        if output is None and export_format.is_binary and sys.stdout.isatty():
            raise UsageError("xlsx is not for a terminal: give --output FILE.xlsx (or redirect or pipe it).")
        console = display.stderr_console()
        with portal_query(context, selection, console) as query:
            total = 0
            if console.is_terminal or export_format is ExportFormat.XLSX:  # otherwise the count is not needed
                with waiting(console, f"Counting at {portal_name(access)}"):
                    total = query.count()
                if export_format is ExportFormat.XLSX and total > XLSX_MAX_DATA_ROWS:
                    raise UsageError(f"{total:,} invoices do not fit in an xlsx sheet: narrow the filters or use csv.")
            walk = query.invoices(selection.sort, descending=selection.descending, concurrency=WALK_CONCURRENCY)
            with walking(walk, console, total, "Exporting") as invoices:
                rows = invoice_rows(chosen, invoices)
                written = export(export_format, target, [column.name for column in chosen], rows, safety)
        if output is not None:
            typer.echo(f"Wrote {written:,} invoices to {output}.", err=True)
        no_match_hint(selection, written)
        tell_changes(walk.report, "in the file")


# ---------------------------------------------------------------- invoices totals


class TotalsFormat(StrEnum):
    """How ``invoices totals`` prints."""

    TABLE = "table"
    CSV = "csv"
    JSON = "json"


def invoice_totals(
    context: typer.Context,
    by: Annotated[
        str,
        typer.Option(
            help="Group by currency, status, month (of issue) or contact (customer works too).",
            autocompletion=completing(member.value for member in GroupBy),
        ),
    ] = GroupBy.CURRENCY.value,
    output_format: Annotated[TotalsFormat, typer.Option("--format", "-f", help="table, csv or json.")] = (
        TotalsFormat.TABLE
    ),
    chart: Annotated[
        bool,
        typer.Option(
            "--chart", help="With --by month: bar charts per currency instead of the table, fit to the terminal."
        ),
    ] = False,
    formula_guard: FormulaGuardOption = True,
    **filters: object,
) -> None:
    """Sum invoice amounts exactly, one row per group and currency (currencies are never added together).

    Examples:

      onlyoffice-crm invoices totals --by currency --status paid --issued 2024
      onlyoffice-crm invoices totals --by contact --overdue
      onlyoffice-crm invoices totals --by month --issued 2024 --chart
    """
    access = run_options(context).access
    with reported(access):
        group_by = group_word(by)
        if chart and (group_by is not GroupBy.MONTH or output_format is not TotalsFormat.TABLE):
            raise UsageError("--chart draws months: use it with --by month and no --format.")
        selection = build_selection(filters, ordered=False)
        console = display.stderr_console()
        with portal_query(context, selection, console) as query:
            with waiting(console, f"Counting at {portal_name(access)}"):
                total = query.count()
            walk = query.invoices(concurrency=WALK_CONCURRENCY)
            with walking(walk, console, total, "Adding up") as invoices:
                rows = total_rows(invoices, group_by)
        tell_changes(walk.report, "counted")
        no_match_hint(selection, len(rows))
        if output_format is TotalsFormat.TABLE:
            out = Console()
            if not rows:
                typer.echo(nothing_matched(selection))
                return
            if not chart:
                out.print(display.totals_table(rows, group_by))
                return
            # The charts replace the table (they show every amount), and fit a terminal's height. Every month of
            # the range has its bar, a month without invoices too (at zero).
            issued = selection.issued or DateSpan(None, None)
            months = every_month(rows, issued.start, issued.end)
            for month_chart in display.month_chart(months, (out.width, out.height) if out.is_terminal else None):
                out.print(month_chart)
            return
        names = column_names(group_by)
        cells = (row_cells(row, group_by) for row in rows)
        if output_format is TotalsFormat.CSV:
            write_csv(sys.stdout, names, cells, formula_guard=formula_guard)
        else:
            write_json(sys.stdout, names, cells)


def group_word(word: str) -> GroupBy:
    """``--by``: currency, status, month or contact (``customer`` too); anything else is a usage error."""
    try:
        return GroupBy(word.strip().lower())
    except ValueError:
        choices = ", ".join(member.value for member in GroupBy)
        raise UsageError(f"Unknown --by {word!r}: use one of {choices}.") from None
