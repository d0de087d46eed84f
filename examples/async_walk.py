"""Walk every invoice with asyncio, four pages at a time (within the rate limit), and count them per status.

ONLYOFFICE_URL=... ONLYOFFICE_TOKEN=... python examples/async_walk.py
"""

import asyncio
from collections import Counter

from onlyoffice_crm import AsyncPortal, PortalError


async def main() -> Counter[str]:
    async with AsyncPortal.from_env() as portal:
        return Counter([invoice.status.title async for invoice in portal.invoices(concurrency=4)])


try:
    per_status = asyncio.run(main())
except (PortalError, ValueError) as error:
    raise SystemExit(f"error: {error}") from None

for title, count in per_status.most_common():
    print(f"{title:<10} {count:>7}")
print(f"{'all':<10} {per_status.total():>7}")
