"""Date filters and parsed dates are right across daylight-saving changes, for a portal in Europe/London and one
in America/New_York.

The server's rules: each date is written with the offset in force on that date (``Spec/ApiDateTime.cs:112-165``:
``Z`` in a London winter, ``+01:00`` in its summer, in one page); a bound with an offset is that instant, one
without is read in the portal's zone (``ApiDateTime.cs:80-109``); the ``…To`` bound is widened by one day less one
minute of absolute time (``TenantUtil.DateTimeToUtc(issueDateTo.AddDays(1).AddMinutes(-1))`` of a UTC value,
``InvoiceDao.cs`` ``WhereConditional``). So a day whose offset changes lasts 23 or 25 hours, and only the zone tells
where it ends: the library takes it as ``time_zone=`` (or ``ONLYOFFICE_TIME_ZONE``).
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Iterator
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from onlyoffice_crm import AsyncPortal, Invoice, InvoiceSortBy, Portal
from onlyoffice_crm._dates import instant_in, wire_end
from onlyoffice_crm._filters import InvoiceFilter
from onlyoffice_crm._walk import WalkCore
from onlyoffice_mock_portal.config import PortalConfig
from onlyoffice_mock_portal.testing import RunningPortal, serve_portal

from .conftest import BASE_URL
from .core_portal import CorePortal, drive
from .fake_portal import FakePortal, make_invoice

LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")
# (zone, the day it springs forward, the day it falls back), 2024
SWITCHES = {
    "Europe/London": (LONDON, dt.date(2024, 3, 31), dt.date(2024, 10, 27)),
    "America/New_York": (NEW_YORK, dt.date(2024, 3, 10), dt.date(2024, 11, 3)),
}
CASES = [(name, kind) for name in SWITCHES for kind in ("spring", "fall")]


def switch_day(name: str, kind: str) -> tuple[ZoneInfo, dt.date]:
    zone, spring, fall = SWITCHES[name]
    return zone, spring if kind == "spring" else fall


def at(zone: ZoneInfo, day: dt.date, hour: int, minute: int = 0, *, fold: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute, fold=fold), tzinfo=zone)


def around(zone: ZoneInfo, day: dt.date) -> dict[str, dt.datetime]:
    """Invoice times on the day of a change and beside it, by name."""
    before, after = day - dt.timedelta(days=1), day + dt.timedelta(days=1)
    return {
        "23:30 the day before": at(zone, before, 23, 30),
        "00:00 on the day": at(zone, day, 0),
        "00:30 on the day": at(zone, day, 0, 30),
        "01:30 on the day": at(zone, day, 1, 30),  # in London the repeated hour in autumn
        "01:30 again on the day": at(zone, day, 1, 30, fold=1),  # the same wall-clock time an hour later in autumn
        "12:00 on the day": at(zone, day, 12),
        "23:30 on the day": at(zone, day, 23, 30),
        "00:30 the day after": at(zone, after, 0, 30),
        "01:30 the day after": at(zone, after, 1, 30),
    }


def portal_around(zone: ZoneInfo, day: dt.date) -> tuple[FakePortal, dict[int, str]]:
    """A portal in ``zone`` with one invoice at each time of :func:`around` (issued and due then)."""
    times = around(zone, day)
    invoices = [make_invoice(n + 1, issued=t, due=t) for n, t in enumerate(times.values())]
    return FakePortal(invoices, time_zone=zone), {w["id"]: name for w, name in zip(invoices, times, strict=True)}


def names(found: list[Invoice], named: dict[int, str]) -> set[str]:
    return {named[i.id] for i in found}


ON_THE_DAY = {
    "00:00 on the day",
    "00:30 on the day",
    "01:30 on the day",
    "01:30 again on the day",
    "12:00 on the day",
    "23:30 on the day",
}


class TestADateFilterWithTheZone:
    @pytest.mark.parametrize(("zone_name", "kind"), CASES)
    @pytest.mark.parametrize("keyword", ["issued", "due"])
    def test_the_day_of_a_change_holds_its_own_invoices_and_not_00_30_the_day_after(
        self, zone_name: str, kind: str, keyword: str
    ) -> None:
        zone, day = switch_day(zone_name, kind)
        fake, named = portal_around(zone, day)

        with Portal(BASE_URL, fake.token, transport=fake.transport(), time_zone=zone_name) as portal:
            found = list(portal.invoices(**{keyword: day}))  # type: ignore[arg-type]
            counted = portal.count_invoices(**{keyword: day})  # type: ignore[arg-type]

        assert names(found, named) == ON_THE_DAY
        assert counted == len(ON_THE_DAY)

    @pytest.mark.parametrize(("zone_name", "kind"), CASES)
    def test_the_day_after_a_change_begins_at_its_midnight_and_holds_its_00_30(self, zone_name: str, kind: str) -> None:
        zone, day = switch_day(zone_name, kind)
        fake, named = portal_around(zone, day)

        with Portal(BASE_URL, fake.token, transport=fake.transport(), time_zone=zone) as portal:
            found = portal.page(issued=day + dt.timedelta(days=1), limit=100).invoices

        assert names(found, named) == {"00:30 the day after", "01:30 the day after"}

    @pytest.mark.parametrize(("zone_name", "kind"), CASES)
    def test_an_async_portal_filters_the_same_day(self, zone_name: str, kind: str) -> None:
        zone, day = switch_day(zone_name, kind)
        fake, named = portal_around(zone, day)

        async def collect() -> list[Invoice]:
            async with AsyncPortal(BASE_URL, fake.token, transport=fake.async_transport(), time_zone=zone) as portal:
                return [i async for i in portal.invoices(issued=day, order_by="issue_date")]

        assert names(asyncio.run(collect()), named) == ON_THE_DAY

    @pytest.mark.parametrize(
        ("zone_name", "day", "sent_from", "sent_to"),
        [
            # 31 March in London: 00:00 GMT to 23:59:59.999999 BST; the end less 23:59 of absolute time.
            ("Europe/London", "2024-03-31", "2024-03-31T00:00:00.0000000Z", "2024-03-31T00:00:59.9999990+01:00"),
            ("Europe/London", "2024-10-27", "2024-10-27T00:00:00.0000000+01:00", "2024-10-27T00:00:59.9999990Z"),
            (
                "America/New_York",
                "2024-03-10",
                "2024-03-10T00:00:00.0000000-05:00",
                "2024-03-10T00:00:59.9999990-04:00",
            ),
            (
                "America/New_York",
                "2024-11-03",
                "2024-11-03T00:00:00.0000000-04:00",
                "2024-11-03T00:00:59.9999990-05:00",
            ),
        ],
    )
    def test_each_bound_is_sent_with_the_offset_of_its_own_date(
        self, zone_name: str, day: str, sent_from: str, sent_to: str
    ) -> None:
        fake = FakePortal([], time_zone=ZoneInfo(zone_name))

        with Portal(BASE_URL, fake.token, transport=fake.transport(), time_zone=zone_name) as portal:
            portal.count_invoices(issued=day)

        (query,) = fake.queries()
        assert (query["issuedatefrom"], query["issuedateto"]) == (sent_from, sent_to)

    def test_an_aware_bound_is_sent_as_its_instant_and_a_naive_one_as_the_zones_wall_clock(self) -> None:
        fake = FakePortal([], time_zone=LONDON)
        summer_noon_utc = dt.datetime(2024, 7, 1, 12, tzinfo=dt.UTC)

        with Portal(BASE_URL, fake.token, transport=fake.transport(), time_zone=LONDON) as portal:
            portal.count_invoices(issued=(summer_noon_utc, dt.datetime(2024, 7, 2, 9, 30)))

        (query,) = fake.queries()
        assert query["issuedatefrom"] == "2024-07-01T12:00:00.0000000Z"
        assert query["issuedateto"] == "2024-07-01T09:31:00.0000000+01:00"


class TestWithoutTheZone:
    """Without ``time_zone`` the library sends wall-clock bounds, as before, and the guide says what that costs: the
    server widens the end by 23:59 of absolute time from a wall-clock time on the day before."""

    def test_the_end_of_a_spring_forward_day_reaches_into_the_next_days_first_hour(self) -> None:
        zone, day = switch_day("Europe/London", "spring")
        fake, named = portal_around(zone, day)

        with Portal(BASE_URL, fake.token, transport=fake.transport()) as portal:
            found = list(portal.invoices(issued=day))

        assert names(found, named) == ON_THE_DAY | {"00:30 the day after"}

    def test_the_end_of_a_fall_back_day_stops_an_hour_early(self) -> None:
        zone, day = switch_day("Europe/London", "fall")
        fake, named = portal_around(zone, day)

        with Portal(BASE_URL, fake.token, transport=fake.transport()) as portal:
            found = list(portal.invoices(issued=day))

        assert names(found, named) == ON_THE_DAY - {"23:30 on the day"}


class TestParsedDates:
    def test_each_date_keeps_its_own_offset_and_london_writes_z_in_winter(self) -> None:
        winter, summer = dt.datetime(2024, 1, 15, tzinfo=LONDON), dt.datetime(2024, 7, 15, tzinfo=LONDON)
        invoices = [make_invoice(1, issued=winter), make_invoice(2, issued=summer)]
        fake = FakePortal(invoices, time_zone=LONDON)

        with Portal(BASE_URL, fake.token, transport=fake.transport()) as portal:
            first, second = portal.page(limit=2).invoices

        assert [w["issueDate"] for w in invoices] == [
            "2024-01-15T00:00:00.0000000Z",
            "2024-07-15T00:00:00.0000000+01:00",
        ]
        assert (first.issue_date, second.issue_date) == (winter, summer)
        assert (first.issue_date.utcoffset(), second.issue_date.utcoffset()) == (dt.timedelta(0), dt.timedelta(hours=1))

    @pytest.mark.parametrize("descending", [False, True])
    def test_a_walk_by_issue_date_through_the_repeated_hour_goes_by_instant(self, descending: bool) -> None:
        """In the hour London falls back, 01:45 BST comes before 01:15 GMT: keyset steps by wall-clock time would
        lose or repeat invoices there."""
        zone, day = switch_day("Europe/London", "fall")
        times = [at(zone, day, 1, minute, fold=fold) for fold in (0, 1) for minute in (0, 15, 30, 45)]
        times += [at(zone, day, 0, 30), at(zone, day, 2, 30)]
        wire = [make_invoice(n + 1, issued=t, due=t) for n, t in enumerate(times)]
        invoices = [Invoice.from_dict(w) for w in wire]
        walk = WalkCore(InvoiceFilter(order_by=InvoiceSortBy.ISSUE_DATE, descending=descending), page_size=2)

        yielded = drive(walk, CorePortal(invoices))

        instants = [i.issue_date.astimezone(dt.UTC) for i in yielded]
        assert instants == sorted(instants, reverse=descending)
        assert sorted(i.id for i in yielded) == sorted(i.id for i in invoices)

    @pytest.mark.parametrize("zone_name", list(SWITCHES))
    @pytest.mark.parametrize("driver", ["sync", "async"])
    def test_a_walk_of_pages_by_issue_date_across_a_fall_back_night_yields_each_invoice_once_in_order(
        self, zone_name: str, driver: str
    ) -> None:
        zone, day = switch_day(zone_name, "fall")
        start = at(zone, day, 0).astimezone(dt.UTC)
        times = [(start + dt.timedelta(seconds=5 * k)).astimezone(zone) for k in range(2_300)]  # 00:00 to 03:11
        fake = FakePortal([make_invoice(k + 1, issued=t, due=t) for k, t in enumerate(times)], time_zone=zone)

        yielded = walk_by_issue_date(fake, driver, time_zone=zone_name)

        instants = [i.issue_date.astimezone(dt.UTC) for i in yielded]
        assert len(yielded) == len(times) == len({i.id for i in yielded})
        assert instants == sorted(instants)
        assert {i.issue_date.utcoffset() for i in yielded} == {t.utcoffset() for t in times}  # both offsets came


def walk_by_issue_date(fake: FakePortal, driver: str, **options: Any) -> list[Invoice]:
    if driver == "sync":
        with Portal(BASE_URL, fake.token, transport=fake.transport(), rate_limit=None, **options) as portal:
            return list(portal.invoices(order_by="issue_date"))

    async def collect() -> list[Invoice]:
        transport = fake.async_transport()
        async with AsyncPortal(BASE_URL, fake.token, transport=transport, rate_limit=None, **options) as portal:
            return [i async for i in portal.invoices(order_by="issue_date", concurrency=3)]

    return asyncio.run(collect())


class TestTheZoneOption:
    def test_a_name_the_database_does_not_know_is_refused_with_examples(self) -> None:
        with pytest.raises(ValueError, match=r"time_zone: 'Europe/Londres' is not an IANA time zone such as"):
            Portal(BASE_URL, "token", time_zone="Europe/Londres")

    def test_a_zone_and_an_offset_together_are_refused(self) -> None:
        with pytest.raises(ValueError, match="time_zone"):
            Portal(BASE_URL, "token", time_zone="Europe/London", utc_offset=dt.timedelta(hours=1))

    def test_another_type_is_a_type_error(self) -> None:
        with pytest.raises(TypeError, match="time_zone"):
            Portal(BASE_URL, "token", time_zone=3600)  # type: ignore[arg-type]

    def test_from_env_reads_onlyoffice_time_zone_and_a_keyword_wins(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("ONLYOFFICE_URL", BASE_URL)
        monkeypatch.setenv("ONLYOFFICE_TOKEN", "token")
        monkeypatch.setenv("ONLYOFFICE_TIME_ZONE", "America/New_York")

        with Portal.from_env() as portal:
            assert portal.time_zone == NEW_YORK
        with Portal.from_env(time_zone="Europe/London") as portal:
            assert portal.time_zone == LONDON
        with Portal.from_env(utc_offset=dt.timedelta(hours=-5)) as portal:  # an offset given wins too
            assert portal.time_zone is None

    def test_with_a_zone_the_utc_offset_is_the_zones_now_without_a_request(self) -> None:
        fake = FakePortal([])

        with Portal(BASE_URL, fake.token, transport=fake.transport(), time_zone=NEW_YORK) as portal:
            assert portal.utc_offset() == dt.datetime.now(NEW_YORK).utcoffset()
        assert fake.queries() == []

    def test_a_range_whose_start_is_after_its_end_in_the_zone_is_refused(self) -> None:
        with Portal(BASE_URL, "token", time_zone=LONDON) as portal, pytest.raises(ValueError, match="issued"):
            portal.count_invoices(issued=(dt.datetime(2024, 7, 1, 12, tzinfo=dt.UTC), dt.datetime(2024, 7, 1, 12)))


def test_an_aware_end_is_moved_back_by_one_day_less_a_minute_of_absolute_time_across_a_change() -> None:
    """What the server adds back (``AddDays(1).AddMinutes(-1)`` of the UTC instant) lands on the end exactly, though
    that day lasts 23 hours on the wall clock."""
    end = instant_in(dt.datetime(2024, 3, 31, 23, 59, 59, 999_999), LONDON, later=True)

    sent = wire_end(end)

    assert sent.astimezone(dt.UTC) + dt.timedelta(days=1) - dt.timedelta(minutes=1) == end
    assert sent.utcoffset() == end.utcoffset() == dt.timedelta(hours=1)


@pytest.fixture(scope="module", params=list(SWITCHES))
def mock_in_a_zone(request: pytest.FixtureRequest) -> Iterator[tuple[str, RunningPortal]]:
    """The mock portal in a zone with daylight saving (``--time-zone``), its invoices set by each test."""
    with serve_portal(PortalConfig(invoices=0, time_zone=request.param, rate_limit=0)) as running:
        yield request.param, running


@pytest.mark.parametrize("kind", ["spring", "fall"])
def test_against_the_mock_in_the_zone_the_day_of_a_change_holds_exactly_its_invoices(
    mock_in_a_zone: tuple[str, RunningPortal], kind: str
) -> None:
    zone_name, running = mock_in_a_zone
    zone, day = switch_day(zone_name, kind)
    times = around(zone, day)
    wire = [make_invoice(n + 1, issued=t, due=t) for n, t in enumerate(times.values())]
    running.control.set_invoices(wire)
    named = {w["id"]: name for w, name in zip(wire, times, strict=True)}

    with Portal(running.url, PortalConfig().token, rate_limit=None, time_zone=zone_name) as portal:
        on_the_day = list(portal.invoices(issued=day, order_by="issue_date"))
        day_after = portal.page(due=day + dt.timedelta(days=1), limit=100).invoices
        offsets = {i.issue_date.utcoffset() for i in portal.invoices()}

    assert names(on_the_day, named) == ON_THE_DAY
    assert names(day_after, named) == {"00:30 the day after", "01:30 the day after"}
    assert offsets == {t.utcoffset() for t in times.values()}  # the mock writes each date with its own offset
