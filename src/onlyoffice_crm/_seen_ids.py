"""The ids a walk has yielded, in about 8 bytes each, so that no invoice comes twice.

A Python ``set`` of ints costs about 60 bytes an id; a walk of a million invoices would hold 60 MB for it.
Here ids go first into a small set, which is frozen into a sorted ``array('q')`` once it is full; runs of
equal size are merged (as a log-structured merge tree does), so at most about ``log2(n / BATCH)`` runs exist.
A fixed one-megabyte bitmap of hashed ids answers "surely new" for almost every id without a search.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left

__all__ = ["SeenIds"]

BATCH = 4096
"""Ids kept in a plain set before they are frozen into a sorted run."""
_FILTER_BITS = 1 << 23  # one MiB: a walk of 100,000 ids sets about 1% of it


def _contains(run: array[int], value: int) -> bool:
    index = bisect_left(run, value)
    return index < len(run) and run[index] == value


class SeenIds:
    """A set of ints that only grows: :meth:`add` and ``in``."""

    def __init__(self) -> None:
        self._recent: set[int] = set()
        self._runs: list[array[int]] = []
        self._filter = bytearray(_FILTER_BITS // 8)
        self._count = 0

    def __len__(self) -> int:
        return self._count

    def __contains__(self, value: object) -> bool:
        if not isinstance(value, int):
            return False
        bit = hash(value) % _FILTER_BITS
        if not self._filter[bit >> 3] & (1 << (bit & 7)):
            return False
        return value in self._recent or any(_contains(run, value) for run in self._runs)

    def add(self, value: int) -> bool:
        """Add ``value``; whether it was new."""
        if value in self:
            return False
        bit = hash(value) % _FILTER_BITS
        self._filter[bit >> 3] |= 1 << (bit & 7)
        self._recent.add(value)
        self._count += 1
        if len(self._recent) >= BATCH:
            self._freeze()
        return True

    def _freeze(self) -> None:
        run = array("q", sorted(self._recent))
        self._recent.clear()
        while self._runs and len(self._runs[-1]) <= len(run):
            run = array("q", sorted(self._runs.pop() + run))
        self._runs.append(run)
