"""The README's library example runs as written, and login-then-filter works sync and async over real HTTP."""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

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
EXAMPLE = ROOT / "examples" / "usage.py"
PORTAL = PortalConfig(user_name="anna.petrova@example.com", password="s3cret", token="example-token")


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    with running_portal(PORTAL) as url:
        yield url


def test_readme_shows_the_usage_example_verbatim() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", readme, flags=re.DOTALL)

    assert EXAMPLE.read_text(encoding="utf-8") in blocks


def test_the_usage_example_runs_as_written(base_url: str) -> None:
    env = {**os.environ, "BASE_URL": base_url, "USER_NAME": PORTAL.user_name, "PASSWORD": PORTAL.password}
    done = subprocess.run(
        [sys.executable, str(EXAMPLE)], env=env, capture_output=True, text=True, timeout=60, check=False
    )

    assert done.returncode == 0, done.stderr
    header, *rows = done.stdout.splitlines()
    total = int(re.fullmatch(r"(\d+) paid invoices in EUR since 2020, newest first:", header).group(1))  # type: ignore[union-attr]
    assert 0 < len(rows) == min(total, 5)
    dates = [re.search(r"  (\d{4}-\d{2}-\d{2})  ", row).group(1) for row in rows]  # type: ignore[union-attr]
    assert dates == sorted(dates, reverse=True)
    assert all(row.split()[-1] != "" and " € " in row for row in rows)


def test_the_usage_example_fails_with_a_message_on_wrong_credentials(base_url: str) -> None:
    env = {**os.environ, "BASE_URL": base_url, "USER_NAME": PORTAL.user_name, "PASSWORD": "wrong"}
    done = subprocess.run(
        [sys.executable, str(EXAMPLE)], env=env, capture_output=True, text=True, timeout=60, check=False
    )

    assert done.returncode == 1
    assert done.stderr.strip() == "login failed: 'Unauthorized'"


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
