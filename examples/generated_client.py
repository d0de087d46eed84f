"""Full control with the generated client: log in, then one page of paid invoices in euros, newest first.

    BASE_URL=http://127.0.0.1:8080 USER_NAME=admin@example.com PASSWORD=mock-portal-password \
        python examples/generated_client.py
"""

import datetime as dt
import os

import httpx

from onlyoffice_crm_client import AuthenticatedClient, Client
from onlyoffice_crm_client.api.authentication import authenticate
from onlyoffice_crm_client.api.invoices import get_invoices
from onlyoffice_crm_client.models import (
    AuthenticationRequest,
    AuthenticationResponse,
    ErrorResponse,
    InvoiceListResponse,
    InvoiceSortBy,
    InvoiceStatusId,
    SortOrder,
)

base_url = os.environ.get("BASE_URL", "http://127.0.0.1:8080")
credentials = AuthenticationRequest(
    user_name=os.environ.get("USER_NAME", "admin@example.com"),
    password=os.environ.get("PASSWORD", "mock-portal-password"),
)

with Client(base_url=base_url, timeout=httpx.Timeout(30.0)) as anonymous:
    login = authenticate.sync(client=anonymous, body=credentials)
if not isinstance(login, AuthenticationResponse) or not isinstance(login.response.token, str):
    # A wrong password is a 500 "User authentication failed"; two-factor authentication gives no token.
    reason = login.error.message if isinstance(login, ErrorResponse) else repr(login)
    raise SystemExit(f"login failed: {reason}")

# prefix="" sends the token as the portal issues it; the default "Bearer" works as well. A naive
# datetime is read in the portal's time zone; the server widens issue_date_to to the end of that day.
with AuthenticatedClient(
    base_url=base_url, token=login.response.token, prefix="", timeout=httpx.Timeout(30.0)
) as client:
    page = get_invoices.sync(
        client=client,
        status=InvoiceStatusId.PAID,
        currency="EUR",
        issue_date_from=dt.datetime(2020, 1, 1),
        sort_by=InvoiceSortBy.ISSUE_DATE,
        sort_order=SortOrder.DESCENDING,
        count=5,
    )
if not isinstance(page, InvoiceListResponse):
    raise SystemExit(f"the portal answered with an error: {page!r}")

print(f"{page.total} paid invoices in EUR since 2020, newest first:")
for invoice in page.response:
    contact = invoice.contact.display_name if invoice.contact else "(no contact)"
    amount = f"{invoice.cost:>10.2f} {invoice.currency.symbol}"
    print(f"{invoice.number}  {invoice.issue_date:%Y-%m-%d}  {amount}  {contact}")
