"""Issue 20, the command side (points 1, 3-9 and 12), end to end against the mock portal or a raw-socket server."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import socket
import threading
from decimal import Decimal
from pathlib import Path

import httpx
import pytest
from rich.console import Console

from onlyoffice_crm_cli._display import month_chart
from onlyoffice_crm_cli._totals import TotalRow
from tests.hostile_servers import HostileServer, Request

from .conftest import CONFIG, invoke, token_env

ZIP_MAGIC = b"PK\x03\x04"


def wire_invoices(url: str) -> list[dict[str, object]]:
    """Every invoice as the portal sends it (plain httpx: the oracle)."""
    found: list[dict[str, object]] = []
    with httpx.Client(base_url=url, headers={"Authorization": CONFIG.token}) as client:
        while len(found) < CONFIG.invoices:
            query = {"count": "1000", "startIndex": str(len(found)), "sortBy": "number"}
            found += client.get("/api/2.0/crm/invoice/filter", params=query).json()["response"]
    return found


# ---------------------------------------------------------------- 1. the format follows the extension


@pytest.mark.parametrize(("name", "starts"), [("all.xlsx", ZIP_MAGIC), ("all.json", b"[\n{"), ("all.csv", b"number,")])
def test_the_format_follows_the_output_extension(portal_url: str, tmp_path: Path, name: str, starts: bytes) -> None:
    target = tmp_path / name
    result = invoke("invoices", "export", "--issued", "2024", "-o", str(target), env=token_env(portal_url))

    assert result.exit_code == 0, result.output
    assert target.read_bytes().startswith(starts)


def test_a_format_that_contradicts_the_extension_is_refused_and_the_file_kept(portal_url: str, tmp_path: Path) -> None:
    target = tmp_path / "all.xlsx"
    target.write_bytes(ZIP_MAGIC + b"a valid workbook")
    result = invoke("invoices", "export", "-f", "csv", "-o", str(target), env=token_env(portal_url))

    assert result.exit_code == 2
    assert result.stderr.startswith("Error: --format csv does not match")
    assert target.read_bytes() == ZIP_MAGIC + b"a valid workbook"


def test_an_unknown_extension_is_csv(portal_url: str, tmp_path: Path) -> None:
    target = tmp_path / "all.txt"
    result = invoke("invoices", "export", "--issued", "2024-Q1", "-o", str(target), env=token_env(portal_url))

    assert result.exit_code == 0, result.output
    assert target.read_bytes().startswith(b"number,status,issued,due,contact,contact_id,amount,currency\r\n")


# ---------------------------------------------------------------- 4. overdue: billed and past due


def test_overdue_is_billed_and_past_due_as_the_portals_report_counts(portal_url: str) -> None:
    today = (dt.datetime.now(dt.UTC) + dt.timedelta(minutes=CONFIG.utc_offset_minutes)).date().isoformat()
    expected = sorted(
        str(invoice["number"])
        for invoice in wire_invoices(portal_url)
        if str(invoice["dueDate"])[:10] < today and invoice["status"]["id"] == 2  # type: ignore[index]
    )
    result = invoke("invoices", "export", "--overdue", "--columns", "number,status", env=token_env(portal_url))

    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout, newline="")))
    assert sorted(row["number"] for row in rows) == expected
    assert {row["status"] for row in rows} == {"Billed"}


# ---------------------------------------------------------------- 5. an address without a scheme


def test_login_to_a_plain_http_portal_written_without_scheme_says_to_write_http(portal_url: str) -> None:
    bare = portal_url.removeprefix("http://")
    result = invoke("login", bare, "-u", CONFIG.user_name, "--password", CONFIG.password)

    assert result.exit_code == 1
    assert f"write {portal_url}" in result.stderr
    assert result.stderr.count("\n") == 1
    again = invoke("login", portal_url, "-u", CONFIG.user_name, "--password", CONFIG.password)
    assert again.exit_code == 0, again.output


# ---------------------------------------------------------------- 6. help and version


def test_version_and_flags_in_help() -> None:
    version = invoke("--version")
    assert re.fullmatch(r"onlyoffice-crm \d+\.\d+\.\d+\n", version.stdout)
    for command in (["invoices", "list"], ["invoices", "export"], ["invoices", "totals"]):
        shown = invoke(*command, "--help").stdout
        assert "<bool>" not in shown
        assert "--help" in shown


# ---------------------------------------------------------------- 7. currency


def test_a_currency_that_is_no_code_is_a_usage_error(portal_url: str) -> None:
    for word in ("euro", "XYZ"):
        result = invoke("invoices", "list", "--currency", word, env=token_env(portal_url))
        assert result.exit_code == 2
        assert "ISO 4217" in result.stderr


def test_a_valid_code_that_matches_nothing_gets_a_hint(portal_url: str) -> None:
    result = invoke("invoices", "list", "--currency", "chf", env=token_env(portal_url))

    assert result.exit_code == 0
    assert "0 of 0 invoices" in result.stdout
    assert result.stderr.startswith("No invoice matches in CHF")


# ---------------------------------------------------------------- 8. charts that fit a terminal


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
        (12, (80, 40), "quarter"),  # one year in six currencies: the 170 lines
        (12, (160, 50), "month"),
        (84, (80, 40), "year"),  # seven years: the 1,032 lines
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


# ---------------------------------------------------------------- 9. wording


def test_the_help_lists_the_status_words_the_table_shows(portal_url: str) -> None:
    shown = invoke("invoices", "list", "--help").stdout
    assert "draft, billed, rejected, paid, archive" in shown
    table = invoke("invoices", "list", "--limit", "200", env=token_env(portal_url)).stdout
    assert {"Draft", "Billed", "Rejected", "Paid", "Archive"} <= set(table.split())


def test_the_list_shows_the_id_that_contact_takes(portal_url: str) -> None:
    table = invoke("invoices", "list", "--limit", "5", env=token_env(portal_url)).stdout
    contact_id = re.search(r"#(\d+)", table)
    assert contact_id is not None
    filtered = invoke("invoices", "list", "--contact", contact_id[1], env=token_env(portal_url))
    assert filtered.exit_code == 0
    numbers = re.findall(r"#(\d+)", filtered.stdout)
    assert numbers
    assert set(numbers) == {contact_id[1]}
    assert "#id" in invoke("invoices", "list", "--help").stdout


def test_the_customer_word_is_an_alias_of_contact(portal_url: str) -> None:
    by_contact = invoke("invoices", "list", "--contact", "5", "--sort", "contact", env=token_env(portal_url))
    by_customer = invoke("invoices", "list", "--customer", "5", "--sort", "customer", env=token_env(portal_url))
    assert by_contact.exit_code == 0
    assert by_customer.stdout == by_contact.stdout


# ---------------------------------------------------------------- 3. a sign of life while waiting (no terminal)


def never_answers(request: Request, sock: socket.socket, stop: threading.Event) -> None:
    """Read the request, then say nothing until the server stops."""
    stop.wait()


@pytest.mark.timeout(30)
def test_a_stuck_portal_gets_a_note_before_the_timeout() -> None:
    with HostileServer(never_answers) as server:
        url = server.url
        result = invoke("--timeout", "4", "login", url, "-u", "a@example.com", "--password", "p")

    first, *rest = result.stderr.splitlines()
    assert first == f"Logging in to {url}… (no answer yet)"
    assert rest == [f"Error: {url} did not answer in time: try again later, or give a larger --timeout."]
    assert result.exit_code == 1


# ---------------------------------------------------------------- 12. one vocabulary: date words in the library


def test_date_words_give_the_same_invoices_in_cli_and_library(portal_url: str) -> None:
    from onlyoffice_crm import Portal

    result = invoke("invoices", "export", "--issued", "2024-Q1", "-f", "json", env=token_env(portal_url))
    from_cli = [row["number"] for row in json.loads(result.stdout)]
    with Portal(portal_url, CONFIG.token) as portal:
        from_library = [invoice.number for invoice in portal.invoices(issued="2024-Q1")]

    assert from_cli == from_library
    assert from_cli
