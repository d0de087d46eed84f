"""Filters in people's words against the mock portal (real HTTP on 127.0.0.1): one ``InvoiceStatus`` that compares
equal to what invoices carry, status words that are the portal's titles, precise filter types in ``help()``, the
command line's sort and date words, and currencies as ISO 4217 codes named where a reader looks."""

from __future__ import annotations

import datetime as dt
import inspect
from collections.abc import Iterator

import pytest

import onlyoffice_crm
from onlyoffice_crm import InvoiceSortBy, InvoiceStatus, OrderedFilters, Portal, currency_code, parse_order_by
from onlyoffice_mock_portal.config import PortalConfig
from onlyoffice_mock_portal.testing import running_portal

CONFIG = PortalConfig(invoices=1000, seed=20)


@pytest.fixture(scope="module")
def url() -> Iterator[str]:
    """A mock portal of 1,000 invoices, for the module."""
    with running_portal(CONFIG) as base_url:
        yield base_url


@pytest.fixture
def portal(url: str) -> Iterator[Portal]:
    with Portal(url, CONFIG.token) as opened:
        yield opened


# ---------------------------------------------------------------- one InvoiceStatus


def test_an_invoice_status_compares_equal_to_the_enum_member(portal: Portal) -> None:
    paid = portal.page(status="paid", limit=5).invoices
    drafts = portal.page(status="draft", limit=5).invoices
    assert paid
    assert drafts

    assert all(invoice.status == InvoiceStatus.PAID for invoice in paid)
    assert all(invoice.status == InvoiceStatus.PAID for invoice in paid)
    assert all(invoice.status.id == InvoiceStatus.PAID for invoice in paid)
    assert not any(invoice.status == InvoiceStatus.PAID for invoice in drafts)
    assert all(invoice.status != InvoiceStatus.PAID for invoice in drafts)
    assert InvoiceStatus.PAID in {4}  # still an int, hashed as one


def test_status_words_are_the_titles_the_portal_shows(portal: Portal) -> None:
    for member in InvoiceStatus:
        shown = portal.page(status=member.word, limit=3).invoices
        assert all(invoice.status.title.lower() == member.word for invoice in shown), member


# ---------------------------------------------------------------- precise filter types


def test_filter_types_are_precise_and_show_in_help() -> None:
    parameters = inspect.signature(Portal.invoices).parameters
    assert all(parameters[name].annotation is not object for name in OrderedFilters.__annotations__)
    text = str(inspect.signature(Portal.invoices))  # what help() prints
    assert "'billed'" in text
    assert "issued: datetime.date | int | str | tuple" in text
    assert "'issued', 'due'" in text  # the sort words


# ---------------------------------------------------------------- one vocabulary with the CLI


@pytest.mark.parametrize(
    ("order_by", "key"),
    [
        ("issued", InvoiceSortBy.ISSUE_DATE),
        ("due", InvoiceSortBy.DUE_DATE),
        ("contact", InvoiceSortBy.CONTACT),
        ("customer", InvoiceSortBy.CONTACT),
        ("Issued", InvoiceSortBy.ISSUE_DATE),
        ("issue_date", InvoiceSortBy.ISSUE_DATE),  # the former words still work
        ("issueDate", InvoiceSortBy.ISSUE_DATE),
    ],
)
def test_the_clis_sort_words_work_in_the_library(order_by: str, key: InvoiceSortBy) -> None:
    assert parse_order_by(order_by) is key


def test_a_walk_by_the_word_issued_comes_in_issue_date_order(portal: Portal) -> None:
    issued = [invoice.issue_date for invoice in portal.invoices(order_by="issued")]
    assert issued == sorted(issued)
    assert len(issued) == CONFIG.invoices


def test_a_bad_sort_word_lists_the_words_not_the_wire_names(portal: Portal) -> None:
    with pytest.raises(ValueError, match="one of number, issued, due, status, contact, id") as raised:
        portal.page(order_by="amount")  # type: ignore[arg-type]
    assert "issueDate" not in str(raised.value)


@pytest.mark.parametrize(
    ("words", "first", "last"),
    [
        ("2024-Q1", dt.date(2024, 1, 1), dt.date(2024, 3, 31)),
        ("2024-02", dt.date(2024, 2, 1), dt.date(2024, 2, 29)),
        ("2024-01-01..2024-03-31", dt.date(2024, 1, 1), dt.date(2024, 3, 31)),
    ],
)
def test_the_clis_date_words_work_in_the_library(portal: Portal, words: str, first: dt.date, last: dt.date) -> None:
    by_words = [invoice.id for invoice in portal.invoices(issued=words)]
    by_dates = [invoice.id for invoice in portal.invoices(issued=(first, last))]

    assert by_words == by_dates
    assert by_words


# ---------------------------------------------------------------- a currency is an ISO 4217 code


@pytest.mark.parametrize("word", ["euro", "XYZ", "€"])
def test_a_currency_that_is_no_code_is_refused_before_any_request(portal: Portal, word: str) -> None:
    with pytest.raises(ValueError, match="ISO 4217"):
        portal.count_invoices(currency=word)


# ---------------------------------------------------------------- the currency code is easy to find


def test_the_currency_code_is_named_where_a_reader_looks(portal: Portal) -> None:
    invoice = portal.page(limit=1).invoices[0]

    assert currency_code(invoice) == invoice.currency.abbreviation
    assert portal.count_invoices(currency=currency_code(invoice)) > 0
    assert "currency.abbreviation" in (inspect.getdoc(onlyoffice_crm) or "")
    assert "currency.abbreviation" in (inspect.getdoc(currency_code) or "")
