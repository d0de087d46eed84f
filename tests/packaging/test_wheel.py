"""One wheel holds every part of the kit from the folder it lives in: the generated client, the library, the command,
the spec with its one hand-written YAML, and the mock portal; each part's dependencies sit in its extra."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from email.message import Message
from email.parser import Parser
from pathlib import Path

import pytest
from packaging.requirements import Requirement

from .fresh_venv import ROOT, SPEC_FILE, spec_version

# One worker builds the wheel and the fresh environments once (pytest-xdist keeps a group together).
pytestmark = pytest.mark.xdist_group("packaging")

PACKAGE_ROOTS = {
    "onlyoffice_crm_client": ROOT / "generated",
    "onlyoffice_crm": ROOT / "src",
    "onlyoffice_crm_cli": ROOT / "src",
    "onlyoffice_crm_spec": ROOT / "openapi" / "src",
    "onlyoffice_mock_portal": ROOT / "mock_portal" / "src",
    "onlyoffice_crm_contract": ROOT / "contract_tests" / "src",
}
PACKAGED_SPEC = "onlyoffice_crm_spec/onlyoffice-crm-invoices.yaml"


@pytest.fixture(scope="module")
def wheel(kit_wheel: Path) -> Iterator[zipfile.ZipFile]:
    with zipfile.ZipFile(kit_wheel) as opened:
        yield opened


def _dist_info(wheel: zipfile.ZipFile, name: str) -> str:
    (path,) = [path for path in wheel.namelist() if path.endswith(f".dist-info/{name}")]
    return wheel.read(path).decode()


def _metadata(wheel: zipfile.ZipFile) -> Message:
    return Parser().parsestr(_dist_info(wheel, "METADATA"))


def _requirements(metadata: Message, extra: str = "") -> list[str]:
    requirements = [Requirement(line) for line in metadata.get_all("Requires-Dist") or []]
    return sorted(r.name for r in requirements if (r.marker is None and not extra) or (
        r.marker is not None and r.marker.evaluate({"extra": extra})))  # fmt: skip


def test_the_wheel_holds_every_package_from_its_folder_with_its_type_marker(wheel: zipfile.ZipFile) -> None:
    expected = {
        path.relative_to(root).as_posix()
        for package, root in PACKAGE_ROOTS.items()
        for path in (root / package).rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"
    }
    packaged = {name for name in wheel.namelist() if ".dist-info/" not in name}

    assert {f"{package}/py.typed" for package in PACKAGE_ROOTS} <= packaged
    assert packaged == expected


def test_the_suites_own_proofs_stay_in_the_repository(wheel: zipfile.ZipFile) -> None:
    proofs = {path.name for path in (ROOT / "contract_tests" / "proofs").glob("*.py")}

    assert "test_proof.py" in proofs
    assert not [name for name in wheel.namelist() if name.rsplit("/", 1)[-1] in proofs - {"__init__.py"}]
    assert not [name for name in wheel.namelist() if name.startswith(("contract_tests/", "proofs/"))]


def test_the_wheel_holds_the_bytes_of_the_hand_written_spec_not_a_link(wheel: zipfile.ZipFile) -> None:
    info = wheel.getinfo(PACKAGED_SPEC)

    assert (info.external_attr >> 28) != 0o12, "the spec is stored as a symbolic link"
    assert wheel.read(PACKAGED_SPEC) == SPEC_FILE.read_bytes()


def test_the_wheel_has_the_spec_version(wheel: zipfile.ZipFile) -> None:
    metadata = _metadata(wheel)

    assert metadata["Name"] == "onlyoffice-crm-client"
    assert metadata["Version"] == spec_version()


def test_the_library_needs_few_dependencies_and_each_part_its_extra(wheel: zipfile.ZipFile) -> None:
    metadata = _metadata(wheel)

    assert _requirements(metadata) == ["anyio", "attrs", "httpx", "pyrate-limiter", "stamina"]
    assert _requirements(metadata, "cli") == ["XlsxWriter", "keyring", "platformdirs", "rich", "typer"]
    assert _requirements(metadata, "mock") == [
        "PyYAML", "h11", "jsonschema", "numpy", "referencing", "starlette", "uvicorn",
    ]  # fmt: skip


def test_typer_is_bounded_below_the_release_that_shows_flags_as_taking_a_value(wheel: zipfile.ZipFile) -> None:
    (typer,) = [
        Requirement(line) for line in _metadata(wheel).get_all("Requires-Dist") or [] if line.startswith("typer")
    ]

    assert "0.28.0" in typer.specifier
    assert "0.29.2" not in typer.specifier  # issue 20: flags shown as `--desc <bool>`


def test_each_command_is_a_console_script_that_starts_from_its_launcher(wheel: zipfile.ZipFile) -> None:
    entry_points = _dist_info(wheel, "entry_points.txt")

    assert "onlyoffice-crm = onlyoffice_crm_cli.launcher:main" in entry_points
    assert "onlyoffice-mock-portal = onlyoffice_mock_portal.launcher:main" in entry_points
    assert "onlyoffice-crm-contract = onlyoffice_crm_contract.launcher:main" in entry_points
