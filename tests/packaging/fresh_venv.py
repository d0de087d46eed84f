"""Fresh virtual environments outside the repository, to install and run the kit as a user would."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib.metadata import distribution
from pathlib import Path
from typing import Any

import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
SPEC_FILE = ROOT / "openapi" / "onlyoffice-crm-invoices.yaml"
DISTRIBUTION = "onlyoffice-crm-client"
INSTALL_TIMEOUT_S = 540
# Variables that would make a fresh environment see the repository's .venv or change the mock's defaults.
_INHERITED_NOT = ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME", "PORT", "TOKEN", "INVOICES", "SEED", "DATA")


def spec_version() -> str:
    """``info.version`` of the spec, the one version of every part of the kit."""
    document: dict[str, Any] = yaml.safe_load(SPEC_FILE.read_text(encoding="utf-8"))
    version: str = document["info"]["version"]
    return version


@dataclass(frozen=True)
class FreshVenv:
    """A virtual environment made outside the repository by ``python -m venv``: pip and what was installed."""

    path: Path

    def bin(self, name: str) -> Path:
        """The path of a program in the environment's ``bin`` (``python``, a console script)."""
        return self.path / "bin" / name

    @property
    def python(self) -> Path:
        """The environment's interpreter."""
        return self.bin("python")

    def env(self, extra: Mapping[str, str] | None = None) -> dict[str, str]:
        """This process's environment as seen from inside the fresh one, without what points at the repository's
        ``.venv`` or sets the mock's defaults, plus ``extra``."""
        environment = {key: value for key, value in os.environ.items() if key not in _INHERITED_NOT}
        environment["PATH"] = f"{self.path / 'bin'}{os.pathsep}{environment.get('PATH', '')}"
        return environment | dict(extra or {})

    def run(
        self, *command: str | Path, cwd: Path, timeout: float = 120, env: Mapping[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        """Run ``command`` (its first word a program of this environment) in ``cwd``; never raises on its exit code."""
        program, *arguments = command
        return subprocess.run(
            [str(self.bin(str(program))), *map(str, arguments)],
            cwd=cwd,
            env=self.env(env),
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )

    def pip_install(self, *requirements: str, cwd: Path) -> None:
        """``pip install REQUIREMENTS`` in one command; dependencies come from the package index as for a user."""
        done = self.run(
            "python", "-m", "pip", "install", "--disable-pip-version-check", "-q", *requirements,
            cwd=cwd, timeout=INSTALL_TIMEOUT_S,
        )  # fmt: skip
        assert done.returncode == 0, f"pip install {' '.join(requirements)} failed:\n{done.stdout}{done.stderr}"


def make_fresh_venv(where: Path) -> FreshVenv:
    """A new virtual environment at ``where`` (which must lie outside the repository)."""
    assert not where.resolve().is_relative_to(ROOT), f"{where} is inside the repository"
    subprocess.run([sys.executable, "-m", "venv", str(where)], check=True, timeout=120, env=FreshVenv(where).env())
    return FreshVenv(where)


def make_bare_venv(where: Path) -> FreshVenv:
    """A new virtual environment at ``where`` (outside the repository) without pip, made in a fraction of a second;
    :func:`install_wheel_without_dependencies` and :func:`copy_distributions` fill it."""
    assert not where.resolve().is_relative_to(ROOT), f"{where} is inside the repository"
    command = [sys.executable, "-m", "venv", "--without-pip", str(where)]
    subprocess.run(command, check=True, timeout=120, env=FreshVenv(where).env())
    return FreshVenv(where)


def install_wheel_without_dependencies(venv: FreshVenv, wheel: Path, cwd: Path) -> None:
    """``pip install --no-deps WHEEL`` into ``venv``, by this interpreter's pip (``pip --python``)."""
    pip = [sys.executable, "-m", "pip", "--python", str(venv.python)]
    done = subprocess.run(
        [*pip, "install", "-q", "--no-deps", "--no-compile", str(wheel)],
        cwd=cwd, env=venv.env(), capture_output=True, text=True, timeout=INSTALL_TIMEOUT_S, check=False,
    )  # fmt: skip
    assert done.returncode == 0, f"pip install --no-deps {wheel.name} failed:\n{done.stdout}{done.stderr}"


def with_dependencies(requirements: Iterable[Requirement]) -> set[str]:
    """The distributions ``requirements`` name and everything they depend on, as installed in this process's
    environment (the repository's .venv, pinned by requirements/dev.lock), by canonical name."""
    found: set[str] = set()
    todo = list(requirements)
    while todo:
        requirement = todo.pop()
        name = canonicalize_name(requirement.name)
        if name in found or (requirement.marker is not None and not requirement.marker.evaluate({"extra": ""})):
            continue
        found.add(name)
        todo += [Requirement(line) for line in distribution(name).requires or []]
    return found


def copy_distributions(names: Iterable[str], venv: FreshVenv) -> None:
    """Copy the installed files of each distribution in ``names`` from this process's environment into ``venv``'s
        site-packages, as an install of those exact versions would leave them (their console scripts left out). The
    files are hard links where the file systems allow: no test writes to an installed file."""
    site_packages = Path(sysconfig.get_path("purelib", vars={"base": str(venv.path)}))
    for name in names:
        installed = distribution(name)
        for file in installed.files or []:
            if ".." in file.parts:  # a console script or data outside site-packages
                continue
            source = Path(str(installed.locate_file(file)))
            if source.is_file():
                target = site_packages / file
                target.parent.mkdir(parents=True, exist_ok=True)
                try:  # a hard link is a copy to Python, made in no time; across file systems, copy
                    os.link(source, target)
                except OSError:
                    shutil.copy2(source, target)


def copy_of_clone(dest: Path) -> Path:
    """Copy what a clone of the working tree holds (files git tracks or would add, links kept as links) to
    ``dest``: a build there sees no ``build/``, ``*.egg-info`` or caches of the working tree, and writes none."""
    listed = subprocess.run(
        ["git", "-C", str(ROOT), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        capture_output=True,
        check=True,
        timeout=60,
    ).stdout.decode()
    for name in sorted(set(filter(None, listed.split("\0")))):
        source = ROOT / name
        if not source.is_symlink() and not source.is_file():  # deleted in the working tree, not yet committed
            continue
        target = dest / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target, follow_symlinks=False)
    return dest
