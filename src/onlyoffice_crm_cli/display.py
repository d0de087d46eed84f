"""What people read in a terminal: the invoice table, the totals table, the monthly bar chart, the progress bar."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from itertools import groupby

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn
from rich.table import Table
from rich.text import Text

from onlyoffice_crm import amount
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
    table.add_column("Customer", overflow="fold")
    table.add_column("Amount", justify="right", no_wrap=True)
    table.add_column("Cur", no_wrap=True)
    for invoice in invoices:
        customer = invoice.contact.display_name if invoice.contact is not None else Text("(no customer)", "dim")
        table.add_row(
            invoice.number,
            f"{invoice.issue_date:%Y-%m-%d}",
            f"{invoice.due_date:%Y-%m-%d}",
            invoice.status.title,
            customer,
            money(amount(invoice)),
            invoice.currency.abbreviation,
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


def month_chart(rows: Iterable[TotalRow]) -> list[Table]:
    """One bar chart per currency of monthly totals (bars of one chart share a scale; currencies never mix)."""
    charts = []
    for currency, group in groupby(sorted(rows, key=lambda row: (row.currency, row.group)), key=lambda r: r.currency):
        months = list(group)
        largest = max(row.amount for row in months)
        chart = Table(title=f"Invoiced per month, {currency}", show_edge=False, box=None, title_justify="left")
        chart.add_column("Month", no_wrap=True)
        chart.add_column("Amount", justify="right", no_wrap=True)
        chart.add_column("", no_wrap=True, style="cyan")
        for row in months:
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
