"""Fixtures of the CLI tests: an isolated config folder with the file token store (never a real keyring)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import httpx
import pytest
from typer.testing import CliRunner, Result

from onlyoffice_crm_cli.app import app
from onlyoffice_mock_portal.config import PortalConfig
from onlyoffice_mock_portal.testing import running_portal
from tests.isolated_cli import isolated_config  # noqa: F401  (an autouse fixture for every test here)


@dataclass(frozen=True)
class MockPortal:
    """A running mock portal and every invoice it serves, as wire JSON read with plain httpx (the oracle)."""

    url: str
    config: PortalConfig
    wire_invoices: list[dict[str, Any]]

    @property
    def utc_offset(self) -> dt.timedelta:
        return dt.timedelta(minutes=self.config.utc_offset_minutes)

    def today(self) -> dt.date:
        """Today on the portal's clock."""
        return (dt.datetime.now(dt.UTC) + self.utc_offset).date()


def read_every_invoice(url: str, token: str) -> list[dict[str, Any]]:
    """Every invoice in number order, pages of 1,000 by ``startIndex``, money as exact ``Decimal``."""
    invoices: list[dict[str, Any]] = []
    with httpx.Client(base_url=url, headers={"Authorization": token}, timeout=30) as client:
        while True:
            params = {"count": "1000", "startIndex": str(len(invoices)), "sortBy": "number"}
            response = client.get("/api/2.0/crm/invoice/filter", params=params)
            response.raise_for_status()
            body = json.loads(response.content, parse_float=Decimal)
            invoices.extend(body["response"])
            if len(invoices) >= body["total"] or not body["response"]:
                return invoices


@pytest.fixture(scope="session")
def mock_portal() -> Iterator[MockPortal]:
    """2,500 invoices (three pages of 1,000) on a +03:00 portal, for the whole session."""
    config = PortalConfig(invoices=2_500, seed=12)
    with running_portal(config) as url:
        yield MockPortal(url, config, read_every_invoice(url, config.token))


def invoke(*args: str, input: str | None = None, env: dict[str, str] | None = None) -> Result:
    """Run ``onlyoffice-crm ARGS`` in-process; stdout and stderr apart; a wide terminal so tables do not wrap."""
    return CliRunner().invoke(app, list(args), input=input, env={"COLUMNS": "200", **(env or {})})


def token_env(portal: MockPortal) -> dict[str, str]:
    """The variables that point the command at ``portal`` without a saved login."""
    return {"ONLYOFFICE_URL": portal.url, "ONLYOFFICE_TOKEN": portal.config.token}


@pytest.fixture
def logged_in(mock_portal: MockPortal) -> MockPortal:
    """The mock portal, logged in to with the file store (the token in the test's config folder)."""
    result = invoke("login", mock_portal.url, input=f"{mock_portal.config.user_name}\n{mock_portal.config.password}\n")
    assert result.exit_code == 0, result.output
    return mock_portal
