"""Filters in a person's words against the mock portal: ``--overdue`` is what the portal's report calls overdue, a
currency is an ISO 4217 code (one that matches nothing gets a hint), the list shows the id ``--contact`` takes,
``customer`` is a word for contact, and date words select the same invoices as in the library."""

from __future__ import annotations

import csv
import io
import json
import re

from onlyoffice_crm import Portal

from .conftest import MockPortal, invoke, token_env


def test_overdue_is_billed_and_past_due_as_the_portals_report_counts(mock_portal: MockPortal) -> None:
    today = mock_portal.today().isoformat()
    expected = sorted(
        str(invoice["number"])
        for invoice in mock_portal.wire_invoices
        if str(invoice["dueDate"])[:10] < today and invoice["status"]["id"] == 2
    )
    result = invoke("invoices", "export", "--overdue", "--columns", "number,status", env=token_env(mock_portal))

    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout, newline="")))
    assert sorted(row["number"] for row in rows) == expected
    assert {row["status"] for row in rows} == {"Billed"}


def test_a_currency_that_is_no_code_is_a_usage_error(mock_portal: MockPortal) -> None:
    for word in ("euro", "XYZ"):
        result = invoke("invoices", "list", "--currency", word, env=token_env(mock_portal))
        assert result.exit_code == 2
        assert "ISO 4217" in result.stderr


def test_a_valid_code_that_matches_nothing_gets_a_hint(mock_portal: MockPortal) -> None:
    result = invoke("invoices", "list", "--currency", "chf", env=token_env(mock_portal))

    assert result.exit_code == 0
    assert result.stdout == "No invoice matches these filters.\n"  # a sentence, not an empty table
    assert result.stderr.startswith("No invoice matches in CHF")


def test_the_list_shows_the_id_that_contact_takes(mock_portal: MockPortal) -> None:
    table = invoke("invoices", "list", "--limit", "5", env=token_env(mock_portal)).stdout
    contact_id = re.search(r"#(\d+)", table)
    assert contact_id is not None
    filtered = invoke("invoices", "list", "--contact", contact_id[1], env=token_env(mock_portal))
    assert filtered.exit_code == 0
    numbers = re.findall(r"#(\d+)", filtered.stdout)
    assert numbers
    assert set(numbers) == {contact_id[1]}
    assert "#id" in invoke("invoices", "list", "--help").stdout


def test_the_customer_word_is_an_alias_of_contact(mock_portal: MockPortal) -> None:
    by_contact = invoke("invoices", "list", "--contact", "5", "--sort", "contact", env=token_env(mock_portal))
    by_customer = invoke("invoices", "list", "--customer", "5", "--sort", "customer", env=token_env(mock_portal))
    assert by_contact.exit_code == 0
    assert by_customer.stdout == by_contact.stdout


def test_date_words_give_the_same_invoices_in_cli_and_library(mock_portal: MockPortal) -> None:
    result = invoke("invoices", "export", "--issued", "2024-Q1", "-f", "json", env=token_env(mock_portal))
    from_cli = [row["number"] for row in json.loads(result.stdout)]
    with Portal(mock_portal.url, mock_portal.config.token) as portal:
        from_library = [invoice.number for invoice in portal.invoices(issued="2024-Q1")]

    assert from_cli == from_library
    assert from_cli
