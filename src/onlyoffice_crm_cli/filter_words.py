"""Filters in a person's words: ``paid``, ``2024``, ``2024-03``, ``2024-Q1``, ``2024-01-01..2024-03-31``.

Each parser returns a plain value or raises :class:`~onlyoffice_crm_cli.problems.UsageError` with one line that
names the bad word and shows what is accepted.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from enum import IntEnum, StrEnum

from .problems import UsageError


class StatusWord(IntEnum):
    """The invoice statuses by the names people use; the values are the portal's status ids."""

    DRAFT = 1
    SENT = 2
    REJECTED = 3
    PAID = 4
    ARCHIVED = 5


STATUS_SYNONYMS: dict[str, StatusWord] = {
    **{member.name.lower(): member for member in StatusWord},
    "billed": StatusWord.SENT,  # the portal's neutral title for Sent
    "archive": StatusWord.ARCHIVED,  # and for Archived
    **{str(member.value): member for member in StatusWord},
}
STATUS_CHOICES = "draft, sent (billed), rejected, paid, archived"


def parse_status(word: str) -> StatusWord:
    """``paid``, ``Paid``, ``billed`` or ``4`` -> the status; anything else is a usage error."""
    try:
        return STATUS_SYNONYMS[word.strip().lower()]
    except KeyError:
        raise UsageError(f"Unknown status {word!r}: use one of {STATUS_CHOICES}.") from None


@dataclass(frozen=True)
class DateSpan:
    """Inclusive calendar days in the portal's time zone; ``None`` leaves that end open."""

    start: dt.date | None
    end: dt.date | None

    def as_pair(self) -> tuple[dt.date | None, dt.date | None]:
        """``(start, end)`` as the library's ``issued=``/``due=`` take it."""
        return self.start, self.end

    def clipped_to(self, last_day: dt.date) -> DateSpan:
        """This span ending no later than ``last_day``."""
        end = last_day if self.end is None else min(self.end, last_day)
        return DateSpan(self.start, end)

    def is_empty(self) -> bool:
        """Whether no day satisfies the span."""
        return self.start is not None and self.end is not None and self.start > self.end


DATE_FORMS = "YYYY, YYYY-MM, YYYY-Qn, YYYY-MM-DD, or FROM..TO with either end left out (2024-01-01..2024-03-31)"
_YEAR = re.compile(r"(\d{4})")
_MONTH = re.compile(r"(\d{4})-(\d{1,2})")
_QUARTER = re.compile(r"(\d{4})-?[qQ]([1-4])")
_DAY = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


def period_bounds(word: str, option: str) -> tuple[dt.date, dt.date]:
    """The first and last day of a year, quarter, month or day written as ``word``."""
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
    raise UsageError(f"{option} {word!r} is not a date: use {DATE_FORMS}.")


def parse_date_span(word: str, option: str) -> DateSpan:
    """``2024``, ``2024-03``, ``2024-Q1``, ``2024-03-05``, ``FROM..TO``, ``FROM..`` or ``..TO`` -> a span.

    A range's ends may themselves be periods: ``2024-01..2024-03`` is 1 January to 31 March 2024.
    """
    if ".." not in word:
        return DateSpan(*period_bounds(word, option))
    left, _, right = word.partition("..")
    if not left.strip() and not right.strip():
        raise UsageError(f"{option} {word!r} has no dates: use {DATE_FORMS}.")
    start = period_bounds(left, option)[0] if left.strip() else None
    end = period_bounds(right, option)[1] if right.strip() else None
    span = DateSpan(start, end)
    if span.is_empty():
        raise UsageError(f"Bad date range {option} {word!r}: it starts after it ends; write FROM..TO, earliest first.")
    return span


def parse_currency(word: str) -> str:
    """A currency abbreviation such as ``EUR``; case does not matter."""
    code = word.strip().upper()
    if not re.fullmatch(r"[A-Z]{3}", code):
        raise UsageError(f"Unknown currency {word!r}: use a three-letter code such as EUR or USD.")
    return code


class SortWord(StrEnum):
    """The orders people ask for, by the words the command accepts."""

    NUMBER = "number"
    ISSUED = "issued"
    DUE = "due"
    STATUS = "status"
    CUSTOMER = "customer"
    ID = "id"


def parse_sort(word: str) -> SortWord:
    """``issued``, ``due``… -> the sort key."""
    try:
        return SortWord(word.strip().lower())
    except ValueError:
        choices = ", ".join(member.value for member in SortWord)
        raise UsageError(f"Unknown sort order {word!r}: use one of {choices}.") from None


def parse_positive_id(word: int, option: str) -> int:
    """An id the portal can have (positive)."""
    if word <= 0:
        raise UsageError(f"{option} {word} is not an id: ids are positive whole numbers.")
    return word
