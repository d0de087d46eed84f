"""Issue 20, the library side: what a new Python user trips on in the first hour (points 2, 7, 10-16).

Each test runs the library against the mock portal (real HTTP on 127.0.0.1) or a raw-socket server, as a user's
program would.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import inspect
import logging
import socket
import subprocess
import sys
import textwrap
from collections.abc import Iterator

import pytest
import stamina

import onlyoffice_crm
from onlyoffice_crm import (
    AsyncPortal,
    AuthenticationError,
    InvoiceSortBy,
    InvoiceStatus,
    OrderedFilters,
    Portal,
    PortalConnectionError,
    RateLimitError,
    ServerError,
    currency_code,
    parse_order_by,
)
from onlyoffice_mock_portal.config import PortalConfig
from onlyoffice_mock_portal.testing import running_portal
from tests.hostile_servers import HostileServer, answer, retry_after

CONFIG = PortalConfig(invoices=1000, seed=20)


@pytest.fixture(scope="module")
def url() -> Iterator[str]:
    with running_portal(CONFIG) as base_url:
        yield base_url


@pytest.fixture
def portal(url: str) -> Iterator[Portal]:
    with Portal(url, CONFIG.token) as opened:
        yield opened


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


# ---------------------------------------------------------------- 10. one InvoiceStatus


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


# ---------------------------------------------------------------- 11. precise filter types


def test_filter_types_are_precise_and_show_in_help() -> None:
    parameters = inspect.signature(Portal.invoices).parameters
    assert all(parameters[name].annotation is not object for name in OrderedFilters.__annotations__)
    text = str(inspect.signature(Portal.invoices))  # what help() prints
    assert "'billed'" in text
    assert "issued: datetime.date | int | str | tuple" in text
    assert "'issued', 'due'" in text  # the sort words


# ---------------------------------------------------------------- 12. one vocabulary with the CLI


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


# ---------------------------------------------------------------- 7. a currency is an ISO 4217 code


@pytest.mark.parametrize("word", ["euro", "XYZ", "€"])
def test_a_currency_that_is_no_code_is_refused_before_any_request(portal: Portal, word: str) -> None:
    with pytest.raises(ValueError, match="ISO 4217"):
        portal.count_invoices(currency=word)


# ---------------------------------------------------------------- 15. the currency code is easy to find


def test_the_currency_code_is_named_where_a_reader_looks(portal: Portal) -> None:
    invoice = portal.page(limit=1).invoices[0]

    assert currency_code(invoice) == invoice.currency.abbreviation
    assert portal.count_invoices(currency=currency_code(invoice)) > 0
    assert "currency.abbreviation" in (inspect.getdoc(onlyoffice_crm) or "")
    assert "currency.abbreviation" in (inspect.getdoc(currency_code) or "")


# ---------------------------------------------------------------- 13. async with, directly


@pytest.mark.timeout(30)
def test_async_from_env_and_login_work_directly_in_async_with(url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ONLYOFFICE_URL", url)
    monkeypatch.setenv("ONLYOFFICE_TOKEN", CONFIG.token)

    async def main() -> tuple[int, int]:
        async with AsyncPortal.from_env() as by_env:
            from_env = await by_env.count_invoices()
        async with AsyncPortal.login(url, CONFIG.user_name, CONFIG.password) as by_login:
            logged_in = await by_login.count_invoices()
        return from_env, logged_in

    assert asyncio.run(main()) == (CONFIG.invoices, CONFIG.invoices)


# ---------------------------------------------------------------- 14. errors that say what to do


def test_a_wrong_password_reads_as_one(url: str) -> None:
    with pytest.raises(AuthenticationError) as raised:
        Portal.login(url, CONFIG.user_name, "not-the-password")

    assert str(raised.value).startswith("wrong user name or password")
    assert not str(raised.value).startswith("HTTP 500")
    assert raised.value.status_code == 500  # the fact is kept


def test_connection_refused_names_the_address() -> None:
    address = f"http://127.0.0.1:{free_port()}"
    with Portal(address, "t", max_retries=0) as portal, pytest.raises(PortalConnectionError) as raised:
        portal.count_invoices()

    assert str(raised.value) == f"cannot connect to {address}: connection refused"


def test_https_to_a_plain_http_portal_says_to_write_http(url: str) -> None:
    secure = url.replace("http://", "https://")
    with Portal(secure, "t", max_retries=0) as portal, pytest.raises(PortalConnectionError) as raised:
        portal.count_invoices()

    assert f"write {url}" in str(raised.value)


def test_a_proxys_html_page_stays_out_of_the_message() -> None:
    page = b"<html><head><title>502 Bad Gateway</title></head><body><center>nginx</center></body></html>"
    proxy = answer(page, status="502 Bad Gateway", headers=[("Content-Type", "text/html")])
    with (
        HostileServer(proxy) as server,
        Portal(server.url, "t", max_retries=0) as portal,
        pytest.raises(ServerError) as raised,
    ):
        portal.count_invoices()

    assert "<" not in str(raised.value)
    assert "proxy" in str(raised.value)


# ---------------------------------------------------------------- 2. retries: a named logger, no bare lines


def test_each_retry_is_one_readable_record_on_the_libraries_logger(caplog: pytest.LogCaptureFixture) -> None:
    stamina.set_testing(True, attempts=3)
    try:
        with (
            caplog.at_level(logging.INFO, logger="onlyoffice_crm"),
            HostileServer(retry_after("0")) as server,
            Portal(server.url, "t", max_retries=2) as portal,
            pytest.raises(RateLimitError),
        ):
            portal.count_invoices()
    finally:
        stamina.set_testing(False)

    retries = [record for record in caplog.records if record.name == "onlyoffice_crm"]
    assert [record.getMessage() for record in retries] == [
        "portal busy (503), retrying 1/2 in 0 s",
        "portal busy (503), retrying 2/2 in 0 s",
    ]
    assert [getattr(record, "retry_number", None) for record in retries] == [1, 2]
    assert not [record for record in caplog.records if record.name.startswith("stamina")]


PROGRAM = """
import sys
from onlyoffice_crm import Portal, RateLimitError
with Portal(sys.argv[1], "t", max_retries=2) as portal:
    try:
        portal.count_invoices()
    except RateLimitError:
        print("refused")
"""


@pytest.mark.timeout(60)
def test_a_program_that_configures_no_logging_prints_nothing_on_retries() -> None:
    with HostileServer(retry_after("0")) as server:
        done = subprocess.run(
            [sys.executable, "-c", textwrap.dedent(PROGRAM), server.url],
            capture_output=True,
            text=True,
            timeout=50,
            check=False,
        )

    assert done.stdout == "refused\n"
    assert done.stderr == ""  # no "stamina.retry_scheduled", no retry line: the application decides


# ---------------------------------------------------------------- 16. a failing portal in a downstream test


@pytest.mark.timeout(5)  # the default retries would wait about 7.5 s
def test_a_failing_portal_fails_at_once_under_staminas_testing_mode() -> None:
    busy = retry_after("1")
    stamina.set_testing(True, attempts=2)
    try:
        with HostileServer(busy) as server, Portal(server.url, "t") as portal:
            with pytest.raises(RateLimitError):
                portal.count_invoices()
            assert len(server.requests) == 2
    finally:
        stamina.set_testing(False)
