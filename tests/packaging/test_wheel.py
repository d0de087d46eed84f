"""`pip install .` gives users the typed client, the library layer and the command, with few runtime dependencies;
the spec's own distribution ships the one hand-written YAML."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from email.message import Message
from email.parser import Parser
from pathlib import Path

import pytest
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[2]
PACKAGE_ROOTS = {
    "onlyoffice_crm_client": ROOT / "generated",
    "onlyoffice_crm": ROOT / "src",
    "onlyoffice_crm_cli": ROOT / "src",
}
SPEC = ROOT / "openapi" / "onlyoffice-crm-invoices.yaml"


def _build(source: Path, out: Path, name: str) -> zipfile.ZipFile:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", str(out), str(source)],
        check=True,
        timeout=300,
    )
    (built,) = out.glob(f"{name}-*.whl")
    return zipfile.ZipFile(built)


def _metadata(wheel: zipfile.ZipFile) -> Message:
    (name,) = [name for name in wheel.namelist() if name.endswith(".dist-info/METADATA")]
    return Parser().parsestr(wheel.read(name).decode())


def _requirements(metadata: Message, extra: str = "") -> list[str]:
    requirements = [Requirement(line) for line in metadata.get_all("Requires-Dist") or []]
    return sorted(r.name for r in requirements if (r.marker is None and not extra) or (
        r.marker is not None and r.marker.evaluate({"extra": extra})))  # fmt: skip


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> zipfile.ZipFile:
    return _build(ROOT, tmp_path_factory.mktemp("wheel"), "onlyoffice_crm_client")


def test_the_wheel_holds_the_generated_package_and_the_layers_with_their_type_markers(wheel: zipfile.ZipFile) -> None:
    expected = {
        path.relative_to(root).as_posix()
        for package, root in PACKAGE_ROOTS.items()
        for path in (root / package).rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }
    packaged = {name for name in wheel.namelist() if ".dist-info/" not in name}

    assert {f"{package}/py.typed" for package in PACKAGE_ROOTS} <= packaged
    assert packaged == expected


def test_the_library_needs_few_runtime_dependencies_and_the_command_its_extra(wheel: zipfile.ZipFile) -> None:
    metadata = _metadata(wheel)

    assert metadata["Name"] == "onlyoffice-crm-client"
    assert _requirements(metadata) == ["attrs", "httpx", "pyrate-limiter", "stamina"]
    assert _requirements(metadata, "cli") == ["XlsxWriter", "keyring", "platformdirs", "rich", "typer"]
    assert (
        "onlyoffice-crm = onlyoffice_crm_cli.launcher:main"
        in wheel.read(next(name for name in wheel.namelist() if name.endswith("entry_points.txt"))).decode()
    )


def test_the_spec_distribution_ships_the_hand_written_yaml(tmp_path: Path) -> None:
    spec_wheel = _build(ROOT / "openapi", tmp_path, "onlyoffice_crm_spec")

    assert spec_wheel.read("onlyoffice_crm_spec/onlyoffice-crm-invoices.yaml") == SPEC.read_bytes()
    assert "onlyoffice_crm_spec/py.typed" in spec_wheel.namelist()
