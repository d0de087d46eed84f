"""The tests of a downstream project: code built on ``onlyoffice_crm``, tested against the kit's mock portal
through the ``onlyoffice_portal`` fixture, in one file with no conftest (issue 17's "Done when").

Not collected here (the name does not start with ``test_``): ``tests/plugin`` and ``tests/packaging`` copy it
into an empty project as ``test_invoices.py`` and run pytest there.
"""

import datetime as dt
from decimal import Decimal

import pytest

from onlyoffice_crm import InvoiceStatus, Portal, RateLimitError, ServerError, amount
from onlyoffice_mock_portal import MockPortal

FILTER_PATH = "/api/2.0/crm/invoice/filter"


def test_three_seeded_invoices_are_read_back(onlyoffice_portal: MockPortal) -> None:
    onlyoffice_portal.set_invoices(
        [
            onlyoffice_portal.invoice(status="paid", cost=120, issueDate=dt.date(2024, 3, 1)),
            onlyoffice_portal.invoice(status="Draft", currency="usd", contact="Contoso"),
            onlyoffice_portal.invoice(contact=None, cost=Decimal("0.50")),
        ]
    )

    with Portal(onlyoffice_portal.url, onlyoffice_portal.token) as portal:
        invoices = list(portal.invoices())

    assert [invoice.number for invoice in invoices] == ["INV-000001", "INV-000002", "INV-000003"]
    assert [invoice.status.id for invoice in invoices] == [InvoiceStatus.PAID, InvoiceStatus.DRAFT, InvoiceStatus.SENT]
    assert [amount(invoice) for invoice in invoices] == [Decimal("120.00"), Decimal("1250.50"), Decimal("0.50")]
    assert invoices[0].issue_date.date() == dt.date(2024, 3, 1)
    assert invoices[1].currency.abbreviation == "USD"
    assert [invoice.contact.display_name if invoice.contact else None for invoice in invoices] == [
        "Northwind Traders",
        "Contoso",
        None,
    ]


def test_the_next_test_sees_a_fresh_portal(onlyoffice_portal: MockPortal) -> None:
    with Portal(onlyoffice_portal.url, onlyoffice_portal.token) as portal:
        assert portal.count_invoices() == 20  # the seeded invoices again, not the three above

    assert len(onlyoffice_portal.requests) == 1  # only this test's request


def test_a_portal_that_always_fails_gives_an_error_after_the_retries(onlyoffice_portal: MockPortal) -> None:
    onlyoffice_portal.set_faults(error_share=1.0)

    with (
        Portal(onlyoffice_portal.url, onlyoffice_portal.token, max_retries=2, max_retry_wait=0.2) as portal,
        pytest.raises((RateLimitError, ServerError)),
    ):
        portal.count_invoices()

    assert 1 <= len(onlyoffice_portal.requests) <= 3
    assert {(request.method, request.path) for request in onlyoffice_portal.requests} == {("GET", FILTER_PATH)}


def test_the_requests_received_can_be_asserted_on(onlyoffice_portal: MockPortal) -> None:
    with Portal.login(onlyoffice_portal.url, onlyoffice_portal.user_name, onlyoffice_portal.password) as portal:
        page = portal.page(status="paid", limit=5)

    login, search = onlyoffice_portal.requests
    assert (login.method, login.path) == ("POST", "/api/2.0/authentication")
    assert (search.method, search.path) == ("GET", FILTER_PATH)
    assert ("status", "4") in search.query
    assert ("count", "5") in search.query
    assert "authorization" not in search.headers
    assert all(invoice.status.id == InvoiceStatus.PAID for invoice in page.invoices)
