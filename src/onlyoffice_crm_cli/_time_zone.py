"""``--time-zone ZONE`` (or ``ONLYOFFICE_TIME_ZONE``): the portal's IANA time zone, which its API never tells.

With it the library sends each date filter as exact instants, each with the offset of its own date, so
``--issued 2024-03`` is whole local days in that zone across a daylight-saving change. Without it the library uses
the portal's offset now (learnt from an invoice date), which is an hour wrong for the days on the other side of a
change.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

from onlyoffice_crm import TIME_ZONE_VARIABLE

from ._errors import UsageError

TIME_ZONE_FLAG = "--time-zone"

TIME_ZONE_HELP = (
    "The portal's IANA time zone, e.g. Europe/London or America/New_York (the portal's settings show it; its API "
    f"never tells). Date filters such as --issued 2024-03 are then whole local days in that zone, also across "
    "daylight saving; without it the portal's offset now is used, an hour off on the other side of a "
    f"daylight-saving change. Or set {TIME_ZONE_VARIABLE}."
)


def portal_time_zone(given: str | None, from_env: str | None) -> dt.tzinfo | None:
    """The zone of ``--time-zone`` (``given``), else of :data:`~onlyoffice_crm.TIME_ZONE_VARIABLE`
    (``from_env``), else ``None``; a name the time zone database does not know is a usage error (exit 2), told
    before any request."""
    text, source = (given, TIME_ZONE_FLAG) if given is not None else (from_env, TIME_ZONE_VARIABLE)
    if text is None:
        return None
    name = text.strip()
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        pass
    no_database = "" if zoneinfo.available_timezones() else " (this system has no time zone data: pip install tzdata)"
    raise UsageError(
        f"{source} {text!r} is not an IANA time zone: give one like Europe/London or America/New_York{no_database}."
    )
