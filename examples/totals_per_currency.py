"""Totals of the paid invoices of a year per currency, exact to the cent (Decimal, no float drift).

ONLYOFFICE_URL=... ONLYOFFICE_TOKEN=... python examples/totals_per_currency.py 2024
"""

import sys
from collections import defaultdict
from decimal import Decimal

from onlyoffice_crm import Portal, PortalError, amount

year = int(sys.argv[1]) if len(sys.argv) > 1 else 2024
totals: defaultdict[str, Decimal] = defaultdict(Decimal)
counts: defaultdict[str, int] = defaultdict(int)
try:
    with Portal.from_env() as portal:
        for invoice in portal.invoices(status="paid", issued=year):
            totals[invoice.currency.abbreviation] += amount(invoice)
            counts[invoice.currency.abbreviation] += 1
except (PortalError, ValueError) as error:
    raise SystemExit(f"error: {error}") from None

for currency in sorted(totals):
    print(f"{currency}  {counts[currency]:>6} invoices  {totals[currency]:>16,}")
