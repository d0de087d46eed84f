"""Install the kit as a user would: a wheel built once per session, fresh virtual environments outside the
repository, and one environment with the wheel and its extras that later tests (a downstream pytest project,
the contract checker) reuse."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from .fresh_venv import DISTRIBUTION, INSTALL_TIMEOUT_S, FreshVenv, copy_of_clone, make_fresh_venv

# The extras the shared environment gets, installed in one command as the README tells users to.
KIT_EXTRAS = ("cli", "mock", "contract")


@pytest.fixture(scope="session")
def kit_wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The kit's wheel, built once per session (``pip wheel --no-deps``) from a copy of what a clone holds."""
    out = tmp_path_factory.mktemp("wheel")
    clone = copy_of_clone(tmp_path_factory.mktemp("clone"))
    pip_wheel = [sys.executable, "-m", "pip", "wheel", "-q", "--disable-pip-version-check", "--no-deps"]
    subprocess.run([*pip_wheel, "--wheel-dir", str(out), str(clone)], check=True, timeout=INSTALL_TIMEOUT_S)
    (built,) = out.glob(f"{DISTRIBUTION.replace('-', '_')}-*.whl")
    return built


@pytest.fixture(scope="session")
def fresh_venv_factory(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], FreshVenv]:
    """Make an empty virtual environment outside the repository: ``fresh_venv_factory("name")``."""

    def make(name: str) -> FreshVenv:
        return make_fresh_venv(tmp_path_factory.mktemp(name) / "venv")

    return make


@pytest.fixture(scope="session")
def kit_venv(
    kit_wheel: Path, fresh_venv_factory: Callable[[str], FreshVenv], tmp_path_factory: pytest.TempPathFactory
) -> FreshVenv:
    """A fresh environment with ``pip install "<wheel>[cli,mock,contract]"`` (KIT_EXTRAS) done in one command,
    shared by the session."""
    venv = fresh_venv_factory("kit-venv")
    venv.pip_install(f"{kit_wheel}[{','.join(KIT_EXTRAS)}]", cwd=tmp_path_factory.mktemp("kit-install"))
    return venv
