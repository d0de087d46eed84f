"""The ``onlyoffice-crm`` commands: ``login``, ``logout``, ``invoices list|export|totals``."""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import StrEnum
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Annotated, Any, BinaryIO, TextIO

import typer
from rich.console import Console

from onlyoffice_crm import InvoiceWalk, Portal, PortalError, UnexpectedResponseError, WalkReport
from onlyoffice_crm_client.models import Invoice

from . import display
from .access import (
    PASSWORD_ENV,
    UNSENDABLE,
    URL_ENV,
    USER_NAME_ENV,
    CredentialSource,
    PortalAccess,
    explain,
    is_sendable_token,
    normalize_url,
    open_portal,
)
from .columns import choose_columns, read_row
from .exit_codes import EPILOG, ExitCode
from .filter_words import (
    SORT_CHOICES,
    STATUS_HELP,
    currency_word,
    parse_date_span,
    parse_positive_id,
    sort_word,
    status_word,
)
from .output_file import ExportTarget, TargetKind, completed_file, export_target, opened_stream, private_folder
from .problems import CliError, Stopped, UsageError, stops_on_signals
from .selection import WALK_CONCURRENCY, InvoiceQuery, Selection, check_filters
from .token_store import TOKEN_STORE_ENV, forget_login, remember_login, requested_store_kind
from .totals import GroupBy, column_names, row_cells, total_rows
from .waiting import retry_lines, waiting
from .writers import XLSX_MAX_DATA_ROWS, ExportFormat, format_of, write_csv, write_json, write_jsonl, write_xlsx

DEBUG_ENV = "ONLYOFFICE_CRM_DEBUG"
# The kit's one distribution; its version is the spec's info.version.
DISTRIBUTION = "onlyoffice-crm-client"

app = typer.Typer(
    name="onlyoffice-crm",
    help="ONLYOFFICE CRM invoices from a terminal: tables, spreadsheets (CSV, XLSX, JSON) and exact totals.",
    epilog=EPILOG,
    no_args_is_help=True,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
invoices_app = typer.Typer(
    help="List, export and total invoices. Filters: --status, --issued, --due, --overdue, --currency, "
    "--contact, --opportunity, --search; order: --sort, --desc.",
    epilog=EPILOG,
    no_args_is_help=True,
)
app.add_typer(invoices_app, name="invoices")


@dataclass
class RunOptions:
    """Options of the whole command line."""

    timeout: float = 30.0
    token_store: str | None = None
    access: PortalAccess = field(default_factory=PortalAccess)


def options(context: typer.Context) -> RunOptions:
    """The root options (``ctx.obj``) of this run."""
    found = context.find_root().obj
    return found if isinstance(found, RunOptions) else RunOptions()


def show_version(requested: bool) -> None:
    """``--version``: print ``onlyoffice-crm <version>`` and stop before any command runs."""
    if not requested:
        return
    try:
        installed = version(DISTRIBUTION)
    except PackageNotFoundError:  # run from a source tree that was never installed
        installed = "(not installed)"
    typer.echo(f"onlyoffice-crm {installed}")
    raise typer.Exit(ExitCode.OK)


@app.callback()
def root(
    context: typer.Context,
    timeout: Annotated[
        float,
        typer.Option(min=1, envvar="ONLYOFFICE_TIMEOUT", help="Seconds to wait for each answer of the portal."),
    ] = 30.0,
    token_store: Annotated[
        str | None,
        typer.Option(
            envvar=TOKEN_STORE_ENV,
            help="Where login keeps the token: auto (the OS keyring if usable, else a file), keyring or file.",
            show_default=False,
        ),
    ] = None,
    _version: Annotated[
        bool,
        typer.Option("--version", callback=show_version, is_eager=True, help="Show the version and exit."),
    ] = False,
) -> None:
    """Read ONLYOFFICE CRM invoices from a terminal: tables, spreadsheets (CSV, XLSX, JSON) and exact totals.

    [bold]Start here:[/bold]

      onlyoffice-crm login https://portal.example.com
      onlyoffice-crm invoices list --status paid --issued 2024
      onlyoffice-crm invoices export --issued 2024 --format xlsx --output invoices-2024.xlsx
    """
    context.obj = RunOptions(timeout=timeout, token_store=token_store)


def left_as_it_was(output: Path | None) -> str:
    """What an interrupted export says about its file, decided before it starts: an existing file is unchanged,
    a new one was not written."""
    if output is None:
        return "."
    return f": {output} is unchanged." if output.exists() else f": {output} was not written."


@contextmanager
def reported(access: PortalAccess | None = None, *, left: str = ".") -> Iterator[None]:
    """Turn every failure of a command into one line on stderr and its exit code.

    Ctrl-C is exit 130, SIGTERM 143 and SIGHUP 129, each after the same cleanup (``left``: what became of the
    export's file, see :func:`left_as_it_was`). No line shows a secret of ``access``.
    """
    access = access or PortalAccess()
    try:
        with stops_on_signals():
            yield
    except (typer.Exit, typer.BadParameter):
        raise
    except CliError as error:
        typer.echo(f"Error: {access.hide(error.message)}", err=True)
        raise typer.Exit(error.code) from None
    except PortalError as error:
        problem = explain(error, access)
        typer.echo(f"Error: {problem.message}", err=True)
        raise typer.Exit(problem.code) from None
    except (KeyboardInterrupt, typer.Abort):
        typer.echo(f"Interrupted{left}", err=True)
        raise typer.Exit(ExitCode.INTERRUPTED) from None
    except Stopped as stop:
        typer.echo(f"Stopped by {stop.signal_name}{left}", err=True)
        raise typer.Exit(stop.code) from None
    except BrokenPipeError:
        # The reader (`| head`) has what it wanted; say nothing more and end quietly.
        with contextlib.suppress(OSError):
            sys.stdout = io.TextIOWrapper(io.BytesIO())
        raise typer.Exit(ExitCode.OK) from None
    except Exception as error:  # a bug: one line for the user; ONLYOFFICE_CRM_DEBUG=1 shows the traceback
        if os.environ.get(DEBUG_ENV):
            raise
        unexpected = f"unexpected {type(error).__name__}: {access.shown(str(error))}"
        typer.echo(f"Error: {unexpected} (run with {DEBUG_ENV}=1 and report it).", err=True)
        raise typer.Exit(ExitCode.FAILED) from None


# ---------------------------------------------------------------- login / logout


@app.command(epilog=EPILOG)
def login(
    context: typer.Context,
    url: Annotated[str, typer.Argument(metavar="URL", help="The portal's address, e.g. https://portal.example.com.")],
    user_name: Annotated[
        str | None,
        typer.Option("--user-name", "-u", envvar=USER_NAME_ENV, help="Your e-mail; asked when not given."),
    ] = None,
    password: Annotated[
        str | None, typer.Option(envvar=PASSWORD_ENV, help="Asked without echo when not given.", show_default=False)
    ] = None,
) -> None:
    """Log in to a portal and keep its token (OS keyring, or a file only you can read); later commands use it.

    Example: [bold]onlyoffice-crm login https://portal.example.com[/bold]
    """
    run = options(context)
    access = PortalAccess(source=CredentialSource.LOGIN)
    with reported(access):
        access.url = normalize_url(url)
        kind = requested_store_kind(run.token_store)
        # Asked here, not by the option parser, so that Ctrl-C at a question is exit 130 like anywhere else.
        name = (user_name or ask("User name (e-mail)", "--user-name", USER_NAME_ENV, hide_input=False)).strip()
        secret = password or ask("Password", "--password", PASSWORD_ENV, hide_input=True)
        access.secrets.append(secret)
        with waiting(stderr_console(), f"Logging in to {access.url}"):
            portal = logged_in(access.url, name, secret, run.timeout)
        with portal:
            access.secrets.append(portal.token)
            if not is_sendable_token(portal.token):
                raise CliError(f"{access.url} answered the login with a token that {UNSENDABLE}: it was not saved.")
            store = remember_login(access.url, portal.token, kind)
        typer.echo(f"Logged in to {access.url} as {name}. The token is kept in {store.where()}.")


def logged_in(url: str, user_name: str, password: str, timeout: float) -> Portal:
    """``Portal.login``; an answer that is no login answer is told without quoting it (it may hold a token)."""
    try:
        return Portal.login(url, user_name, password, timeout=timeout)
    except UnexpectedResponseError as error:
        status = f" (HTTP {error.status_code})" if error.status_code is not None else ""
        raise CliError(
            f"{url} answered the login with something other than a token{status}: check the address; "
            "if it is right, tell the portal's administrator."
        ) from None


def ask(question: str, option: str, variable: str, *, hide_input: bool) -> str:
    """Ask on the terminal; with no input to read (a script), say which option or variable gives the answer."""
    try:
        answer = str(typer.prompt(question, hide_input=hide_input))
    except typer.Abort as abort:
        if isinstance(abort.__context__, EOFError):
            raise UsageError(f"No input for {question.lower()!r}: give {option} or set {variable}.") from None
        raise
    if not answer.strip():
        raise UsageError(f"An empty {question.lower()!r} cannot log in: give {option} or set {variable}.")
    return answer


@app.command(epilog=EPILOG)
def logout() -> None:
    """Forget the saved token (environment variables are not touched)."""
    with reported():
        forgotten = forget_login()
        if forgotten is None:
            typer.echo("Not logged in: nothing to forget.")
        else:
            typer.echo(f"Logged out of {forgotten.url}; its token was removed from {forgotten.store.where()}.")


# ---------------------------------------------------------------- filters shared by the invoice commands

FILTERS = "Filters"
StatusOption = Annotated[str | None, typer.Option("--status", "-s", help=STATUS_HELP, rich_help_panel=FILTERS)]
IssuedOption = Annotated[
    str | None,
    typer.Option(
        help="Issue date: 2024, 2024-03, 2024-Q1, 2024-03-15, or FROM..TO (2024-01-01..2024-03-31, 2024-06.., ..2023).",
        rich_help_panel=FILTERS,
    ),
]
DueOption = Annotated[str | None, typer.Option(help="Due date, written like --issued.", rich_help_panel=FILTERS)]
OverdueOption = Annotated[
    bool,
    typer.Option(
        "--overdue",
        help="Billed and due before today (portal's time zone), as the portal's invoice report counts overdue.",
        rich_help_panel=FILTERS,
    ),
]
CurrencyOption = Annotated[
    str | None, typer.Option(help="An ISO 4217 currency code, e.g. EUR (any case).", rich_help_panel=FILTERS)
]
ContactOption = Annotated[
    int | None,
    typer.Option(
        "--contact",
        "--customer",
        help="A contact's (customer's) id: the #id in the list table, the contact_id column of an export.",
        rich_help_panel=FILTERS,
    ),
]
OpportunityOption = Annotated[int | None, typer.Option(help="An opportunity's id.", rich_help_panel=FILTERS)]
SearchOption = Annotated[
    str | None,
    typer.Option(help="Words that start words of the number or description.", rich_help_panel=FILTERS),
]
SortOption = Annotated[
    str | None,
    typer.Option(help=f"Order by {SORT_CHOICES} (default: number).", rich_help_panel=FILTERS),
]
DescendingOption = Annotated[bool, typer.Option("--desc", help="Largest/latest first.", rich_help_panel=FILTERS)]


def build_selection(
    status: str | None,
    issued: str | None,
    due: str | None,
    overdue: bool,
    currency: str | None,
    contact: int | None,
    opportunity: int | None,
    search: str | None,
    sort: str | None,
    descending: bool,
) -> Selection:
    """Check the filter words of a command line (usage errors, exit code 2) and gather them."""
    return Selection(
        status=status_word(status) if status is not None else None,
        issued=parse_date_span(issued, "--issued") if issued is not None else None,
        due=parse_date_span(due, "--due") if due is not None else None,
        overdue=overdue,
        currency=currency_word(currency) if currency is not None else None,
        contact=parse_positive_id(contact, "--contact") if contact is not None else None,
        opportunity=parse_positive_id(opportunity, "--opportunity") if opportunity is not None else None,
        search=search,
        sort=sort_word(sort) if sort is not None else None,
        descending=descending,
    )


def no_match_hint(selection: Selection, found: int) -> None:
    """A valid currency code that matches nothing may be one the portal's invoices do not use: say so."""
    if found == 0 and selection.currency is not None:
        typer.echo(
            f"No invoice matches in {selection.currency}: the portal's invoices may use other currencies "
            "(`onlyoffice-crm invoices totals` lists them).",
            err=True,
        )


@contextmanager
def portal_query(context: typer.Context, selection: Selection, console: Console) -> Iterator[InvoiceQuery]:
    """The logged-in portal, closed afterwards, with the command's filters; each retry is a line on ``console``."""
    run = options(context)
    # A filter the library refuses is a usage error (exit 2), found before any request. Nothing later is turned
    # into one: a ValueError or TypeError while talking to the portal is a fault of its answer (exit 1).
    check_filters(selection)
    with retry_lines(console):
        with waiting(console, f"Connecting to {os.environ.get(URL_ENV, '').strip() or 'the portal'}"):
            portal = open_portal(run.access, run.timeout)
        with portal:
            yield InvoiceQuery.build(portal, selection)


def portal_name(access: PortalAccess) -> str:
    """The portal's address once known, for the waiting line."""
    return access.url or "the portal"


def stderr_console() -> Console:
    """Rich output for people, on stderr (spinners, retry lines, progress bars)."""
    return Console(stderr=True)


# ---------------------------------------------------------------- invoices list


@invoices_app.command("list", epilog=EPILOG)
def list_invoices(
    context: typer.Context,
    status: StatusOption = None,
    issued: IssuedOption = None,
    due: DueOption = None,
    overdue: OverdueOption = False,
    currency: CurrencyOption = None,
    contact: ContactOption = None,
    opportunity: OpportunityOption = None,
    search: SearchOption = None,
    sort: SortOption = None,
    desc: DescendingOption = False,
    limit: Annotated[int, typer.Option(min=1, max=1000, help="How many invoices to show.")] = 25,
) -> None:
    """Show the first invoices as a table, with how many match in all.

    Examples:

      onlyoffice-crm invoices list --status paid --issued 2024
      onlyoffice-crm invoices list --overdue --sort due
      onlyoffice-crm invoices list --currency EUR --sort issued --desc --limit 50
    """
    access = options(context).access
    with reported(access):
        selection = build_selection(status, issued, due, overdue, currency, contact, opportunity, search, sort, desc)
        console = stderr_console()
        with portal_query(context, selection, console) as query, waiting(console, f"Asking {portal_name(access)}"):
            page = query.first_page(limit, selection.sort, descending=selection.descending)
        Console().print(display.invoice_table(page.invoices, page.total))
        no_match_hint(selection, page.total)


# ---------------------------------------------------------------- invoices export


def write_rows(export_format: ExportFormat, target: TextIO, names: list[str], rows: Iterator[Any]) -> int:
    """Write ``rows`` in a text format (CSV, JSON, JSON Lines) to a text stream."""
    if export_format is ExportFormat.XLSX:
        raise TypeError("xlsx is written with write_xlsx into a file")
    writer = {ExportFormat.CSV: write_csv, ExportFormat.JSON: write_json, ExportFormat.JSONL: write_jsonl}
    return writer[export_format](target, names, rows)


@contextmanager
def closed_after(walk: InvoiceWalk) -> Iterator[Iterator[Invoice]]:
    """``walk``, closed when the block ends however it ends: its requests in flight stop here and now, not
    whenever (and in whichever thread) the garbage collector finds it."""
    try:
        yield walk
    finally:
        walk.close()


def changes_line(report: WalkReport, where: str) -> str:
    """One line on how the portal changed during a whole walk, and what still holds."""
    changed = report.added + report.removed
    line = "The portal changed during the walk"
    if changed:
        line = f"{changed:,} invoices were added or removed during the walk"
    if report.moved:
        line += f"; {report.moved:,} changed place and came once"
    return f"{line}; every invoice that existed throughout is {where} once."


@invoices_app.command("export", epilog=EPILOG)
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
        typer.Option("--output", "-o", help="The file to write; standard output when left out (not for xlsx)."),
    ] = None,
    columns: Annotated[
        str | None,
        typer.Option(
            help="Comma-separated column names, or all. Default: number,status,issued,due,contact,contact_id,"
            "amount,currency. Others: id, contact_type, consignee, opportunity, opportunity_id, exchange_rate, "
            "purchase_order, terms, description, language, created, created_by."
        ),
    ] = None,
    status: StatusOption = None,
    issued: IssuedOption = None,
    due: DueOption = None,
    overdue: OverdueOption = False,
    currency: CurrencyOption = None,
    contact: ContactOption = None,
    opportunity: OpportunityOption = None,
    search: SearchOption = None,
    sort: SortOption = None,
    desc: DescendingOption = False,
) -> None:
    """Write every matching invoice as CSV, XLSX, JSON or JSON Lines, streaming (any number of invoices).

    The file appears under its name only when complete: an error or Ctrl-C leaves none (or the old one).
    Amounts are exact decimals, dates are the portal's calendar days. A progress bar shows on a terminal.

    Examples:

      onlyoffice-crm invoices export --status paid --issued 2024 -o paid-2024.xlsx
      onlyoffice-crm invoices export --overdue --columns number,contact,due,amount,currency > overdue.csv
      onlyoffice-crm invoices export --issued 2024-Q1 -f jsonl | wc -l
    """
    access = options(context).access
    with reported(access, left=left_as_it_was(output)):
        export_format = format_of(export_format, output)
        target = export_target(output) if output is not None else None  # refused before any request
        chosen = choose_columns(columns)
        selection = build_selection(status, issued, due, overdue, currency, contact, opportunity, search, sort, desc)
        if output is None and export_format.is_binary and sys.stdout.isatty():
            raise UsageError("xlsx is not for a terminal: give --output FILE.xlsx (or redirect to a file).")
        console = stderr_console()
        with portal_query(context, selection, console) as query:
            show_progress = console.is_terminal
            total = 0
            if show_progress or export_format is ExportFormat.XLSX:  # otherwise the count is not needed
                with waiting(console, f"Counting at {portal_name(access)}"):
                    total = query.count()
                if export_format is ExportFormat.XLSX and total > XLSX_MAX_DATA_ROWS:
                    raise UsageError(f"{total:,} invoices do not fit in an xlsx sheet: narrow the filters or use csv.")
            walk = query.invoices(selection.sort, descending=selection.descending, concurrency=WALK_CONCURRENCY)
            with closed_after(walk) as invoices:
                if show_progress:
                    invoices = display.with_progress(invoices, total, console, "Exporting")
                rows = (read_row(chosen, invoice) for invoice in invoices)
                names = [column.name for column in chosen]
                written = export(export_format, target, names, rows)
        if output is not None:
            typer.echo(f"Wrote {written:,} invoices to {output}.", err=True)
        no_match_hint(selection, written)
        if walk.report.changed:
            typer.echo(changes_line(walk.report, "in the file"), err=True)


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


# ---------------------------------------------------------------- invoices totals


class TotalsFormat(StrEnum):
    """How ``invoices totals`` prints."""

    TABLE = "table"
    CSV = "csv"
    JSON = "json"


@invoices_app.command("totals", epilog=EPILOG)
def invoice_totals(
    context: typer.Context,
    by: Annotated[
        str, typer.Option(help="Group by currency, status, month (of issue) or contact (customer works too).")
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
    status: StatusOption = None,
    issued: IssuedOption = None,
    due: DueOption = None,
    overdue: OverdueOption = False,
    currency: CurrencyOption = None,
    contact: ContactOption = None,
    opportunity: OpportunityOption = None,
    search: SearchOption = None,
) -> None:
    """Sum invoice amounts exactly, one row per group and currency (currencies are never added together).

    Examples:

      onlyoffice-crm invoices totals --by currency --status paid --issued 2024
      onlyoffice-crm invoices totals --by contact --overdue
      onlyoffice-crm invoices totals --by month --issued 2024 --chart
    """
    access = options(context).access
    with reported(access):
        group_by = group_word(by)
        if chart and (group_by is not GroupBy.MONTH or output_format is not TotalsFormat.TABLE):
            raise UsageError("--chart draws months: use it with --by month and no --format.")
        selection = build_selection(status, issued, due, overdue, currency, contact, opportunity, search, None, False)
        console = stderr_console()
        with portal_query(context, selection, console) as query:
            with waiting(console, f"Counting at {portal_name(access)}"):
                total = query.count()
            walk = query.invoices(concurrency=WALK_CONCURRENCY)
            with closed_after(walk) as invoices:
                if console.is_terminal:
                    invoices = display.with_progress(invoices, total, console, "Adding up")
                rows = total_rows(invoices, group_by)
        if walk.report.changed:
            typer.echo(changes_line(walk.report, "counted"), err=True)
        no_match_hint(selection, len(rows))
        if output_format is TotalsFormat.TABLE:
            out = Console()
            if not chart:
                out.print(display.totals_table(rows, group_by))
                return
            # The charts replace the table (they show every amount), and fit a terminal's height.
            for month_chart in display.month_chart(rows, (out.width, out.height) if out.is_terminal else None):
                out.print(month_chart)
            return
        names = column_names(group_by)
        cells = (row_cells(row, group_by) for row in rows)
        if output_format is TotalsFormat.CSV:
            write_csv(sys.stdout, names, cells)
        else:
            write_json(sys.stdout, names, cells)


def group_word(word: str) -> GroupBy:
    """``--by``: currency, status, month or contact (``customer`` too); anything else is a usage error."""
    try:
        return GroupBy(word.strip().lower())
    except ValueError:
        choices = ", ".join(member.value for member in GroupBy)
        raise UsageError(f"Unknown --by {word!r}: use one of {choices}.") from None
