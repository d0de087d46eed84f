"""``invoices totals`` end to end: exact sums per group and currency, equal to sums computed from the wire JSON; and
its month charts, which fit the terminal."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections import defaultdict
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from rich.console import Console

from onlyoffice_crm_cli._display import month_chart
from onlyoffice_crm_cli._totals import TotalRow

from .conftest import MockPortal, invoke

Invoice = dict[str, Any]


def contact_key(invoice: Invoice) -> tuple[str, str]:
    contact = invoice["contact"]
    return (contact["displayName"], str(contact["id"])) if contact else ("(no contact)", "")


GROUPS: dict[str, Callable[[Invoice], tuple[str, ...]]] = {
    "currency": lambda invoice: (),
    "status": lambda invoice: (invoice["status"]["title"],),
    "month": lambda invoice: (invoice["issueDate"][:7],),
    "contact": contact_key,
}


def independent_sums(invoices: list[Invoice], by: str) -> dict[tuple[str, ...], tuple[int, Decimal]]:
    """(group..., currency) -> (count, sum), with money parsed as Decimal straight from the JSON text."""
    sums: dict[tuple[str, ...], list[Any]] = defaultdict(lambda: [0, Decimal(0)])
    for invoice in invoices:
        entry = sums[(*GROUPS[by](invoice), invoice["currency"]["abbreviation"])]
        entry[0] += 1
        entry[1] += invoice["cost"]
    return {key: (count, total) for key, (count, total) in sums.items()}


@pytest.mark.parametrize("by", ["currency", "status", "month", "contact", "customer"])
def test_json_totals_equal_an_independent_sum(logged_in: MockPortal, by: str) -> None:
    result = invoke("invoices", "totals", "--by", by, "--format", "json")
    by = "contact" if by == "customer" else by  # the word a person may type for the contact
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert all(set(row) >= {"currency", "invoices", "amount"} for row in rows)
    group_names = {"currency": [], "contact": ["contact", "contact_id"]}.get(by, [by])
    found = {
        (*(str(row[name]) if row[name] is not None else "" for name in group_names), row["currency"]): (
            row["invoices"],
            Decimal(row["amount"]),
        )
        for row in rows
    }
    assert found == independent_sums(logged_in.wire_invoices, by)
    assert len(found) == len(rows)  # one row per group and currency


def test_csv_totals_of_paid_2024_by_month_in_month_order(logged_in: MockPortal) -> None:
    paid_2024 = [i for i in logged_in.wire_invoices if i["status"]["id"] == 4 and i["issueDate"].startswith("2024")]
    result = invoke("invoices", "totals", "--by", "month", "--status", "paid", "--issued", "2024", "-f", "csv")
    assert result.exit_code == 0, result.output
    header, *rows = list(csv.reader(io.StringIO(result.stdout, newline="")))
    assert header == ["month", "currency", "invoices", "amount"]
    assert [(row[0], row[1]) for row in rows] == sorted((row[0], row[1]) for row in rows)
    found = {(row[0], row[1]): (int(row[2]), Decimal(row[3])) for row in rows}
    assert found == independent_sums(paid_2024, "month")


def test_the_table_has_a_sum_per_currency(logged_in: MockPortal) -> None:
    sums = independent_sums(logged_in.wire_invoices, "currency")
    result = invoke("invoices", "totals", "--by", "month")
    assert result.exit_code == 0, result.output
    for (currency,), (count, total) in sums.items():
        all_line = next(line for line in result.stdout.splitlines() if "all" in line and f" {currency} " in line)
        assert f"{count:,}" in all_line
        assert f"{total:,.2f}" in all_line


def test_the_chart_replaces_the_table_with_a_bar_per_month(logged_in: MockPortal) -> None:
    """Not on a terminal there is no height to fit: one bar per month, the amounts exact."""
    sums = independent_sums(logged_in.wire_invoices, "month")
    result = invoke("invoices", "totals", "--by", "month", "--chart")
    assert result.exit_code == 0, result.output
    assert " all " not in result.stdout  # no totals table before the charts
    for (month, currency), (_count, total) in sums.items():
        assert f"Invoiced per month, {currency}" in result.stdout
        assert any(line.split()[:2] == [month, f"{total:,.2f}"] for line in result.stdout.splitlines())


def test_chart_needs_months_in_a_table(logged_in: MockPortal) -> None:
    result = invoke("invoices", "totals", "--by", "currency", "--chart")
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: --chart draws months")


def test_no_match_is_an_empty_result_not_an_error(logged_in: MockPortal) -> None:
    result = invoke("invoices", "totals", "--issued", "1999", "-f", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == []


# ---------------------------------------------------------------- month charts fit the terminal


def monthly_rows(months: int, currencies: list[str]) -> list[TotalRow]:
    start = dt.date(2019, 1, 1)
    labels = [f"{start.year + (start.month - 1 + n) // 12}-{(start.month - 1 + n) % 12 + 1:02d}" for n in range(months)]
    return [TotalRow(label, None, code, 1, Decimal(n + 1)) for code in currencies for n, label in enumerate(labels)]


def drawn_on(size: tuple[int, int], rows: list[TotalRow]) -> str:
    screen = Console(file=io.StringIO(), width=size[0], height=size[1], color_system=None)
    for chart in month_chart(rows, size):
        screen.print(chart)
    return screen.file.getvalue()  # type: ignore[attr-defined,no-any-return]


SIX = ["CZK", "EUR", "GBP", "JPY", "RUB", "USD"]


@pytest.mark.parametrize(
    ("months", "size", "period"),
    [
        (12, (80, 40), "quarter"),  # one year in six currencies: issue 20's 170 lines
        (12, (160, 50), "month"),
        (84, (80, 40), "year"),  # seven years: issue 20's 1,032 lines
        (3, (80, 40), "month"),
    ],
)
def test_month_charts_fit_the_terminal(months: int, size: tuple[int, int], period: str) -> None:
    drawn = drawn_on(size, monthly_rows(months, SIX))

    assert len(drawn.splitlines()) <= size[1]
    assert max(len(line) for line in drawn.splitlines()) <= size[0]
    assert all(f"Invoiced per {period}, {code}" in drawn for code in SIX)
    assert ("Months do not fit the terminal" in drawn) is (period != "month")


def test_coarser_bars_keep_every_amount() -> None:
    drawn = drawn_on((80, 10), monthly_rows(12, ["EUR"]))

    assert "2019-Q1" in drawn
    assert "6.00" in drawn  # 1 + 2 + 3
    assert "33.00" in drawn  # 10 + 11 + 12
