"""Which edits people make between two requests, drawn from one seeded sequence, and applying them."""

from __future__ import annotations

import random
from dataclasses import dataclass

from .editable import EditableStore

# Status changes a person makes in the portal: a draft is sent, a sent invoice is paid (or rejected), a
# rejected one is reworked, a paid one archived, an archived one restored. Others (a newer portal's) go to draft.
NEXT_STATUSES: dict[int, tuple[int, ...]] = {1: (2,), 2: (4, 4, 3), 3: (1,), 4: (5,), 5: (4,)}
ADD, DELETE, CHANGE_STATUS = range(3)


@dataclass(frozen=True)
class EditCounts:
    """Edits applied, by kind."""

    added: int = 0
    deleted: int = 0
    status_changed: int = 0

    def __add__(self, other: EditCounts) -> EditCounts:
        return EditCounts(
            self.added + other.added, self.deleted + other.deleted, self.status_changed + other.status_changed
        )


def edits_due(draw: random.Random, per_request: float) -> int:
    """How many edits come before this request: the whole part of the rate, and one more with the probability
    of its fractional part (so 0.1 is one every ten requests on average, 2.5 two or three)."""
    if per_request <= 0:
        return 0
    whole = int(per_request)
    return whole + (1 if draw.random() < per_request - whole else 0)


def apply_edits(store: EditableStore, draw: random.Random, edits: int, early_numbers: bool) -> EditCounts:
    """Make ``edits`` edits, each an addition, a deletion or a status change (a third each; an addition when
    there is no invoice). The caller holds ``store.lock`` and has grown the store if its reserve may run out."""
    added = deleted = changed = 0
    for _ in range(edits):
        kind = draw.randrange(3)
        row = None if kind == ADD else store.random_invoice(draw)
        if row is None:
            early = early_numbers and draw.random() < 0.5
            store.add(early)
            added += 1
        elif kind == DELETE:
            store.delete(row)
            deleted += 1
        else:
            store.set_status(row, draw.choice(NEXT_STATUSES.get(store.status_of(row), (1,))))
            changed += 1
    return EditCounts(added, deleted, changed)
