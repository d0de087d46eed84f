"""Invoices people will add later: rows made in advance behind the data, hidden until an edit adds them.

Made in advance, they are in every precomputed order and index of the store from the start, so adding one is
making it visible. Slot ``k`` (the k-th invoice added) is two rows, alike but for the number: one with the
next number of the data's series, one with a number that sorts before the series (``edit_early_numbers``);
an edit shows one of the two. A slot's content depends only on the seed and ``k``, so a larger reserve
(made when one runs out) keeps the slots already used.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from .columns import InvoiceData, SharedTable
from .fields import field_named
from .spec_facts import spec_facts
from .wire import DAY_MICROS, encode_value

_SERIES = re.compile(rb"(.*?)([0-9]+)", re.DOTALL)
_SAMPLE = 4096  # numbers looked at to find the data's series
_RESERVE_SALT = 0xADD5
EARLY_COUNTDOWN = 999_999
"""Early numbers count down from here (``INV-000000-999999``, then ``…-999998``): each sorts before the last."""
DRAFT = 1
# Fields a new invoice copies together from one existing invoice (picked at random per group, so it looks like
# the data), in the order they are drawn; any other field (but its own and the drawn ones) is a group of its own.
_GROUPS: tuple[tuple[str, ...], ...] = (
    ("contact",),
    ("consignee",),
    ("entity",),
    ("currency", "exchangeRate"),
    ("status", "canEdit"),
    ("issueDate",),
    ("templateType", "language", "terms"),
    ("purchaseOrderNumber",),
    ("description",),
    ("fileID", "createBy", "canDelete"),
)
_OWN = frozenset({"id", "number"})
"""Fields a slot has its own value of: the next id and number of the series."""
_DRAWN = frozenset({"dueDate", "createOn", "cost"})
"""Fields drawn anew for a slot (after its issue date)."""


@dataclass(frozen=True)
class NumberSeries:
    """The data's invoice numbers: ``prefix`` then a zero-padded counter of ``width`` digits."""

    prefix: bytes
    width: int
    next_value: int

    @classmethod
    def of(cls, numbers: npt.NDArray[np.bytes_]) -> NumberSeries:
        """The most common prefix-and-counter form among the numbers, continuing after its highest counter."""
        step = max(1, len(numbers) // _SAMPLE)
        forms: Counter[tuple[bytes, int]] = Counter()
        for number in numbers[::step].tolist():
            match = _SERIES.fullmatch(number)
            if match is not None:
                forms[match[1], len(match[2])] += 1
        if not forms:
            return cls(b"INV-", 6, 1)
        (prefix, width), _ = forms.most_common(1)[0]
        highest = 0
        for number in numbers[np.char.startswith(numbers, prefix)].tolist():
            match = _SERIES.fullmatch(number[len(prefix) :])
            if match is not None and not match[1]:
                highest = max(highest, int(match[2]))
        return cls(prefix, width, highest + 1)

    def number(self, slot: int) -> bytes:
        """The number of the ``slot``-th added invoice."""
        return self.prefix + str(self.next_value + slot).zfill(self.width).encode()

    def early_number(self, slot: int) -> bytes:
        """A number that sorts before the series and before every earlier early number."""
        return b"%s%s-%06d" % (self.prefix, b"0" * self.width, EARLY_COUNTDOWN - slot)


def slot_chunk(invoices: int) -> int:
    """How many slots a reserve adds at a time for a portal of this many invoices."""
    return max(256, min(invoices // 10, 10_000))


def with_reserve(base: InvoiceData, seed: int, slots: int) -> InvoiceData:
    """``base`` followed by ``slots`` pairs of rows (slot k at ``len(base) + 2k``, its early twin after it);
    the status table gets every standard status, so any status change can be written. ``base`` must not be
    empty (new invoices copy their contacts, currencies… from existing ones)."""
    count = len(base)
    chunk = slot_chunk(count)
    # Whole chunks, cut at the end: a slot's content does not depend on how many slots there are.
    parts = [_slots(base, seed, first, chunk) for first in range(0, slots, chunk)]

    def extended(name: str, column: npt.NDArray[Any]) -> npt.NDArray[Any]:
        twins = np.concatenate([part[name] for part in parts])[:slots] if parts else column[:0]
        return np.concatenate([column, np.repeat(twins, 2)])

    series = NumberSeries.of(base.numbers)
    pairs = [number for slot in range(slots) for number in (series.number(slot), series.early_number(slot))]
    next_id = int(base.ids.max()) + 1
    columns = {name: extended(name, column) for name, column in base.columns.items() if name not in _OWN}
    columns["number"] = np.concatenate([base.numbers, np.array(pairs or [b""], dtype=np.bytes_)[: len(pairs)]])
    columns["id"] = np.concatenate([base.ids, np.repeat(np.arange(next_id, next_id + slots, dtype=np.int32), 2)])
    status_table, _ = full_status_table(base.table("status"))
    return dataclasses.replace(
        base,
        columns=columns,
        nulls={name: extended(f"null:{name}", mask) for name, mask in base.nulls.items()},
        tables={**base.tables, field_named()["status"].table: status_table},
        status_ids=extended("status_ids", base.status_ids),
        contact_ids=extended("contact_ids", base.contact_ids),
    )


def full_status_table(table: SharedTable) -> tuple[SharedTable, dict[int, int]]:
    """``table`` with a row for each standard status it lacks, and the first row of each status id."""
    fragments = list(table.fragments)
    rows: dict[int, int] = {}
    for row, fragment in enumerate(fragments):
        rows.setdefault(int(json.loads(fragment)["id"]), row)
    for status, title in spec_facts().status_titles.items():
        if status not in rows:
            rows[status] = len(fragments)
            fragments.append(encode_value({"id": status, "title": title}))
    return SharedTable(fragments), rows


def _slots(base: InvoiceData, seed: int, first: int, size: int) -> dict[str, npt.NDArray[Any]]:
    """The columns (but id and number), null masks (``null:<field>``) and the mock's ``status_ids`` and
    ``contact_ids`` of slots ``first .. first + size``, from a sequence of their own."""
    draw = np.random.default_rng([seed & 0xFFFF_FFFF, _RESERVE_SALT, first])
    grouped = {name for group in _GROUPS for name in group}
    groups = [*_GROUPS, *((name,) for name in base.columns if name not in grouped | _OWN | _DRAWN)]
    companions = {"status": ("status_ids",), "contact": ("contact_ids",)}
    columns: dict[str, npt.NDArray[Any]] = {}
    for group in groups:
        source = draw.integers(0, len(base), size)
        for name in group:
            if name not in base.columns:
                continue
            columns[name] = base.columns[name][source]
            if name in base.nulls:
                columns[f"null:{name}"] = base.nulls[name][source]
            for companion in companions.get(name, ()):
                columns[companion] = getattr(base, companion)[source]
    # New invoices are drafts more often than the data's mix, and their dates and amounts are their own.
    drafts = draw.random(size) < 0.5
    draft_row = full_status_table(base.table("status"))[1][DRAFT]
    columns["status_ids"] = np.where(drafts, DRAFT, columns["status_ids"]).astype(np.int32)
    columns["status"] = np.where(drafts, draft_row, columns["status"]).astype(np.int32)
    columns["canEdit"] = columns["status_ids"] == DRAFT  # as an administrator has it (caller.py computes both)
    columns["dueDate"] = columns["issueDate"] + draw.integers(0, 61, size, dtype=np.int64) * DAY_MICROS
    columns["createOn"] = columns["issueDate"] + draw.integers(8 * 3600, 18 * 3600, size, dtype=np.int64) * 1_000_000
    columns["cost"] = draw.integers(0, 2_500_000, size, dtype=np.int64)
    return columns
