"""Export the invoices of a year (or all, without a year) as CSV to standard output.

ONLYOFFICE_URL=... ONLYOFFICE_TOKEN=... python examples/export_csv.py 2024 > invoices-2024.csv
"""

import csv
import sys

from onlyoffice_crm import Portal, PortalError, amount

year = int(sys.argv[1]) if len(sys.argv) > 1 else None
writer = csv.writer(sys.stdout)
writer.writerow(["number", "status", "issue_date", "due_date", "contact", "currency", "amount"])
try:
    with Portal.from_env() as portal:
        for invoice in portal.invoices(issued=year):  # None: no date filter
            writer.writerow(
                [
                    invoice.number,
                    invoice.status.title,
                    invoice.issue_date.date().isoformat(),
                    invoice.due_date.date().isoformat(),
                    invoice.contact.display_name if invoice.contact else "",
                    invoice.currency.abbreviation,
                    amount(invoice),  # a Decimal: written as 1250.50, never 1250.4999999
                ]
            )
except (PortalError, ValueError) as error:
    raise SystemExit(f"error: {error}") from None
