"""The portal's time zone: a fixed offset, or an IANA zone whose offset changes with daylight saving.

The server writes every date in the portal's zone with the offset in force at that instant
(``Spec/ApiDateTime.cs:112-165``, ``GetUtcOffset`` per value; ``TenantUtil.DateTimeFromUtc``), so a portal in
Europe/London writes ``Z`` in January and ``+01:00`` in July. A query date without an offset is read as the
portal's local wall time of that date (``ApiDateTime.cs:96-104``). There is no per-user zone
(``UserInfo.cs`` has none), so every caller sees the same offsets.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .wire import EPOCH, micros_to_wire

MINUTE_MICROS = 60_000_000
_UTC = dt.UTC


def zone_named(name: str) -> ZoneInfo:
    """The IANA zone ``name``; ValueError naming it when unknown (``tzdata`` provides the data where the
    platform has none)."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown IANA time zone {name!r} (e.g. Europe/London, America/New_York)") from None


@dataclass(frozen=True)
class PortalZone:
    """The portal's zone: ``name`` an IANA zone, or None for the fixed ``offset_minutes``."""

    offset_minutes: int = 0
    """The fixed offset (used when ``name`` is None)."""
    name: str | None = None
    _zone: ZoneInfo | None = field(default=None, compare=False, repr=False)

    @classmethod
    def of(cls, offset_minutes: int, name: str | None = None) -> PortalZone:
        """The IANA zone ``name`` when given, else the fixed offset (ValueError for an unknown name)."""
        if name is None:
            return cls(offset_minutes)
        return cls(0, name, zone_named(name))

    @property
    def fixed(self) -> bool:
        """One offset for every date."""
        return self._zone is None

    def offset_at(self, utc_micros: int) -> int:
        """The offset in minutes in force at this instant (microseconds since the epoch, UTC)."""
        if self._zone is None:
            return self.offset_minutes
        return _offset_at(self._zone, utc_micros // MINUTE_MICROS)

    def offset_of_local(self, local_micros: int) -> int:
        """The offset in minutes of this local wall time (microseconds since the epoch, read as local time); a
        time that occurs twice takes its first (summer) offset, one in a gap the offset before the gap."""
        if self._zone is None:
            return self.offset_minutes
        minute = local_micros // MINUTE_MICROS
        try:
            local = EPOCH + dt.timedelta(minutes=minute)
        except OverflowError:
            return 0
        offset = local.replace(tzinfo=self._zone, fold=0).utcoffset()
        return int((offset or dt.timedelta(0)) // dt.timedelta(minutes=1))

    def utc_of_local(self, local_micros: int) -> int:
        """The instant of a local wall time (both in microseconds since the epoch)."""
        return local_micros - self.offset_of_local(local_micros) * MINUTE_MICROS

    def to_wire(self, utc_micros: int) -> str:
        """The instant as the portal writes it: local time, 7 digits, the offset of that date."""
        return micros_to_wire(utc_micros, self.offset_at(utc_micros))


@lru_cache(maxsize=1 << 16)
def _offset_at(zone: ZoneInfo, utc_minute: int) -> int:
    try:
        moment = dt.datetime.fromtimestamp(utc_minute * 60, tz=_UTC).astimezone(zone)
    except (OverflowError, OSError, ValueError):
        return 0
    return int((moment.utcoffset() or dt.timedelta(0)) // dt.timedelta(minutes=1))


Zone = PortalZone | int
"""A zone, or a fixed offset in minutes (what the functions that read or write dates take)."""


def as_zone(zone: Zone) -> PortalZone:
    """``zone`` as a :class:`PortalZone` (an int is a fixed offset in minutes)."""
    return zone if isinstance(zone, PortalZone) else PortalZone(zone)
