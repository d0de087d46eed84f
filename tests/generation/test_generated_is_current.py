"""The committed client is exactly what the spec produces, and the drift check names what differs."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tools import generate_client as tool


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The package as the pinned generator writes it from the spec right now."""
    output = tmp_path_factory.mktemp("generated") / "onlyoffice_crm_client"
    tool.generate_into(output)
    return output


def test_generated_is_up_to_date_with_the_spec(fresh: Path) -> None:
    assert tool.differing_files(fresh, tool.PACKAGE) == [], "run `make generate` and commit generated/"


def test_generation_is_byte_for_byte_repeatable(fresh: Path, tmp_path: Path) -> None:
    again = tmp_path / "onlyoffice_crm_client"
    tool.generate_into(again)

    assert tool.differing_files(fresh, again) == []
    assert not list(again.rglob(".ruff_cache")), "generator caches must not land in generated/"


def test_the_drift_check_names_every_changed_missing_and_extra_file(fresh: Path, tmp_path: Path) -> None:
    drifted = tmp_path / "onlyoffice_crm_client"
    shutil.copytree(fresh, drifted)
    with (drifted / "models" / "invoice.py").open("a") as edited:
        edited.write("# a hand edit\n")
    (drifted / "api" / "invoices" / "get_invoices.py").unlink()
    (drifted / "helpers.py").write_text("")

    assert tool.differing_files(fresh, drifted) == [
        "api/invoices/get_invoices.py (missing)",
        "helpers.py (not generated)",
        "models/invoice.py (differs)",
    ]
