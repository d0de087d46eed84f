"""The real spec, shared by the tests of `tools.breaking`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
SPEC_FILE = ROOT / "openapi" / "onlyoffice-crm-invoices.yaml"


@pytest.fixture(scope="session")
def real_spec() -> dict[str, Any]:
    """The working tree's spec, parsed once; tests mutate deep copies of it."""
    document = yaml.safe_load(SPEC_FILE.read_text(encoding="utf-8"))
    assert isinstance(document, dict)
    return document
