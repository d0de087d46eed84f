"""Filters in a person's words, read by the library's own vocabulary (its ``parse_*`` functions and ``date_words``):
``paid``, ``2024``, ``2024-Q1``, ``2024-01-01..2024-03-31``, ``--sort issued``, ``--currency EUR``.

Each parser returns a plain value or raises :class:`~onlyoffice_crm_cli._errors.UsageError` with one line that
names the option and shows what is accepted.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from onlyoffice_crm import (
    ORDER_WORDS,
    STATUS_WORDS,
    InvoiceSortBy,
    InvoiceStatus,
    date_words,
    parse_currency,
    parse_order_by,
    parse_status,
)

from ._errors import UsageError

STATUS_CHOICES = ", ".join(STATUS_WORDS.values())
STATUS_HELP = f"One of {STATUS_CHOICES} (as the Status column shows them; sent and archived work too)."
SORT_CHOICES = ", ".join(ORDER_WORDS)
DATE_HELP = "2024, 2024-03, 2024-Q1, 2024-03-15, or FROM..TO (2024-01-01..2024-03-31, 2024-06.., ..2023)"
"""The date words ``--issued`` and ``--due`` take (the library's :func:`~onlyoffice_crm.date_words`)."""


def status_word(word: str) -> InvoiceStatus:
    """``paid``, ``Billed``, ``sent`` or ``4`` -> the status; anything else is a usage error."""
    try:
        status = parse_status(word)
    except ValueError:
        raise UsageError(f"Unknown status {word!r}: use one of {STATUS_CHOICES}.") from None
    assert status is not None
    return InvoiceStatus(int(status))


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


def parse_date_span(word: str, option: str) -> DateSpan:
    """``2024``, ``2024-03``, ``2024-Q1``, ``2024-03-05``, ``FROM..TO``, ``FROM..`` or ``..TO`` -> a span (the
    library's :func:`~onlyoffice_crm.date_words`); anything else is a usage error naming ``option``."""
    try:
        return DateSpan(*date_words(word))
    except ValueError as error:
        raise UsageError(f"{option} {error}.") from None


def currency_word(word: str) -> str:
    """An ISO 4217 code such as ``EUR``, in any case; anything else (``euro``, ``XYZ``) is a usage error."""
    try:
        code = parse_currency(word)
    except ValueError:
        raise UsageError(f"Unknown currency {word!r}: use an ISO 4217 code such as EUR or USD.") from None
    if code is None:
        raise UsageError("--currency: give a code such as EUR.")
    return code


def sort_word(word: str) -> InvoiceSortBy:
    """``issued``, ``due``, ``contact`` (or ``customer``)… -> the library's sort key."""
    try:
        return parse_order_by(word)
    except ValueError:
        raise UsageError(f"Unknown sort order {word!r}: use one of {SORT_CHOICES}.") from None


def parse_positive_id(word: int, option: str) -> int:
    """An id the portal can have (positive)."""
    if word <= 0:
        raise UsageError(f"{option} {word} is not an id: ids are positive whole numbers.")
    return word
