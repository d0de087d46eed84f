"""What people read in a terminal: the invoice table, the totals table, the monthly bar chart, the progress bar."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from enum import StrEnum
from itertools import groupby

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn
from rich.table import Table
from rich.text import Text

from onlyoffice_crm import amount, currency_code
from onlyoffice_crm_client.models import Invoice

from .totals import GroupBy, TotalRow, totals_per_currency

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
        who = Text(f"{contact.display_name} #{contact.id}") if contact is not None else Text("(no contact)", "dim")
        table.add_row(
            invoice.number,
            f"{invoice.issue_date:%Y-%m-%d}",
            f"{invoice.due_date:%Y-%m-%d}",
            invoice.status.title,
            who,
            money(amount(invoice)),
            currency_code(invoice),
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
        cells = [row.currency, f"{row.invoices:,}", money(row.amount)]
        table.add_row(*([row.group, *cells] if by is not GroupBy.CURRENCY else cells))
    if by is not GroupBy.CURRENCY and rows:
        table.add_section()
        for total in totals_per_currency(rows):
            table.add_row(Text("all", "bold"), total.currency, f"{total.invoices:,}", Text(money(total.amount), "bold"))
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


CHART_EXTRA_LINES = 3
"""Lines of one chart besides its bars: the title, the header and the blank line after it."""


def chart_period(rows: Sequence[TotalRow], height: int | None) -> Period:
    """The finest period whose charts (one per currency) fit in ``height`` lines (``None``: no limit)."""
    for period in Period:
        bars = per_period(rows, period)
        currencies = len({row.currency for row in bars})
        if height is None or len(bars) + CHART_EXTRA_LINES * currencies <= height:
            return period
    return Period.YEAR


def month_chart(rows: Iterable[TotalRow], height: int | None = None) -> list[Table]:
    """One bar chart per currency of monthly totals (bars of one chart share a scale; currencies never mix).

    When the charts of every month would not fit in ``height`` lines (the terminal's), bars cover quarters, or
    years, instead; each chart's title says which.
    """
    monthly = list(rows)
    period = chart_period(monthly, height)
    charts = []
    for currency, group in groupby(per_period(monthly, period), key=lambda r: r.currency):
        bars = list(group)
        largest = max(row.amount for row in bars)
        title = f"Invoiced per {period.value}, {currency}"
        if period is not Period.MONTH:
            title += " (months do not fit the terminal; --format csv lists them)"
        chart = Table(title=title, show_edge=False, box=None, title_justify="left")
        chart.add_column(period.value.capitalize(), no_wrap=True)
        chart.add_column("Amount", justify="right", no_wrap=True)
        chart.add_column("", no_wrap=True, style="cyan")
        for row in bars:
            chart.add_row(row.group, money(row.amount), bar(row.amount, largest))
        charts.append(chart)
    return charts


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
