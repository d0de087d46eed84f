"""A store whose invoices can be added, deleted and change status between requests, without a rebuild.

Added invoices come from the reserve (:mod:`.reserve`), already in every order and index: an addition and a
deletion flip a row of the visibility mask. A status change writes the row's status columns in place and
marks the orders by status stale; the store rebuilds them when a query next needs them.
"""

from __future__ import annotations

import random
import threading
from dataclasses import dataclass

import numpy as np

from .columns import InvoiceData
from .reserve import DRAFT, full_status_table, slot_chunk, with_reserve
from .store import InvoiceStore

_TRIES = 64  # random rows tried before drawing among the visible ones by rank


@dataclass(frozen=True)
class EditState:
    """What the edits changed: which rows are invoices, the status columns, the next reserve slot."""

    visible: np.ndarray
    status_ids: np.ndarray
    status_rows: np.ndarray
    can_edit: np.ndarray
    next_slot: int


class EditableStore(InvoiceStore):
    """The invoices of ``base`` plus a reserve of ``slots`` future ones; searches and edits hold :attr:`lock`."""

    def __init__(self, base: InvoiceData, seed: int, slots: int | None = None) -> None:
        slots = slots or slot_chunk(len(base))
        super().__init__(with_reserve(base, seed, slots), seed)
        self.base = base
        self.slots = slots
        self.lock = threading.Lock()
        self._lock = self.lock
        self._status_row = full_status_table(base.table("status"))[1]
        self._pristine = self._state_with(self._initial_visible(), 0)
        self._next_slot = 0
        self.restore()

    def _initial_visible(self) -> np.ndarray:
        visible = np.zeros(len(self._data), dtype=np.bool_)
        visible[: len(self.base)] = True
        return visible

    def restore(self, state: EditState | None = None) -> None:
        """Back to ``state`` (by default the base invoices, unedited), with fresh tie orders."""
        state = state or self._pristine
        with self.lock:
            size = len(state.visible)
            self._visible = self._initial_visible()
            self._visible[:size] = state.visible
            pristine = (self._pristine.status_ids, self._pristine.status_rows, self._pristine.can_edit)
            edited = (state.status_ids, state.status_rows, state.can_edit)
            for column, value, original in zip(self._status_columns(), edited, pristine, strict=True):
                column[:size] = value
                column[size:] = original[size:]
            self._visible_count = int(np.count_nonzero(self._visible))
            self._next_slot = state.next_slot
            self._status_stale = True
            self.restart()

    def state(self) -> EditState:
        """A copy of what the edits changed (to carry over to a larger reserve)."""
        visible = self._visible.copy() if self._visible is not None else self._initial_visible()
        return self._state_with(visible, self._next_slot)

    def _state_with(self, visible: np.ndarray, next_slot: int) -> EditState:
        status_ids, status_rows, can_edit = self._status_columns()
        return EditState(visible, status_ids.copy(), status_rows.copy(), can_edit.copy(), next_slot)

    def _status_columns(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The columns a status change writes: the status id, the status row, ``canEdit`` as an administrator
        has it (the renderer and the sort compute both permissions for the portal's caller: ``caller.py``)."""
        data = self._data
        return data.status_ids, data.columns["status"], data.columns["canEdit"]

    @property
    def free_slots(self) -> int:
        """How many more invoices can be added before :meth:`grown` is needed."""
        return self.slots - self._next_slot

    def grown(self) -> EditableStore:
        """A store with a larger reserve in the same state (slower: it is built anew)."""
        larger = EditableStore(self.base, self._seed, self.slots + slot_chunk(len(self.base)))
        larger.restore(self.state())
        return larger

    # The edits: call them holding ``lock``.

    def add(self, early: bool) -> int:
        """Show the next reserve slot's invoice (its early-numbered twin with ``early``); its id."""
        if not self.free_slots:
            raise RuntimeError("the reserve is used up")
        row = len(self.base) + 2 * self._next_slot + (1 if early else 0)
        self._next_slot += 1
        self._set_visible(row, True)
        return int(self._data.ids[row])

    def delete(self, row: int) -> None:
        """Delete the invoice at ``row``."""
        self._set_visible(row, False)

    def status_of(self, row: int) -> int:
        """The status id of the invoice at ``row``."""
        return int(self._data.status_ids[row])

    def set_status(self, row: int, status: int) -> None:
        """Give the invoice at ``row`` a standard status (only drafts are editable: CRMSecutiry.cs:452-455)."""
        status_ids, status_rows, can_edit = self._status_columns()
        status_ids[row] = status
        status_rows[row] = self._status_row[status]
        can_edit[row] = status == DRAFT
        self._status_stale = True

    def random_invoice(self, draw: random.Random) -> int | None:
        """A row of an invoice, uniformly at random (None when there is none)."""
        visible = self._visible
        if visible is None or self._visible_count == 0:
            return None
        used = len(self.base) + 2 * self._next_slot
        for _ in range(_TRIES):
            row = draw.randrange(used)
            if visible[row]:
                return row
        return int(np.flatnonzero(visible)[draw.randrange(self._visible_count)])

    def _set_visible(self, row: int, visible: bool) -> None:
        assert self._visible is not None
        if bool(self._visible[row]) != visible:
            self._visible[row] = visible
            self._visible_count += 1 if visible else -1
