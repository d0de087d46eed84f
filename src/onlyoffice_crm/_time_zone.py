"""The portal's IANA time zone, which the API never tells: given as ``time_zone=`` or ``ONLYOFFICE_TIME_ZONE``.

Every date a portal writes carries the offset in force on that date in its zone (``Spec/ApiDateTime.cs:112-165``),
so a portal in Europe/London writes ``Z`` in winter and ``+01:00`` in summer, and a parsed date keeps its own
offset. Date *filters* need the zone itself: "31 March" in London is 00:00 GMT to 23:59:59 BST. With the zone,
each bound is sent as the instant it names, with the offset of its own date (:func:`zoned`); without it the
library falls back to wall-clock bounds (see ``_dates``).
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import replace

from ._dates import DateRange
from ._filters import InvoiceFilter

__all__ = ["check_time_zone", "zoned"]

_EXAMPLES = "an IANA time zone such as Europe/London or America/New_York"


def check_time_zone(value: object, name: str = "time_zone") -> dt.tzinfo | None:
    """``time_zone=``: ``None``, an IANA name (``"Europe/London"``) or a ``tzinfo`` (``ZoneInfo``, a fixed
    ``datetime.timezone``).

    Raises:
        TypeError: another type.
        ValueError: a name the time zone database does not know (the message says how to get the database
            where the system has none: ``pip install tzdata``).
    """
    if value is None or isinstance(value, dt.tzinfo):
        return value
    if not isinstance(value, str):
        raise TypeError(f"{name}: expected {_EXAMPLES} (a str) or a tzinfo, got {type(value).__name__}")
    key = value.strip()
    try:
        return zoneinfo.ZoneInfo(key)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        pass
    hint = "" if zoneinfo.available_timezones() else " (this system has no time zone database: pip install tzdata)"
    raise ValueError(f"{name}: {value!r} is not {_EXAMPLES}{hint}")


def zoned(query: InvoiceFilter, zone: dt.tzinfo) -> InvoiceFilter:
    """The same filters with every wall-clock date bound made the instant it names in ``zone``
    (:meth:`DateRange.in_zone`).

    Raises:
        ValueError: a range whose start is after its end (the message names the filter).
    """
    return replace(
        query,
        issued=_in_zone("issued", query.issued, zone),
        due=_in_zone("due", query.due, zone),
        others=tuple(
            (name, _in_zone(name, value, zone) if isinstance(value, DateRange) else value)
            for name, value in query.others
        ),
    )


def _in_zone(name: str, value: DateRange | None, zone: dt.tzinfo) -> DateRange | None:
    if value is None:
        return None
    try:
        return value.in_zone(zone)
    except ValueError as error:
        raise ValueError(f"{name}: {error}") from None
