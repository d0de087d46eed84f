"""Every paid invoice issued in one year (in the portal's time zone), oldest first, with its exact amount.

ONLYOFFICE_URL=... ONLYOFFICE_TOKEN=... python examples/paid_invoices_of_a_year.py 2024
"""

import sys

from onlyoffice_crm import Portal, PortalError, amount

year = int(sys.argv[1]) if len(sys.argv) > 1 else 2024
try:
    with Portal.from_env() as portal:
        count = 0
        for invoice in portal.invoices(status="paid", issued=year, order_by="issued"):
            count += 1
            print(
                f"{invoice.number}\t{invoice.issue_date:%Y-%m-%d}\t{amount(invoice)}\t{invoice.currency.abbreviation}"
            )
        print(f"{count} paid invoices issued in {year}", file=sys.stderr)
except (PortalError, ValueError) as error:
    raise SystemExit(f"error: {error}") from None
