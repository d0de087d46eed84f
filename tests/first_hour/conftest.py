"""Fixtures of the first-hour tests: an isolated config folder (file token store, no keyring, no portal variables)
and one mock portal for the module."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from typer.testing import CliRunner, Result

from onlyoffice_crm_cli.app import app
from onlyoffice_mock_portal.config import PortalConfig
from onlyoffice_mock_portal.testing import running_portal
from tests.isolated_cli import isolated_config  # noqa: F401  (an autouse fixture for every test here)

CONFIG = PortalConfig(invoices=2_000, seed=20)


@pytest.fixture(scope="module")
def portal_url() -> Iterator[str]:
    """A mock portal of 2,000 invoices in six currencies over several years."""
    with running_portal(CONFIG) as url:
        yield url


def invoke(*args: str, env: dict[str, str] | None = None, input: str | None = None) -> Result:
    """``onlyoffice-crm ARGS`` in-process, stdout and stderr apart, on a wide (not a terminal) output."""
    return CliRunner().invoke(app, list(args), input=input, env={"COLUMNS": "200", **(env or {})})


def token_env(url: str) -> dict[str, str]:
    """The variables that point the command at the mock portal."""
    return {"ONLYOFFICE_URL": url, "ONLYOFFICE_TOKEN": CONFIG.token}
