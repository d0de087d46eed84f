"""What people read in a terminal: the invoice table, the totals table, the monthly bar chart, the progress bar.

Every text that came from the portal reaches Rich through :func:`~._terminal_text.terminal_text`: never as
markup, with its control characters as visible escapes."""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from enum import StrEnum
from itertools import groupby

from rich.columns import Columns
from rich.console import Console, RenderableType
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn
from rich.table import Table
from rich.text import Text

from onlyoffice_crm import Invoice, amount, currency_code

from ._terminal_text import terminal_text
from ._totals import GroupBy, TotalRow, totals_per_currency

BAR_WIDTH = 40
EIGHTHS = " ▏▎▍▌▋▊▉"


def money(value: Decimal) -> str:
    """``1234567.5`` -> ``1,234,567.50`` (exact: formatting a Decimal never rounds through a float)."""
    return f"{value:,.2f}"


def invoice_table(invoices: Sequence[Invoice], total: int) -> Table:
    """The first page of invoices, with how many there are in all."""
    shown = f"{len(invoices):,} of {total:,} invoice{'s' if total != 1 else ''}"
    table = Table(title=None, caption=shown, caption_justify="left")
    table.add_column("Number", no_wrap=True)
    table.add_column("Issued", no_wrap=True)
    table.add_column("Due", no_wrap=True)
    table.add_column("Status", no_wrap=True)
    table.add_column("Contact", overflow="fold")
    table.add_column("Amount", justify="right", no_wrap=True)
    table.add_column("Cur", no_wrap=True)
    for invoice in invoices:
        contact = invoice.contact
        # The id is what --contact takes.
        who = (
            terminal_text(f"{contact.display_name} #{contact.id}")
            if contact is not None
            else Text("(no contact)", "dim")
        )
        table.add_row(
            terminal_text(invoice.number),
            f"{invoice.issue_date:%Y-%m-%d}",
            f"{invoice.due_date:%Y-%m-%d}",
            terminal_text(invoice.status.title),
            who,
            money(amount(invoice)),
            terminal_text(currency_code(invoice)),
        )
    return table


def totals_table(rows: Sequence[TotalRow], by: GroupBy) -> Table:
    """One line per group and currency; below, when there is more than one group, the sum per currency."""
    table = Table(caption=f"{sum(row.invoices for row in rows):,} invoices", caption_justify="left")
    if by is not GroupBy.CURRENCY:
        table.add_column(by.value.capitalize(), overflow="fold")
    table.add_column("Currency", no_wrap=True)
    table.add_column("Invoices", justify="right", no_wrap=True)
    table.add_column("Amount", justify="right", no_wrap=True)
    for row in rows:
        cells: list[RenderableType] = [terminal_text(row.currency), f"{row.invoices:,}", money(row.amount)]
        table.add_row(*([terminal_text(row.group), *cells] if by is not GroupBy.CURRENCY else cells))
    if by is not GroupBy.CURRENCY and rows:
        table.add_section()
        for total in totals_per_currency(rows):
            table.add_row(
                Text("all", "bold"),
                terminal_text(total.currency),
                f"{total.invoices:,}",
                Text(money(total.amount), "bold"),
            )
    return table


def bar(value: Decimal, largest: Decimal, width: int = BAR_WIDTH) -> str:
    """A horizontal bar of ``value`` against ``largest`` in eighths of a character; empty for zero or less."""
    if largest <= 0 or value <= 0:
        return ""
    eighths = int(value / largest * width * 8)
    return "█" * (eighths // 8) + EIGHTHS[eighths % 8].strip()


class Period(StrEnum):
    """How many months one bar of a chart covers."""

    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"

    def of(self, month: str) -> str:
        """The bar's label for a ``YYYY-MM`` month: itself, ``YYYY-Qn`` or ``YYYY``."""
        if self is Period.MONTH:
            return month
        if self is Period.QUARTER:
            return f"{month[:4]}-Q{(int(month[5:7]) - 1) // 3 + 1}"
        return month[:4]


def per_period(rows: Iterable[TotalRow], period: Period) -> list[TotalRow]:
    """Monthly rows summed per ``period`` and currency, in order of currency, then time."""
    sums: dict[tuple[str, str], tuple[int, Decimal]] = {}
    for row in rows:
        key = (row.currency, period.of(row.group))
        invoices, total = sums.get(key, (0, Decimal(0)))
        sums[key] = (invoices + row.invoices, total + row.amount)
    return [TotalRow(label, None, currency, n, total) for (currency, label), (n, total) in sorted(sums.items())]


CHART_BAR_WIDTH = 16
"""Characters of the longest bar: two charts side by side on an 80-column terminal."""


def _charts(monthly: list[TotalRow], period: Period, side_by_side: bool) -> list[RenderableType]:
    tables: list[RenderableType] = []
    for currency, group in groupby(per_period(monthly, period), key=lambda r: r.currency):
        bars = list(group)
        largest = max(row.amount for row in bars)
        title = Text(f"Invoiced per {period.value}, ") + terminal_text(currency)
        chart = Table(title=title, show_edge=False, box=None, title_justify="left")
        chart.add_column(period.value.capitalize(), no_wrap=True)
        chart.add_column("Amount", justify="right", no_wrap=True)
        chart.add_column("", no_wrap=True, style="cyan")
        for row in bars:
            chart.add_row(terminal_text(row.group), money(row.amount), bar(row.amount, largest, CHART_BAR_WIDTH))
        tables.append(chart)
    view: list[RenderableType] = []
    if period is not Period.MONTH:
        view.append(
            Text(f"Months do not fit the terminal: one bar per {period.value} (--format csv lists every month).")
        )
    view += [Columns(tables, padding=(1, 3))] if side_by_side else tables
    return view


def _height(view: list[RenderableType], width: int) -> int:
    """Lines ``view`` takes on a terminal ``width`` characters wide."""
    screen = Console(file=io.StringIO(), width=width, color_system=None)
    for renderable in view:
        screen.print(renderable)
    return len(screen.file.getvalue().splitlines())  # type: ignore[attr-defined]


def month_chart(rows: Iterable[TotalRow], size: tuple[int, int] | None = None) -> list[RenderableType]:
    """Bar charts of monthly totals, one per currency (bars of one chart share a scale; currencies never mix).

    On a terminal of ``size`` (width, height) the charts stand side by side, and when every month would not fit
    its height, bars cover quarters, or else years (a line above says so). Without a size: every month, one chart
    under the other.
    """
    monthly = list(rows)
    if size is None:
        return _charts(monthly, Period.MONTH, side_by_side=False)
    width, height = size
    view: list[RenderableType] = []
    for period in Period:
        view = _charts(monthly, period, side_by_side=True)
        if _height(view, width) <= height:
            break
    return view


def with_progress(invoices: Iterable[Invoice], total: int, console: Console, label: str) -> Iterator[Invoice]:
    """Yield ``invoices`` while a bar with count, total and time left runs on ``console`` (stderr).

    The bar advances every 500 invoices, so it costs nothing measurable on a long export.
    """
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("left"),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task(label, total=total)
        pending = 0
        for invoice in invoices:
            yield invoice
            pending += 1
            if pending == 500:
                progress.advance(task, pending)
                pending = 0
        progress.advance(task, pending)


def stderr_console() -> Console:
    """Rich output for people, on stderr (spinners, retry lines, progress bars)."""
    return Console(stderr=True)
