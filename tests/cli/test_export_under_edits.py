"""An export from a portal that people edit meanwhile: every invoice that existed throughout is in the file once,
and one line says what changed."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import pytest

from onlyoffice_mock_portal.config import PortalConfig
from onlyoffice_mock_portal.testing import RunningPortal, serve_portal

from .conftest import invoke


@pytest.fixture
def busy() -> Iterator[RunningPortal]:
    config = PortalConfig(invoices=5_000, rate_limit=0, edits_per_request=1.0, edit_early_numbers=True, seed=3)
    with serve_portal(config) as running:
        yield running


def ids_served(running: RunningPortal) -> set[int]:
    store = running.control.store
    return set(store.data.ids[store.positions()].tolist())


@pytest.mark.timeout(120)
def test_an_export_under_edits_has_every_stable_invoice_once_and_says_what_changed(
    busy: RunningPortal, tmp_path: Path
) -> None:
    before = ids_served(busy)
    target = tmp_path / "all.csv"
    env = {"ONLYOFFICE_URL": busy.url, "ONLYOFFICE_TOKEN": PortalConfig().token}

    result = invoke("invoices", "export", "--columns", "id,number", "-o", str(target), env=env)

    assert result.exit_code == 0, result.output
    ids = [int(row["id"]) for row in csv.DictReader(io.StringIO(target.read_text(encoding="utf-8")))]
    assert len(ids) == len(set(ids))
    assert before & ids_served(busy) <= set(ids)
    edits = busy.control.edits
    assert edits.added + edits.deleted > 0
    assert (
        "invoices were added or removed during the walk; every invoice that existed throughout is in the file once"
        in (result.output)
    )


def test_an_export_from_a_portal_at_rest_says_nothing_of_changes(logged_in: object, tmp_path: Path) -> None:
    result = invoke("invoices", "export", "-o", str(tmp_path / "all.csv"))

    assert result.exit_code == 0, result.output
    assert "during the walk" not in result.output
