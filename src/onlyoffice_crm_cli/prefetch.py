"""Walk invoices with :class:`~onlyoffice_crm.AsyncPortal` in a background thread while the caller writes them.

An export is a pipeline: the portal prepares pages, the library parses them, the command formats and writes
rows. Fetching several pages at once (the library's ``concurrency=``) lets the portal work on the next pages
while this process parses and writes the current ones, instead of each side waiting for the other. A bounded
queue between the thread and the caller keeps memory flat: the walk pauses when the writer falls behind.
"""

from __future__ import annotations

import asyncio
import queue
import threading
from collections.abc import Generator
from typing import Any

from onlyoffice_crm import AsyncPortal
from onlyoffice_crm_client.models import Invoice

BATCH = 500
"""Invoices handed over at once (one queue operation per batch, not per invoice)."""
DEPTH = 8
"""Batches waiting at most: 4,000 invoices, besides the pages in flight."""
CONCURRENCY = 4
"""Pages fetched at once."""

_Item = list[Invoice] | BaseException | None


def prefetched_invoices(
    base_url: str, token: str, *, timeout: float, arguments: dict[str, Any], concurrency: int = CONCURRENCY
) -> Generator[Invoice, None, None]:
    """``AsyncPortal(base_url, token).invoices(**arguments, concurrency=…)``, as a plain iterator.

    Invoices come in the order asked, exactly once (the library's guarantee). An error of the walk is raised
    here; when the caller stops early (an error, Ctrl-C, ``close()``), the walk is stopped and its thread ends.
    """
    handover: queue.Queue[_Item] = queue.Queue(maxsize=DEPTH)
    stop = threading.Event()

    def put(item: _Item) -> bool:
        while not stop.is_set():
            try:
                handover.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    async def walk() -> None:
        async with AsyncPortal(base_url, token, timeout=timeout) as portal:
            batch: list[Invoice] = []
            async for invoice in portal.invoices(**arguments, concurrency=concurrency):
                batch.append(invoice)
                if len(batch) == BATCH:
                    # Blocking the loop here is the back-pressure: no new page is read while the writer is behind.
                    if not put(batch):
                        return
                    batch = []
            if batch:
                put(batch)

    def run() -> None:
        try:
            asyncio.run(walk())
        except BaseException as error:  # handed to the caller's thread, which reports it
            put(error)
        else:
            put(None)

    thread = threading.Thread(target=run, name="onlyoffice-crm-walk", daemon=True)
    thread.start()
    try:
        while True:
            item = handover.get()
            if item is None:
                return
            if isinstance(item, BaseException):
                raise item
            yield from item
    finally:
        stop.set()
        thread.join(timeout=timeout)
