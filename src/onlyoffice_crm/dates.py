"""Date filters as people say them, turned into the bounds a portal reads exactly.

The rule (see the README): a portal reads a date without an offset in its **own** time zone, and
compares ``issueDate``/``dueDate`` with ``from <= date <= to + 1 day - 1 minute``. So the layer

* turns every bound into the portal's local wall-clock time: a ``date`` is that day (00:00 for a
  start, the end of the day for an end), a naive ``datetime`` is already portal-local, and an aware
  ``datetime`` is converted with the portal's UTC offset (:meth:`Portal.utc_offset`);
* sends the start as it is and the inclusive end ``e`` as ``e - 1 day + 1 minute``, so that the
  server's widening lands exactly on ``e``.

Both are sent without an offset, which the generated client writes as a naive datetime.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

__all__ = ["DateRange", "date_range", "to_local", "wire_end"]

# What the server adds to every `…To` bound before comparing (CRMApi.Invoices.cs).
SERVER_TO_WIDENING = dt.timedelta(days=1) - dt.timedelta(minutes=1)


@dataclass(frozen=True)
class DateRange:
    """An inclusive range of dates; either end may be open (``None``).

    ``start``/``end`` are naive (portal-local) or aware (an instant, converted once the portal's
    offset is known).
    """

    start: dt.datetime | None
    end: dt.datetime | None

    @property
    def needs_offset(self) -> bool:
        """Whether an end is an aware datetime, which needs the portal's UTC offset to be sent."""
        return any(bound is not None and bound.tzinfo is not None for bound in (self.start, self.end))

    def local(self, utc_offset: dt.timedelta | None, name: str) -> tuple[dt.datetime | None, dt.datetime | None]:
        """Both ends in the portal's wall-clock time (naive).

        Raises:
            ValueError: the start is after the end.
        """
        start = to_local(self.start, utc_offset)
        end = to_local(self.end, utc_offset)
        if start is not None and end is not None and start > end:
            raise ValueError(f"{name}: the start {start:%Y-%m-%d %H:%M:%S} is after the end {end:%Y-%m-%d %H:%M:%S}")
        return start, end


def to_local(value: dt.datetime | None, utc_offset: dt.timedelta | None) -> dt.datetime | None:
    """``value`` as the portal's wall-clock time without an offset (naive values are already local)."""
    if value is None or value.tzinfo is None:
        return value
    if utc_offset is None:
        raise ValueError("the portal's UTC offset is needed to send an aware datetime")
    return value.astimezone(dt.timezone(utc_offset)).replace(tzinfo=None)


def wire_end(end: dt.datetime) -> dt.datetime:
    """The ``…To`` value that makes the server's ``to + 1 day - 1 minute`` equal to the inclusive ``end``."""
    return end - SERVER_TO_WIDENING


def _start_of(value: dt.date, name: str) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time.min)
    raise TypeError(f"{name}: expected a date, a datetime or None, got {type(value).__name__}")


def _end_of(value: dt.date, name: str) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time.max)
    raise TypeError(f"{name}: expected a date, a datetime or None, got {type(value).__name__}")


def date_range(name: str, value: object) -> DateRange | None:
    """Read a date filter: ``None``, a ``date`` (that whole day), a year (``int``), or an inclusive
    ``(start, end)`` pair of dates or datetimes where either end may be ``None``.

    Raises:
        TypeError: ``value`` has none of these shapes (the message names ``name``).
        ValueError: a year out of range, or a start after an end of the same kind.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        raise TypeError(f"{name}: expected a date, a (start, end) pair or a year, got bool")
    if isinstance(value, int):
        if not dt.MINYEAR <= value <= dt.MAXYEAR:
            raise ValueError(f"{name}: {value} is not a year")
        return DateRange(_start_of(dt.date(value, 1, 1), name), _end_of(dt.date(value, 12, 31), name))
    if isinstance(value, dt.datetime):
        raise TypeError(f"{name}: a single datetime is not a range; give a date or a (start, end) pair")
    if isinstance(value, dt.date):
        return DateRange(_start_of(value, name), _end_of(value, name))
    if isinstance(value, tuple | list):
        if len(value) != 2:
            raise TypeError(f"{name}: expected a (start, end) pair, got {len(value)} items")
        first, last = value
        start = None if first is None else _start_of(first, f"{name} start")
        end = None if last is None else _end_of(last, f"{name} end")
        if start is None and end is None:
            return None
        if start is not None and end is not None and (start.tzinfo is None) == (end.tzinfo is None) and start > end:
            raise ValueError(f"{name}: the start {first} is after the end {last}")
        return DateRange(start, end)
    raise TypeError(f"{name}: expected a date, a (start, end) pair or a year, got {type(value).__name__}")
