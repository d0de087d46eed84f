"""Every test of the checker starts from an environment without portal variables (the library's ONLYOFFICE_* and
the old aliases) and writes its reports under its own temporary folder, never into the repository's reports/."""

from __future__ import annotations

from pathlib import Path

import pytest

from onlyoffice_crm_contract.runner.options import OLD_NAMES, PORTAL_VARIABLES


@pytest.fixture(autouse=True)
def no_portal_in_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Unset the portal variables; point CONTRACT_REPORTS at the test's folder."""
    for name in (*PORTAL_VARIABLES, *OLD_NAMES.values()):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("CONTRACT_REPORTS", str(tmp_path / "reports"))
