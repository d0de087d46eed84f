"""`pip install .` gives users the typed client package and only its runtime dependencies."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from email.parser import Parser
from pathlib import Path

import pytest
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "generated" / "onlyoffice_crm_client"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> zipfile.ZipFile:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", str(out), str(ROOT)],
        check=True,
        timeout=300,
    )
    (built,) = out.glob("onlyoffice_crm_client-*.whl")
    return zipfile.ZipFile(built)


def test_the_wheel_holds_the_whole_generated_package_with_its_type_marker(wheel: zipfile.ZipFile) -> None:
    generated = {
        path.relative_to(PACKAGE.parent).as_posix()
        for path in PACKAGE.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }
    packaged = {name for name in wheel.namelist() if not name.startswith("onlyoffice_crm_client-")}

    assert "onlyoffice_crm_client/py.typed" in packaged
    assert packaged == generated


def test_the_wheel_needs_only_what_the_generated_code_imports(wheel: zipfile.ZipFile) -> None:
    (metadata_name,) = [name for name in wheel.namelist() if name.endswith(".dist-info/METADATA")]
    metadata = Parser().parsestr(wheel.read(metadata_name).decode())
    requirements = [Requirement(line) for line in metadata.get_all("Requires-Dist") or []]

    runtime = sorted(r.name for r in requirements if r.marker is None or r.marker.evaluate({"extra": ""}))
    assert runtime == ["attrs", "httpx"]
    assert metadata["Name"] == "onlyoffice-crm-client"
