"""``invoices totals --by month --chart`` draws every month of the range, a month without invoices at zero: the
months of ``--issued``, or from the first to the last month with invoices where it leaves an end open."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from onlyoffice_crm_cli._totals import TotalRow, every_month
from onlyoffice_mock_portal import MockPortal

from .conftest import invoke

BAR_LINE = re.compile(r"^\s*(\d{4}-\d{2})\s+([\d,]+\.\d{2})", re.MULTILINE)


def seed(portal: MockPortal) -> None:
    portal.set_invoices(
        [
            portal.invoice(issueDate=dt.date(2024, 2, 10), currency="EUR", cost=100, contact=None),
            portal.invoice(issueDate=dt.date(2024, 5, 3), currency="EUR", cost=50, contact=None),
            portal.invoice(issueDate=dt.date(2024, 5, 20), currency="USD", cost=7, contact=None),
        ]
    )


def charted(portal: MockPortal, *filters: str) -> dict[str, list[tuple[str, str]]]:
    """The bars of each currency's chart: (month, amount) in the order drawn."""
    env = {"ONLYOFFICE_URL": portal.url, "ONLYOFFICE_TOKEN": portal.token}
    result = invoke("invoices", "totals", "--by", "month", "--chart", *filters, env=env)
    assert result.exit_code == 0, result.output
    charts: dict[str, list[tuple[str, str]]] = {}
    for part in re.split(r"^\s*Invoiced per month, ", result.stdout, flags=re.MULTILINE)[1:]:
        currency, _, body = part.partition("\n")
        charts[currency.strip()] = BAR_LINE.findall(body)
    return charts


def test_months_without_invoices_are_drawn_at_zero(onlyoffice_portal: MockPortal) -> None:
    seed(onlyoffice_portal)
    charts = charted(onlyoffice_portal)
    assert charts == {
        "EUR": [("2024-02", "100.00"), ("2024-03", "0.00"), ("2024-04", "0.00"), ("2024-05", "50.00")],
        "USD": [("2024-02", "0.00"), ("2024-03", "0.00"), ("2024-04", "0.00"), ("2024-05", "7.00")],
    }


def test_the_chart_covers_every_month_of_issued(onlyoffice_portal: MockPortal) -> None:
    seed(onlyoffice_portal)
    charts = charted(onlyoffice_portal, "--issued", "2024", "--currency", "EUR")
    months = [month for month, _ in charts["EUR"]]
    assert months == [f"2024-{month:02d}" for month in range(1, 13)]
    assert dict(charts["EUR"]) == {month: "0.00" for month in months} | {"2024-02": "100.00", "2024-05": "50.00"}
    open_end = charted(onlyoffice_portal, "--issued", "2024-04..", "--currency", "EUR")
    assert open_end == {"EUR": [("2024-04", "0.00"), ("2024-05", "50.00")]}


def test_every_month_fills_each_currency_and_keeps_the_rows() -> None:
    rows = [TotalRow("2023-11", None, "EUR", 2, Decimal("3.50")), TotalRow("2024-01", None, "CZK", 1, Decimal(9))]
    filled = every_month(rows)
    assert [(row.group, row.currency, row.invoices, row.amount) for row in filled] == [
        ("2023-11", "CZK", 0, 0),
        ("2023-11", "EUR", 2, Decimal("3.50")),
        ("2023-12", "CZK", 0, 0),
        ("2023-12", "EUR", 0, 0),
        ("2024-01", "CZK", 1, 9),
        ("2024-01", "EUR", 0, 0),
    ]
    assert every_month([]) == []
    assert [row.group for row in every_month(rows[:1], dt.date(2023, 10, 31), dt.date(2023, 12, 1))] == [
        "2023-10",
        "2023-11",
        "2023-12",
    ]
