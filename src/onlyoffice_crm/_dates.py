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

import calendar
import datetime as dt
import re
from dataclasses import dataclass

__all__ = ["DATE_WORDS", "DateRange", "date_range", "date_words", "period_bounds", "to_local", "wire_end"]

DATE_WORDS = "YYYY, YYYY-MM, YYYY-Qn, YYYY-MM-DD, or FROM..TO with either end left out (2024-01-01..2024-03-31)"
"""The date words :func:`date_words` reads, as the CLI's ``--issued``/``--due`` and the library's
``issued=``/``due=`` take them."""
_YEAR = re.compile(r"(\d{4})")
_MONTH = re.compile(r"(\d{4})-(\d{1,2})")
_QUARTER = re.compile(r"(\d{4})-?[qQ]([1-4])")
_DAY = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")

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


def period_bounds(word: str) -> tuple[dt.date, dt.date]:
    """The first and last day of a year, quarter, month or day written as ``word`` (``2024``, ``2024-Q1``,
    ``2024-03``, ``2024-03-15``).

    Raises:
        ValueError: ``word`` is none of these, or no such day (month 13, 30 February).
    """
    text = word.strip()
    try:
        if match := _YEAR.fullmatch(text):
            year = int(match[1])
            return dt.date(year, 1, 1), dt.date(year, 12, 31)
        if match := _QUARTER.fullmatch(text):
            year, quarter = int(match[1]), int(match[2])
            first_month, last_month = 3 * quarter - 2, 3 * quarter
            return dt.date(year, first_month, 1), dt.date(year, last_month, calendar.monthrange(year, last_month)[1])
        if match := _MONTH.fullmatch(text):
            year, month = int(match[1]), int(match[2])
            return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])
        if match := _DAY.fullmatch(text):
            day = dt.date(int(match[1]), int(match[2]), int(match[3]))
            return day, day
    except ValueError:  # month 13, February 30, year 0
        pass
    raise ValueError(f"{word!r} is not a date: use {DATE_WORDS}")


def date_words(word: str) -> tuple[dt.date | None, dt.date | None]:
    """``2024``, ``2024-03``, ``2024-Q1``, ``2024-03-05``, ``FROM..TO``, ``FROM..`` or ``..TO`` -> the inclusive
    ``(first day, last day)``, either ``None`` when left open.

    A range's ends may themselves be periods: ``2024-01..2024-03`` is 1 January to 31 March 2024.

    Raises:
        ValueError: not a date word, or a range that starts after it ends.
    """
    if ".." not in word:
        return period_bounds(word)
    left, _, right = word.partition("..")
    if not left.strip() and not right.strip():
        raise ValueError(f"{word!r} has no dates: use {DATE_WORDS}")
    start = period_bounds(left)[0] if left.strip() else None
    end = period_bounds(right)[1] if right.strip() else None
    if start is not None and end is not None and start > end:
        raise ValueError(f"{word!r} starts after it ends: write FROM..TO, earliest first")
    return start, end


def date_range(name: str, value: object) -> DateRange | None:
    """Read a date filter: ``None``, a ``date`` (that whole day), a year (``int``), date words (``"2024-Q1"``,
    ``"2024-03"``, ``"2024-01-01..2024-03-31"``: see :func:`date_words`), or an inclusive ``(start, end)`` pair
    of dates or datetimes where either end may be ``None``.

    Raises:
        TypeError: ``value`` has none of these shapes (the message names ``name``).
        ValueError: a year out of range, words that are no date, or a start after an end of the same kind.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        raise TypeError(f"{name}: expected a date, a (start, end) pair or a year, got bool")
    if isinstance(value, int):
        if not dt.MINYEAR <= value <= dt.MAXYEAR:
            raise ValueError(f"{name}: {value} is not a year")
        return DateRange(_start_of(dt.date(value, 1, 1), name), _end_of(dt.date(value, 12, 31), name))
    if isinstance(value, str):
        try:
            first, last = date_words(value)
        except ValueError as error:
            raise ValueError(f"{name}: {error}") from None
        return DateRange(
            None if first is None else _start_of(first, name), None if last is None else _end_of(last, name)
        )
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
    raise TypeError(f"{name}: expected a date, a (start, end) pair, a year or date words, got {type(value).__name__}")
