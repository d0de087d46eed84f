"""A portal in a zone with daylight saving writes each date with the offset of that date (Spec/ApiDateTime.cs:112-165)
and reads a query date without an offset as local time of that date (ApiDateTime.cs:96-104)."""

from __future__ import annotations

import copy
import datetime as dt
import re
from typing import Any

import pytest
from starlette.testclient import TestClient

from onlyoffice_crm_spec import FILTER_PATH
from onlyoffice_mock_portal.app import create_app
from onlyoffice_mock_portal.config import PortalConfig, SettingError

from .wire_pages import spec_invoices

# (zone, a UTC instant at 00:30 local on the day after the switch, how the portal writes it, the local day).
AFTER_SWITCHES = [
    ("Europe/London", "2024-03-31T23:30:00.0000000Z", "2024-04-01T00:30:00.0000000+01:00", "2024-04-01"),
    ("Europe/London", "2024-10-28T00:30:00.0000000Z", "2024-10-28T00:30:00.0000000Z", "2024-10-28"),
    ("America/New_York", "2024-03-11T04:30:00.0000000Z", "2024-03-11T00:30:00.0000000-04:00", "2024-03-11"),
    ("America/New_York", "2024-11-04T05:30:00.0000000Z", "2024-11-04T00:30:00.0000000-05:00", "2024-11-04"),
]
HOUR = 3600


def portal(zone: str, **settings: Any) -> TestClient:
    config = PortalConfig(invoices=200, rate_limit=0, time_zone=zone, **settings)
    return TestClient(create_app(config), headers={"Authorization": config.token})


def invoices_issued(*issue_dates: str) -> list[dict[str, Any]]:
    template = spec_invoices()[0]
    records = []
    for index, issued in enumerate(issue_dates):
        record = copy.deepcopy(template)
        record.update(
            id=100 + index, number=f"INV-{100 + index:06d}", issueDate=issued, dueDate=issued, createOn=issued
        )
        records.append(record)
    return records


def shift(text: str, seconds: int) -> str:
    """A UTC wire instant ``seconds`` later (only whole hours are used here)."""
    moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00")) + dt.timedelta(seconds=seconds)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.0000000Z")


@pytest.mark.parametrize(("zone", "instant", "written", "day"), AFTER_SWITCHES,
                         ids=[f"{zone}-{day}" for zone, _, _, day in AFTER_SWITCHES])  # fmt: skip
def test_an_invoice_at_00_30_local_the_day_after_a_switch_has_that_days_offset_apidatetime_cs_112_165(
    zone: str, instant: str, written: str, day: str
) -> None:
    with portal(zone) as client:
        client.app.state.control.set_invoices(invoices_issued(instant))  # type: ignore[attr-defined]
        (invoice,) = client.get(FILTER_PATH).json()["response"]
    assert invoice["issueDate"] == invoice["dueDate"] == invoice["createOn"] == written


@pytest.mark.parametrize(("zone", "instant", "written", "day"), AFTER_SWITCHES,
                         ids=[f"{zone}-{day}" for zone, _, _, day in AFTER_SWITCHES])  # fmt: skip
def test_a_date_without_offset_is_local_midnight_of_that_day_with_that_days_offset_apidatetime_cs_96_104(
    zone: str, instant: str, written: str, day: str
) -> None:
    """The invoice at 00:30 local is on that day; the one an hour earlier (23:30 local the day before) is not.
    With the offset of the other side of the switch, one of the two would be on the wrong side."""
    with portal(zone) as client:
        client.app.state.control.set_invoices(invoices_issued(instant, shift(instant, -HOUR)))  # type: ignore[attr-defined]
        found = client.get(FILTER_PATH, params={"issueDateFrom": day}).json()["response"]
    assert [invoice["issueDate"] for invoice in found] == [written]


@pytest.mark.parametrize(("zone", "winter", "summer"), [("Europe/London", "Z", "+01:00"),
                                                        ("America/New_York", "-05:00", "-04:00")])  # fmt: skip
def test_one_page_of_seeded_invoices_holds_both_offsets_at_local_midnight_apidatetime_cs_112_165(
    zone: str, winter: str, summer: str
) -> None:
    with portal(zone) as client:
        raw = client.get(FILTER_PATH, params={"count": 200}).text
    issue_dates = re.findall(r'"issueDate":"([^"]+)"', raw)
    offsets = {re.sub(r"^.*\.0000000", "", date) for date in issue_dates}
    assert offsets == {winter, summer}
    assert all("T00:00:00.0000000" in date for date in issue_dates)  # the portal's local midnight, either side


def test_the_time_zone_must_be_an_iana_name_the_platform_knows() -> None:
    with pytest.raises(SettingError, match="time_zone"):
        PortalConfig(time_zone="Mars/Olympus_Mons")
