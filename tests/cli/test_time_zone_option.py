"""``--time-zone ZONE`` (or ``ONLYOFFICE_TIME_ZONE``): date filters are whole local days of the portal's zone across
daylight saving, before or after the command; a zone no database knows is one line and exit 2, before any request.

Against the mock portal in Europe/London, which writes each date with the offset in force on it
(``Spec/ApiDateTime.cs:112-165``) and widens each ``…To`` bound by one day less a minute of absolute time
(``InvoiceDao.cs`` ``WhereConditional``): without the zone, the last day of a range whose offset changes that day
ends an hour off, so ``--issued 2024-03`` takes an invoice of 00:30 on 1 April and ``--issued 2024-10-27`` misses
one of 23:30 that day.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from collections.abc import Iterator
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from onlyoffice_crm import TIME_ZONE_VARIABLE
from onlyoffice_crm_cli import ExitCode
from onlyoffice_mock_portal.config import PortalConfig
from onlyoffice_mock_portal.testing import RunningPortal, serve_portal

from .conftest import invoke, read_every_invoice

ZONE_NAME = "Europe/London"
LONDON = ZoneInfo(ZONE_NAME)
# Around London's 2024 changes: clocks forward on 31 March, back on 27 October.
TIMES = {
    "INV-MAR-31-2330": dt.datetime(2024, 3, 31, 23, 30, tzinfo=LONDON),
    "INV-APR-01-0030": dt.datetime(2024, 4, 1, 0, 30, tzinfo=LONDON),
    "INV-OCT-27-2330": dt.datetime(2024, 10, 27, 23, 30, tzinfo=LONDON),
    "INV-OCT-28-0030": dt.datetime(2024, 10, 28, 0, 30, tzinfo=LONDON),
}


def wire_date(value: dt.datetime) -> str:
    """A date as the server writes it: seven fractional digits and the offset of its own date (``Z`` for none)."""
    offset = value.utcoffset() or dt.timedelta(0)
    text = value.strftime("%Y-%m-%dT%H:%M:%S.0000000")
    if not offset:
        return text + "Z"
    hours, minutes = divmod(abs(offset) // dt.timedelta(minutes=1), 60)
    return f"{text}{'-' if offset < dt.timedelta(0) else '+'}{hours:02d}:{minutes:02d}"


def invoices_at(templates: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The mock's own invoices, one per time of :data:`TIMES`, issued (and due) then and numbered by it."""
    made = []
    for template, (number, when) in zip(templates, TIMES.items(), strict=False):
        invoice = copy.deepcopy(template)
        invoice["number"] = number
        invoice["issueDate"] = invoice["dueDate"] = invoice["createOn"] = wire_date(when)
        made.append(invoice)
    return made


@pytest.fixture(scope="module")
def london() -> Iterator[RunningPortal]:
    """The mock portal in Europe/London, serving one invoice at each time of :data:`TIMES`."""
    config = PortalConfig(invoices=len(TIMES), time_zone=ZONE_NAME, rate_limit=0)
    with serve_portal(config) as running:
        running.control.set_invoices(invoices_at(read_every_invoice(running.url, config.token)))
        yield running


def env_of(running: RunningPortal, **more: str) -> dict[str, str]:
    return {"ONLYOFFICE_URL": running.url, "ONLYOFFICE_TOKEN": PortalConfig().token, **more}


def exported_numbers(running: RunningPortal, *args: str, env: dict[str, str] | None = None) -> set[str]:
    """The numbers ``invoices export ARGS -f jsonl`` writes (with ``env`` added to the portal's variables)."""
    result = invoke(*args, "-f", "jsonl", env=env_of(running, **(env or {})))
    assert result.exit_code == 0, result.output
    return {json.loads(line)["number"] for line in result.stdout.splitlines()}


WAYS = {
    "option before the command": (("--time-zone", ZONE_NAME, "invoices", "export"), {}),
    "option after the command": (("invoices", "export", "--time-zone", ZONE_NAME), {}),
    "environment variable": (("invoices", "export"), {TIME_ZONE_VARIABLE: ZONE_NAME}),
}


@pytest.mark.parametrize("way", list(WAYS))
@pytest.mark.parametrize(
    ("dates", "expected"),
    [
        ("2024-03", {"INV-MAR-31-2330"}),
        ("2024-04-01", {"INV-APR-01-0030"}),
        ("2024-10-27", {"INV-OCT-27-2330"}),
        ("2024-10-28", {"INV-OCT-28-0030"}),
    ],
)
def test_with_the_zone_dates_are_whole_local_days_across_a_daylight_saving_change(
    london: RunningPortal, way: str, dates: str, expected: set[str]
) -> None:
    args, env = WAYS[way]
    assert exported_numbers(london, *args, "--issued", dates, env=env) == expected


def test_without_the_zone_the_last_day_of_a_change_is_an_hour_off(london: RunningPortal) -> None:
    # What --time-zone is for: the portal's offset now, taken for every date, misplaces these invoices.
    assert exported_numbers(london, "invoices", "export", "--issued", "2024-03") == {
        "INV-MAR-31-2330",
        "INV-APR-01-0030",
    }
    assert exported_numbers(london, "invoices", "export", "--issued", "2024-10-27") == set()


def test_the_option_wins_over_the_environment_variable(london: RunningPortal) -> None:
    args = ("invoices", "export", "--issued", "2024-03", "--time-zone", ZONE_NAME)
    assert exported_numbers(london, *args, env={TIME_ZONE_VARIABLE: "Mars/Olympus_Mons"}) == {"INV-MAR-31-2330"}


@pytest.mark.parametrize(
    ("args", "env", "named"),
    [
        (("invoices", "list", "--time-zone", "Europe/Lundon"), {}, "--time-zone 'Europe/Lundon'"),
        (("--time-zone", "+01:00", "invoices", "totals"), {}, "--time-zone '+01:00'"),
        (("invoices", "export"), {TIME_ZONE_VARIABLE: "Nowhere"}, f"{TIME_ZONE_VARIABLE} 'Nowhere'"),
    ],
)
def test_an_unknown_zone_is_one_line_and_a_usage_error_before_any_request(
    london: RunningPortal, args: tuple[str, ...], env: dict[str, str], named: str
) -> None:
    london.control.reset()
    result = invoke(*args, env=env_of(london, **env))
    assert result.exit_code == ExitCode.USAGE
    assert result.stderr.splitlines() == [
        f"Error: {named} is not an IANA time zone: give one like Europe/London or America/New_York."
    ]
    assert london.control.requests == []


def test_login_and_logout_say_the_zone_has_no_effect_on_them() -> None:
    result = invoke("logout", "--time-zone", ZONE_NAME)
    assert result.exit_code == 0
    assert "Note: --time-zone has no effect on `onlyoffice-crm logout`" in result.stderr


def test_the_help_says_what_the_zone_changes() -> None:
    help_text = " ".join(invoke("invoices", "export", "--help").stdout.split())
    assert "--time-zone" in help_text
    assert "daylight saving" in help_text
    assert TIME_ZONE_VARIABLE in help_text
