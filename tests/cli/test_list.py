"""``invoices list`` end to end: the table, the total, the filters in a person's words, and the usage errors."""

from __future__ import annotations

from typing import Any

import pytest

from onlyoffice_crm import PAGE_MAXIMUM

from .conftest import MockPortal, invoke


def shown_numbers(stdout: str) -> list[str]:
    """The Number column of the table (a wrapped row's next lines have an empty first cell)."""
    cells = [line.split("│")[1].strip() for line in stdout.splitlines() if line.startswith("│")]
    return [cell for cell in cells if cell]


def test_the_first_page_and_the_total(logged_in: MockPortal) -> None:
    result = invoke("invoices", "list")
    assert result.exit_code == 0, result.output
    everything = logged_in.wire_invoices
    assert shown_numbers(result.stdout) == [invoice["number"] for invoice in everything[:25]]
    assert f"25 of {len(everything):,} invoices" in result.stdout
    first = everything[0]
    row = next(line for line in result.stdout.splitlines() if first["number"] in line)
    assert first["issueDate"][:10] in row
    assert first["status"]["title"] in row
    assert f"{first['cost']:,.2f}" in row
    assert first["currency"]["abbreviation"] in row


def test_filters_in_words_select_what_a_person_means(logged_in: MockPortal) -> None:
    def expected(invoice: dict[str, Any]) -> bool:
        return invoice["status"]["id"] == 4 and invoice["issueDate"][:7] in {"2024-01", "2024-02", "2024-03"}

    wanted = [invoice["number"] for invoice in logged_in.wire_invoices if expected(invoice)]
    assert wanted, "the seed should give paid invoices in the first quarter of 2024"
    most = str(PAGE_MAXIMUM)
    result = invoke("invoices", "list", "--status", "Paid", "--issued", "2024-01-01..2024-03-31", "--limit", most)
    assert result.exit_code == 0, result.output
    assert shown_numbers(result.stdout) == wanted
    assert f"{len(wanted):,} of {len(wanted):,} invoice" in result.stdout
    quarter = invoke("invoices", "list", "--status", "paid", "--issued", "2024-Q1", "--limit", most)
    assert shown_numbers(quarter.stdout) == wanted


def test_sorting_and_currency(logged_in: MockPortal) -> None:
    euros = [invoice for invoice in logged_in.wire_invoices if invoice["currency"]["abbreviation"] == "EUR"]
    latest_due = sorted(euros, key=lambda invoice: (invoice["dueDate"], invoice["number"]), reverse=True)
    result = invoke("invoices", "list", "--currency", "eur", "--sort", "due", "--desc", "--limit", "10")
    assert result.exit_code == 0, result.output
    shown = shown_numbers(result.stdout)
    assert len(shown) == 10
    assert [logged_in_due(logged_in, number) for number in shown] == [i["dueDate"] for i in latest_due[:10]]
    assert f"10 of {len(euros):,} invoices" in result.stdout


def logged_in_due(portal: MockPortal, number: str) -> str:
    return next(str(invoice["dueDate"]) for invoice in portal.wire_invoices if invoice["number"] == number)


def test_overdue_is_billed_and_due_before_today_on_the_portals_clock(logged_in: MockPortal) -> None:
    today = logged_in.today().isoformat()
    overdue = [i["number"] for i in logged_in.wire_invoices if i["dueDate"][:10] < today and i["status"]["id"] == 2]
    result = invoke("invoices", "list", "--overdue", "--limit", str(PAGE_MAXIMUM))
    assert result.exit_code == 0, result.output
    assert f"{min(PAGE_MAXIMUM, len(overdue)):,} of {len(overdue):,} invoices" in result.stdout
    assert shown_numbers(result.stdout) == overdue[:PAGE_MAXIMUM]


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (
            ["--status", "payed"],
            "Error: Unknown status 'payed': use one of draft, billed, rejected, paid, archive.",
        ),
        (["--issued", "2024-03-31..2024-01-01"], "Error: --issued '2024-03-31..2024-01-01' starts after it ends"),
        (["--due", "2024-13"], "Error: --due '2024-13' is not a date: use YYYY, YYYY-MM"),
        (["--desc"], "Error: --desc needs --sort"),
        (["--overdue", "--status", "paid"], "Error: --overdue means billed and past due"),
        (["--overdue", "--status", "draft"], "Error: --overdue means billed and past due"),
        (["--sort", "amount"], "Error: Unknown sort order 'amount'"),
        (["--currency", "euro"], "Error: Unknown currency 'euro': use an ISO 4217 code"),
        (["--currency", "XYZ"], "Error: Unknown currency 'XYZ': use an ISO 4217 code"),
        (["--contact", "1", "--opportunity", "2"], "Error: --contact and --opportunity cannot be combined"),
        (["--customer", "1", "--opportunity", "2"], "Error: --contact and --opportunity cannot be combined"),
    ],
)
def test_usage_errors_are_one_line_and_exit_2(logged_in: MockPortal, arguments: list[str], message: str) -> None:
    result = invoke("invoices", "list", *arguments)
    assert result.exit_code == 2
    assert result.stderr.startswith(message)
    assert result.stderr.count("\n") == 1
    assert result.stdout == ""


def test_an_unknown_option_is_exit_2(logged_in: MockPortal) -> None:
    result = invoke("invoices", "list", "--colour", "red")
    assert result.exit_code == 2
    assert "--colour" in result.stderr
