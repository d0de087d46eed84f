"""Issue 17's "Done when": a downstream project of one test file and no conftest passes under pytest in a fresh
environment where the kit was installed with `pip install "<wheel>[cli,mock]"`. The file (tests/plugin's
``downstream_tests.py``) seeds three invoices and reads them back with ``onlyoffice_crm``, sees a fresh portal in
the next test, gets ``RateLimitError`` or ``ServerError`` with ``error_share=1.0``, and asserts on the requests;
the ``onlyoffice_portal`` fixture comes from the kit's ``pytest11`` entry point alone."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from .fresh_venv import ROOT, FreshVenv

# One worker builds the wheel and the fresh environments once (pytest-xdist keeps a group together).
pytestmark = [pytest.mark.xdist_group("packaging"), pytest.mark.timeout(600)]

DOWNSTREAM_TESTS = ROOT / "tests" / "plugin" / "downstream_tests.py"


def pinned_pytest() -> str:
    """``pytest==<version>`` as requirements/dev.lock pins it."""
    lock = (ROOT / "requirements" / "dev.lock").read_text(encoding="utf-8")
    found = re.search(r"^pytest==(\S+)", lock, re.MULTILINE)
    assert found is not None, "requirements/dev.lock pins no pytest"
    return f"pytest=={found[1]}"


@pytest.fixture(scope="module")
def venv_with_pytest(kit_venv: FreshVenv, tmp_path_factory: pytest.TempPathFactory) -> FreshVenv:
    """The shared kit environment, with the pytest a downstream project would bring."""
    kit_venv.pip_install(pinned_pytest(), cwd=tmp_path_factory.mktemp("pytest-install"))
    return kit_venv


def run_pytest(venv: FreshVenv, project: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    """``python -m pytest`` in ``project``, with plugins autoloaded as for any user."""
    no_settings_of_ours = {"PYTEST_DISABLE_PLUGIN_AUTOLOAD": "", "PYTEST_ADDOPTS": "", "PYTEST_PLUGINS": ""}
    return venv.run("python", "-m", "pytest", "-p", "no:cacheprovider", *arguments, cwd=project,
                    env=no_settings_of_ours)  # fmt: skip


def test_a_one_file_project_without_conftest_passes_with_the_installed_fixture(
    venv_with_pytest: FreshVenv, tmp_path: Path
) -> None:
    shutil.copyfile(DOWNSTREAM_TESTS, tmp_path / "test_invoices.py")
    assert [path.name for path in tmp_path.iterdir()] == ["test_invoices.py"]

    done = run_pytest(venv_with_pytest, tmp_path, "-q")

    assert done.returncode == 0, done.stdout + done.stderr
    assert re.search(r"^4 passed", done.stdout, re.MULTILINE), done.stdout


def test_the_fixtures_are_listed_with_their_documentation(venv_with_pytest: FreshVenv, tmp_path: Path) -> None:
    done = run_pytest(venv_with_pytest, tmp_path, "--fixtures")

    assert done.returncode == 0, done.stdout + done.stderr
    assert "fixtures defined from onlyoffice_mock_portal.pytest_plugin" in done.stdout
    assert re.search(r"^onlyoffice_portal -- .*\n\s+A mock ONLYOFFICE portal, reset for this test", done.stdout, re.M)
    assert re.search(r"^onlyoffice_portal_config \[session scope\]", done.stdout, re.M), done.stdout
