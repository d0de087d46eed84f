"""Log in to a portal, then list its paid invoices in euros, newest first.

    BASE_URL=http://127.0.0.1:8080 USER_NAME=admin@example.com PASSWORD=mock-portal-password \
        python examples/usage.py
"""

import datetime as dt
import os

from onlyoffice_crm_client import AuthenticatedClient, Client
from onlyoffice_crm_client.api.authentication import authenticate
from onlyoffice_crm_client.api.invoices import get_invoices
from onlyoffice_crm_client.models import (
    AuthenticationRequest,
    AuthenticationResponse,
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

with Client(base_url=base_url) as anonymous:
    login = authenticate.sync(client=anonymous, body=credentials)
if not isinstance(login, AuthenticationResponse) or not isinstance(login.response.token, str):
    raise SystemExit(f"login failed: {login!r}")

# prefix="" sends the token as the portal issues it; the default "Bearer" works as well.
with AuthenticatedClient(base_url=base_url, token=login.response.token, prefix="") as client:
    page = get_invoices.sync(
        client=client,
        status=InvoiceStatusId.PAID,
        currency="EUR",
        issue_date_from=dt.datetime(2020, 1, 1, tzinfo=dt.UTC),
        sort_by=InvoiceSortBy.ISSUE_DATE,
        sort_order=SortOrder.DESCENDING,
        count=5,
    )
if not isinstance(page, InvoiceListResponse):
    raise SystemExit(f"the portal answered with an error: {page!r}")

print(f"{page.total} paid invoices in EUR since 2020, newest first:")
for invoice in page.response:
    contact = invoice.contact.display_name if invoice.contact else "(deleted contact)"
    amount = f"{invoice.cost:>10.2f} {invoice.currency.symbol}"
    print(f"{invoice.number}  {invoice.issue_date:%Y-%m-%d}  {amount}  {contact}")
