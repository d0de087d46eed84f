"""Log in to a portal, then show its newest paid invoices in euros since 2020, with exact amounts.

    ONLYOFFICE_URL=http://127.0.0.1:8080 ONLYOFFICE_USER_NAME=admin@example.com \
    ONLYOFFICE_PASSWORD=mock-portal-password python examples/usage.py
"""

import datetime as dt

from onlyoffice_crm import Portal, PortalError, amount, currency_code

try:
    with Portal.from_env() as portal:  # ONLYOFFICE_URL, and ONLYOFFICE_TOKEN or a user name and password
        page = portal.page(
            status="paid",
            currency="eur",
            issued=(dt.date(2020, 1, 1), None),  # from 1 January 2020 in the portal's time zone, open end
            order_by="issued",
            descending=True,
            limit=5,
        )
except (PortalError, ValueError) as error:
    raise SystemExit(f"error: {error}") from None

print(f"{page.total} paid invoices in EUR since 2020, newest first:")
for invoice in page.invoices:
    contact = invoice.contact.display_name if invoice.contact else "(no contact)"
    money = f"{amount(invoice):>10} {currency_code(invoice)}"  # a Decimal, exact to the cent; EUR, USD…
    print(f"{invoice.number}  {invoice.issue_date:%Y-%m-%d}  {money}  {contact}")
