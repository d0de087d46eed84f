"""Control of a running portal from Python, for tests: reset, seed invoices, set faults, see the requests.

``create_app(config)`` puts a :class:`PortalControl` on ``app.state.control``. The server may answer in
another thread while a test calls the control: state is swapped whole under a lock, and the store's own lock
keeps a search from seeing half an edit.
"""

from __future__ import annotations

import threading
from collections import deque
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .caller import serve_as
from .columns import InvoiceData
from .config import PortalConfig
from .data_file import load_records
from .editable import EditableStore
from .edits import EditCounts, apply_edits, edits_due
from .request_words import library_words
from .settings import LiveSettings
from .store import InvoiceStore
from .zone import PortalZone

MAX_RECORDED = 1_000
"""Requests kept in :attr:`PortalControl.requests` (the oldest are forgotten, so a long run stays small)."""
_SECRET_HEADERS = frozenset({"authorization", "cookie"})


@dataclass
class ReceivedRequest:
    """A request as it reached the portal; ``headers`` (names lower-case) without ``Authorization``/``Cookie``,
    and the status of its answer."""

    method: str
    path: str
    query: tuple[tuple[str, str], ...]
    """The query's pairs as sent, in wire values (``("status", "4")``); :attr:`filters` reads them in words."""
    headers: dict[str, str]
    status: int | None = None
    """The status of the answer (also a fault's 503 or 502, the rate limit's 503), set when its head is sent:
    None while the portal is still answering; 500 when answering failed."""

    @property
    def filters(self) -> dict[str, Any]:
        """The query's filters and order in the words of ``onlyoffice_crm``'s filters: ``{"status": "paid",
        "issued": (date(2024, 1, 1), date(2024, 3, 31)), "contact": 5, "currency": "EUR", "search": "INV",
        "order_by": "issued", "descending": True}``, only those the query holds (the first value of each
        parameter, as the portal reads them; text it cannot read as such is given as sent)."""
        return library_words(self.query)


class PortalControl:
    """The state of one portal that tests may change: its invoices, faults, request log and edit counts."""

    def __init__(self, config: PortalConfig, data: InvoiceData) -> None:
        self._config = config
        self.live = LiveSettings(config)
        """The settings the middlewares read per request."""
        self._lock = threading.RLock()
        self._store = self._new_store(data)
        self._initial = self._store
        """The store ``create_app`` built (or the editable one that took its place): :meth:`reset` goes back to it."""
        self._requests: deque[ReceivedRequest] = deque(maxlen=MAX_RECORDED)
        self._edits = EditCounts()

    # --- for tests ---------------------------------------------------------------------------------------------

    def reset(self) -> None:
        """Back to the state ``create_app`` built: its invoices (edits undone), the configuration's faults and
        rate limit, no requests recorded, no edits counted, fresh fault and edit sequences, rate-limit
        counters cleared."""
        with self._lock:
            store = self._initial
            if isinstance(store, EditableStore):
                store.restore()
            else:
                store.restart()
            self._store = store
            self.live.reset()
            self._requests.clear()
            self._edits = EditCounts()

    def set_invoices(self, records: list[dict[str, Any]]) -> None:
        """Serve these invoices (wire shape, as a ``--data`` file holds them) from now on, validated as that
        file is: raises :class:`~onlyoffice_mock_portal.columns.DataFileError` on a bad record."""
        data = load_records(list(records), self._config.utc_offset_minutes, source="set_invoices")
        config = self._config
        serve_as(
            data, config.role, PortalZone.of(config.utc_offset_minutes, config.time_zone) if config.time_zone else None
        )
        store = self._new_store(data)
        with self._lock:
            self._store = store

    def set_faults(self, **fields: Any) -> None:
        """Change, from the next request on, any of ``rate_limit``, ``rate_limit_window_s``, ``fail_first`` (its
        count starts again), ``error_share``, ``latency_ms``, ``drop_share``, ``edits_per_request``,
        ``edit_early_numbers`` (:class:`PortalConfig`'s meanings). An unknown name raises TypeError; a bad value
        TypeError or ValueError naming it."""
        self.live.update(**fields)

    @property
    def requests(self) -> list[ReceivedRequest]:
        """The requests received since the start or the last reset, oldest first (at most the last
        :data:`MAX_RECORDED`); every request counts, also those answered by the rate limit or a fault."""
        with self._lock:
            return list(self._requests)

    @property
    def edits(self) -> EditCounts:
        """The edits applied since the start or the last reset, by kind."""
        return self._edits

    @property
    def store(self) -> InvoiceStore:
        """The invoices served now."""
        return self._store

    # --- for the application -----------------------------------------------------------------------------------

    def record(self, scope: Scope) -> ReceivedRequest:
        """Note a request that reached the portal; the entry, for its answer's status."""
        query = parse_qsl(bytes(scope.get("query_string", b"")).decode("latin-1"), keep_blank_values=True)
        headers: dict[str, str] = {}
        for raw_name, raw_value in scope.get("headers", []):
            name, value = raw_name.decode("latin-1").lower(), raw_value.decode("latin-1")
            if name not in _SECRET_HEADERS:
                headers[name] = f"{headers[name]}, {value}" if name in headers else value
        request = ReceivedRequest(str(scope.get("method", "")), str(scope.get("path", "")), tuple(query), headers)
        with self._lock:
            self._requests.append(request)
        return request

    def store_for_request(self) -> InvoiceStore:
        """The store to answer a filter request from, after this request's share of edits."""
        settings = self.live.current
        if settings.edits_per_request <= 0:
            return self._store
        with self._lock:
            edits = edits_due(self.live.edit_random, settings.edits_per_request)
            store = self._store
            if edits == 0 or (len(store) == 0 and not isinstance(store, EditableStore)):
                return store
            editable = self._editable(store, edits)
            with editable.lock:
                counts = apply_edits(editable, self.live.edit_random, edits, settings.edit_early_numbers)
            self._edits += counts
            return editable

    def _editable(self, store: InvoiceStore, edits: int) -> EditableStore:
        """``store`` able to take ``edits`` more additions (made editable, or given a larger reserve)."""
        editable = store if isinstance(store, EditableStore) else EditableStore(store.data, self._config.seed)
        while editable.free_slots < edits:
            editable = editable.grown()
        if editable is not store:
            if store is self._initial:
                self._initial = editable
            self._store = editable
        return editable

    def _new_store(self, data: InvoiceData) -> InvoiceStore:
        if self.live.current.edits_per_request > 0 and len(data):
            return EditableStore(data, self._config.seed)
        return InvoiceStore(data, seed=self._config.seed)  # the seed also decides the order among equal keys


class RequestLog:
    """Records every request on the control before anything else answers it, and the status of its answer."""

    def __init__(self, app: ASGIApp, control: PortalControl) -> None:
        self.app = app
        self.control = control

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = self.control.record(scope)

        async def send_noting_status(message: Message) -> None:
            if message["type"] == "http.response.start":
                request.status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, send_noting_status)
        except Exception:
            if request.status is None:
                request.status = 500  # Starlette's outermost middleware answers it, outside this one
            raise
