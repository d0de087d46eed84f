"""What a walk returns (sync and async, each with its report), and a portal being opened by ``AsyncPortal``."""

from __future__ import annotations

from collections.abc import AsyncIterator, Coroutine, Generator, Iterator
from types import TracebackType
from typing import Any, Generic, Protocol, Self, TypeVar

from onlyoffice_crm_client.models import Invoice

from ._walk import WalkReport

__all__ = ["DEFAULT_CONCURRENCY", "AsyncInvoiceWalk", "InvoiceWalk", "OpeningPortal", "check_concurrency"]

DEFAULT_CONCURRENCY = 2
"""Pages a walk requests at once unless told otherwise: the next page is on its way while one is read."""


class _AsyncPortal(Protocol):
    async def __aenter__(self) -> Self: ...

    async def __aexit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None: ...


P = TypeVar("P", bound=_AsyncPortal)


def check_concurrency(value: object) -> int:
    """``concurrency=``: pages requested at once, 1..32."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"concurrency: expected an int, got {type(value).__name__}")
    if not 1 <= value <= 32:
        raise ValueError(f"concurrency: {value} is not in 1..32")
    return value


class InvoiceWalk(Iterator[Invoice]):
    """The invoices of :meth:`Portal.invoices`, fetched lazily; :attr:`report` says how the portal changed.

    Closing it (or leaving a ``for`` loop early and dropping it) stops the requests in flight.
    """

    def __init__(self, invoices: Iterator[Invoice], report: WalkReport) -> None:
        self._invoices = invoices
        self.report = report
        """How the portal changed under the walk, as far as it could see (complete once the walk ends)."""

    def __next__(self) -> Invoice:
        return next(self._invoices)

    def close(self) -> None:
        """Stop the walk and the requests it has in flight."""
        close = getattr(self._invoices, "close", None)
        if close is not None:
            close()


class OpeningPortal(Generic[P]):
    """A portal being opened (a login): ``await`` it for the portal, or use it in ``async with`` directly."""

    def __init__(self, opening: Coroutine[Any, Any, P]) -> None:
        self._opening = opening
        self._portal: P | None = None

    def __await__(self) -> Generator[Any, None, P]:
        return self._opening.__await__()

    async def __aenter__(self) -> P:
        self._portal = await self._opening
        return await self._portal.__aenter__()

    async def __aexit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        if self._portal is not None:
            await self._portal.__aexit__(kind, error, traceback)


class AsyncInvoiceWalk(AsyncIterator[Invoice]):
    """The invoices of :meth:`AsyncPortal.invoices` (``async for``); :attr:`report` says how the portal changed."""

    def __init__(self, invoices: AsyncIterator[Invoice], report: WalkReport) -> None:
        self._invoices = invoices
        self.report = report
        """How the portal changed under the walk, as far as it could see (complete once the walk ends)."""

    async def __anext__(self) -> Invoice:
        return await anext(self._invoices)

    async def aclose(self) -> None:
        """Stop the walk and cancel the requests it has in flight."""
        close = getattr(self._invoices, "aclose", None)
        if close is not None:
            await close()
