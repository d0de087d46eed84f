"""Filters in a person's words: what each accepts, and the one-line usage error for what it does not."""

from __future__ import annotations

import datetime as dt

import pytest

from onlyoffice_crm import InvoiceSortBy, InvoiceStatus
from onlyoffice_crm_cli._errors import UsageError
from onlyoffice_crm_cli._filter_words import (
    DateSpan,
    currency_word,
    parse_date_span,
    parse_positive_id,
    sort_word,
    status_word,
)

D = dt.date


@pytest.mark.parametrize(
    ("word", "status"),
    [
        ("paid", InvoiceStatus.PAID),
        ("PAID", InvoiceStatus.PAID),
        (" Draft ", InvoiceStatus.DRAFT),
        ("sent", InvoiceStatus.SENT),
        ("Billed", InvoiceStatus.SENT),
        ("rejected", InvoiceStatus.REJECTED),
        ("archived", InvoiceStatus.ARCHIVED),
        ("archive", InvoiceStatus.ARCHIVED),
        ("4", InvoiceStatus.PAID),
    ],
)
def test_status_words(word: str, status: InvoiceStatus) -> None:
    assert status_word(word) is status


@pytest.mark.parametrize("word", ["payed", "", "6", "0", "paid,sent"])
def test_unknown_status_names_the_word_and_the_choices(word: str) -> None:
    with pytest.raises(UsageError, match="Unknown status") as raised:
        status_word(word)
    assert repr(word) in raised.value.message
    assert "draft, billed, rejected, paid, archive" in raised.value.message
    assert raised.value.code == 2


@pytest.mark.parametrize(
    ("word", "span"),
    [
        ("2024", DateSpan(D(2024, 1, 1), D(2024, 12, 31))),
        ("2024-02", DateSpan(D(2024, 2, 1), D(2024, 2, 29))),
        ("2023-02", DateSpan(D(2023, 2, 1), D(2023, 2, 28))),
        ("2024-3", DateSpan(D(2024, 3, 1), D(2024, 3, 31))),
        ("2024-Q1", DateSpan(D(2024, 1, 1), D(2024, 3, 31))),
        ("2024q4", DateSpan(D(2024, 10, 1), D(2024, 12, 31))),
        ("2024-03-15", DateSpan(D(2024, 3, 15), D(2024, 3, 15))),
        ("2024-01-01..2024-03-31", DateSpan(D(2024, 1, 1), D(2024, 3, 31))),
        ("2024-01..2024-03", DateSpan(D(2024, 1, 1), D(2024, 3, 31))),
        ("2023..2024-Q1", DateSpan(D(2023, 1, 1), D(2024, 3, 31))),
        ("2024-06..", DateSpan(D(2024, 6, 1), None)),
        ("..2023", DateSpan(None, D(2023, 12, 31))),
        ("2024-03-15..2024-03-15", DateSpan(D(2024, 3, 15), D(2024, 3, 15))),
    ],
)
def test_date_spans(word: str, span: DateSpan) -> None:
    assert parse_date_span(word, "--issued") == span


@pytest.mark.parametrize("word", ["2024-13", "2023-02-29", "24", "2024/03", "March", "2024-Q5", "..", "", "2024-1-1-1"])
def test_bad_dates_show_the_accepted_forms(word: str) -> None:
    with pytest.raises(UsageError) as raised:
        parse_date_span(word, "--due")
    assert "--due" in raised.value.message
    assert "YYYY-MM-DD" in raised.value.message


def test_a_range_that_ends_before_it_starts_is_a_bad_date_range() -> None:
    with pytest.raises(UsageError, match=r"--issued '2024-03-31\.\.2024-01-01' starts after it ends"):
        parse_date_span("2024-03-31..2024-01-01", "--issued")


def test_clipping_a_span_to_yesterday() -> None:
    yesterday = D(2024, 5, 9)
    assert DateSpan(None, None).clipped_to(yesterday) == DateSpan(None, yesterday)
    assert DateSpan(D(2024, 1, 1), D(2024, 12, 31)).clipped_to(yesterday) == DateSpan(D(2024, 1, 1), yesterday)
    assert DateSpan(D(2024, 1, 1), D(2024, 2, 1)).clipped_to(yesterday) == DateSpan(D(2024, 1, 1), D(2024, 2, 1))
    assert DateSpan(D(2024, 6, 1), None).clipped_to(yesterday).is_empty()


@pytest.mark.parametrize("word", ["euro", "XYZ", "E", "€"])
def test_a_currency_is_an_iso_4217_code(word: str) -> None:
    with pytest.raises(UsageError, match="ISO 4217"):
        currency_word(word)


def test_currency_sort_and_ids() -> None:
    assert currency_word(" eur ") == "EUR"
    assert currency_word("hrk") == "HRK"  # withdrawn in 2023: old invoices stay reachable
    assert sort_word("Issued") is InvoiceSortBy.ISSUE_DATE
    assert sort_word("customer") is InvoiceSortBy.CONTACT
    with pytest.raises(UsageError, match="number, issued, due, status, contact, id"):
        sort_word("amount")
    assert parse_positive_id(7, "--contact") == 7
    with pytest.raises(UsageError, match="--contact 0"):
        parse_positive_id(0, "--contact")
