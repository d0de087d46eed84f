"""Date filters as people say them, turned into the bounds a portal reads exactly.

The rule (``Spec/ApiDateTime.cs:80-109``, ``InvoiceDao.cs`` ``WhereConditional``): a portal reads a bound with an
offset as that instant, and one without in its **own** time zone, with the offset that zone has at that
wall-clock time; then it compares the stored UTC ``issueDate``/``dueDate`` with ``from <= date <= to + 1 day -
1 minute``, that widening added to the UTC instant (``TenantUtil.DateTimeToUtc(issueDateTo.AddDays(1)
.AddMinutes(-1))`` of a UTC value). A ``date`` is that day (00:00 for a start, the end of the day for an end).

* With the portal's IANA time zone (``time_zone=`` or ``ONLYOFFICE_TIME_ZONE``), every wall-clock bound becomes
  the instant it names there, with the offset in force on **its own** date (:meth:`DateRange.in_zone`, zoneinfo),
  and is sent with that offset; the inclusive end ``e`` is sent as the instant ``e - 1 day + 1 minute``, so that
  the server's widening lands exactly on ``e`` even when a daylight-saving change falls within that last day.
* Without it, the bounds are sent as the portal's wall-clock time without an offset (the server reads each in its
  zone; the start is exact, but an end ``e`` is sent as the wall-clock ``e - 1 day + 1 minute``, so a day whose
  offset changes is one hour short or long at its end), and an aware ``datetime`` is first turned into
  wall-clock time with one UTC offset (:meth:`Portal.utc_offset`), which is right only away from a change.

An aware bound that reaches the request as it is (the walk's keyset bounds, invoice dates with their own offsets)
is sent as that instant, with its offset.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

__all__ = [
    "DATE_WORDS",
    "DateRange",
    "date_range",
    "date_words",
    "instant_in",
    "period_bounds",
    "to_local",
    "wire_end",
]

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
        """Both ends as they are sent: with ``utc_offset``, aware ends become the portal's wall-clock time (naive);
        without it, aware ends stay instants (sent with their own offsets). Naive ends are wall-clock time already.

        Raises:
            ValueError: the start is after the end (compared when both are naive or both aware).
        """
        start = to_local(self.start, utc_offset)
        end = to_local(self.end, utc_offset)
        if start is not None and end is not None and (start.tzinfo is None) == (end.tzinfo is None) and start > end:
            raise ValueError(f"{name}: the start {start:%Y-%m-%d %H:%M:%S} is after the end {end:%Y-%m-%d %H:%M:%S}")
        return start, end

    def in_zone(self, zone: dt.tzinfo) -> DateRange:
        """The range with each wall-clock (naive) end made the instant it names in ``zone``, with the offset in
        force there at that end (:func:`instant_in`); aware ends are kept.

        Raises:
            ValueError: the start is after the end.
        """
        start = None if self.start is None else instant_in(self.start, zone, later=False)
        end = None if self.end is None else instant_in(self.end, zone, later=True)
        if start is not None and end is not None and start > end:
            raise ValueError(f"the start {start.isoformat()} is after the end {end.isoformat()}")
        return DateRange(start, end)


def instant_in(value: dt.datetime, zone: dt.tzinfo, *, later: bool) -> dt.datetime:
    """A wall-clock time of ``zone`` as an instant with a fixed offset (the one in force then); aware values are only
    given a fixed offset.

    A wall-clock time a daylight-saving change skips is moved on by the gap (so a start of day at a midnight that a
    zone skips is the first instant of that day); one that occurs twice (in the hour a zone falls back) is the
    earlier instant for a start and the later for an end (``later``), so that the range holds all of it.
    """
    if value.tzinfo is None:
        earlier, latter = value.replace(tzinfo=zone, fold=0), value.replace(tzinfo=zone, fold=1)
        gap = earlier.astimezone(dt.UTC) > latter.astimezone(dt.UTC)
        value = latter if later and not gap and earlier.utcoffset() != latter.utcoffset() else earlier
    offset = value.utcoffset()
    assert offset is not None
    return value.astimezone(dt.timezone(offset))


def to_local(value: dt.datetime | None, utc_offset: dt.timedelta | None) -> dt.datetime | None:
    """``value`` as the portal's wall-clock time without an offset when ``utc_offset`` is given (naive values are
    already local); without it an aware value is kept, to be sent as that instant."""
    if value is None or value.tzinfo is None or utc_offset is None:
        return value
    return value.astimezone(dt.timezone(utc_offset)).replace(tzinfo=None)


def wire_end(end: dt.datetime) -> dt.datetime:
    """The ``…To`` value that makes the server's ``to + 1 day - 1 minute`` equal to the inclusive ``end``: on the
    wall clock for a naive ``end``, in absolute time for an aware one (the server widens the UTC instant)."""
    if end.tzinfo is not None:
        offset = end.utcoffset()
        assert offset is not None
        fixed = dt.timezone(offset)
        return (end.astimezone(dt.UTC) - SERVER_TO_WIDENING).astimezone(fixed)
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
