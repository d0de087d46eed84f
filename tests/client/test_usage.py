"""The examples run as written against the mock portal, and print what the portal holds.

Expected values are computed here from the raw wire JSON (money read as ``Decimal``), independently of
the library the examples use.
"""

from __future__ import annotations

import asyncio
import csv
import datetime as dt
import io
import json
import os
import re
import subprocess
import sys
from collections import Counter, defaultdict
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest

from onlyoffice_crm_client import AuthenticatedClient, Client
from onlyoffice_crm_client.api.authentication import authenticate
from onlyoffice_crm_client.api.invoices import get_invoices
from onlyoffice_crm_client.models import (
    AuthenticationRequest,
    AuthenticationResponse,
    InvoiceListResponse,
    InvoiceStatusId,
)
from onlyoffice_mock_portal.config import PortalConfig
from onlyoffice_mock_portal.testing import running_portal

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
PORTAL = PortalConfig(user_name="anna.petrova@example.com", password="s3cret", token="example-token", invoices=2500)
PAID = 4


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    with running_portal(PORTAL) as url:
        yield url


@pytest.fixture(scope="module")
def wire(base_url: str) -> list[dict[str, Any]]:
    """Every invoice of the portal as wire JSON, money as Decimal, fetched page by page by number."""
    found: list[dict[str, Any]] = []
    with httpx.Client(base_url=base_url, headers={"Authorization": PORTAL.token}) as client:
        while True:
            params: dict[str, str | int] = {
                "count": get_invoices.COUNT_MAXIMUM,
                "startIndex": len(found),
                "sortBy": "number",
            }
            page = json.loads(client.get("/api/2.0/crm/invoice/filter", params=params).content, parse_float=Decimal)
            found += page["response"]
            if len(page["response"]) < get_invoices.COUNT_MAXIMUM:
                return found


def local_date(invoice: dict[str, Any], key: str = "issueDate") -> dt.date:
    """The date as the portal's wall clock shows it (the wire carries the portal's offset)."""
    return dt.datetime.fromisoformat(invoice[key]).date()


def run(example: str, *args: str, base_url: str, password: str = PORTAL.password) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "ONLYOFFICE_URL": base_url,
        "ONLYOFFICE_USER_NAME": PORTAL.user_name,
        "ONLYOFFICE_PASSWORD": password,
        "BASE_URL": base_url,
        "USER_NAME": PORTAL.user_name,
        "PASSWORD": password,
    }
    env.pop("ONLYOFFICE_TOKEN", None)
    return subprocess.run(
        [sys.executable, str(EXAMPLES / example), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def busiest_paid_year(wire: list[dict[str, Any]]) -> int:
    years = Counter(local_date(invoice).year for invoice in wire if invoice["status"]["id"] == PAID)
    return years.most_common(1)[0][0]


def test_the_usage_example_runs_as_written(base_url: str, wire: list[dict[str, Any]]) -> None:
    done = run("usage.py", base_url=base_url)

    assert done.returncode == 0, done.stderr
    header, *rows = done.stdout.splitlines()
    wanted = [
        invoice
        for invoice in wire
        if invoice["status"]["id"] == PAID
        and invoice["currency"]["abbreviation"] == "EUR"
        and local_date(invoice) >= dt.date(2020, 1, 1)
    ]
    assert header == f"{len(wanted)} paid invoices in EUR since 2020, newest first:"
    assert 0 < len(rows) == min(len(wanted), 5)
    dates = [row.split()[1] for row in rows]
    assert dates == sorted(dates, reverse=True)
    assert dates[0] == max(local_date(invoice) for invoice in wanted).isoformat()
    assert all(re.search(r"  \d+\.\d\d EUR ", row) for row in rows)


def test_the_usage_example_fails_with_one_line_on_wrong_credentials(base_url: str) -> None:
    done = run("usage.py", base_url=base_url, password="wrong")

    assert done.returncode == 1
    assert done.stdout == ""
    assert re.fullmatch(r"error: wrong user name or password: .*\n", done.stderr)


def test_all_paid_invoices_of_a_year(base_url: str, wire: list[dict[str, Any]]) -> None:
    year = busiest_paid_year(wire)
    done = run("paid_invoices_of_a_year.py", str(year), base_url=base_url)

    assert done.returncode == 0, done.stderr
    wanted = sorted(
        (invoice for invoice in wire if invoice["status"]["id"] == PAID and local_date(invoice).year == year),
        key=lambda invoice: (dt.datetime.fromisoformat(invoice["issueDate"]), invoice["number"]),
    )
    rows = [line.split("\t") for line in done.stdout.splitlines()]
    assert [row[0] for row in rows] == [invoice["number"] for invoice in wanted]
    assert [Decimal(row[2]) for row in rows] == [invoice["cost"] for invoice in wanted]
    assert done.stderr.strip() == f"{len(wanted)} paid invoices issued in {year}"


def test_totals_per_currency_are_exact(base_url: str, wire: list[dict[str, Any]]) -> None:
    year = busiest_paid_year(wire)
    done = run("totals_per_currency.py", str(year), base_url=base_url)

    assert done.returncode == 0, done.stderr
    totals: defaultdict[str, Decimal] = defaultdict(Decimal)
    for invoice in wire:
        if invoice["status"]["id"] == PAID and local_date(invoice).year == year:
            totals[invoice["currency"]["abbreviation"]] += invoice["cost"]
    printed = {line.split()[0]: Decimal(line.split()[-1].replace(",", "")) for line in done.stdout.splitlines()}
    assert printed == dict(totals)


def test_csv_export(base_url: str, wire: list[dict[str, Any]]) -> None:
    year = busiest_paid_year(wire)
    done = run("export_csv.py", str(year), base_url=base_url)

    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    wanted = {invoice["number"]: invoice for invoice in wire if local_date(invoice).year == year}
    assert sorted(row["number"] for row in rows) == sorted(wanted)
    for row in rows:
        invoice = wanted[row["number"]]
        assert Decimal(row["amount"]) == invoice["cost"]
        assert re.fullmatch(r"\d+\.\d\d", row["amount"])
        assert row["issue_date"] == local_date(invoice).isoformat()
        assert row["contact"] == (invoice["contact"]["displayName"] if invoice["contact"] else "")


def test_async_concurrent_walk(base_url: str, wire: list[dict[str, Any]]) -> None:
    done = run("async_walk.py", base_url=base_url)

    assert done.returncode == 0, done.stderr
    *per_status, total = done.stdout.splitlines()
    assert total.split() == ["all", str(len(wire))]
    counts = {line.split()[0]: int(line.split()[1]) for line in per_status}
    assert counts == dict(Counter(invoice["status"]["title"] for invoice in wire))


def test_the_generated_client_example(base_url: str) -> None:
    done = run("generated_client.py", base_url=base_url)
    failed = run("generated_client.py", base_url=base_url, password="wrong")

    assert done.returncode == 0, done.stderr
    assert re.fullmatch(r"\d+ paid invoices in EUR since 2020, newest first:", done.stdout.splitlines()[0])
    assert failed.returncode == 1
    assert failed.stderr.startswith("login failed: ")


def test_log_in_then_filter_asynchronously(base_url: str) -> None:
    async def paid_invoices() -> InvoiceListResponse | None:
        credentials = AuthenticationRequest(user_name=PORTAL.user_name, password=PORTAL.password)
        async with Client(base_url=base_url) as anonymous:
            login = await authenticate.asyncio(client=anonymous, body=credentials)
        assert isinstance(login, AuthenticationResponse)
        assert isinstance(login.response.token, str)
        async with AuthenticatedClient(base_url=base_url, token=login.response.token) as client:
            page = await get_invoices.asyncio(client=client, status=InvoiceStatusId.PAID, count=10)
        return page if isinstance(page, InvoiceListResponse) else None

    page = asyncio.run(paid_invoices())

    assert page is not None
    assert 0 < len(page.response) <= 10 < page.total
    assert {invoice.status.id for invoice in page.response} == {InvoiceStatusId.PAID}
