"""Each command of the kit, in a fresh environment outside the repository with the base install or one extra at a
time: it works when its extra is there; otherwise it prints one line naming the extra to install and exits 2,
except ``--version`` of the mock portal and of the checker, which works in any install.

Each environment is the kit's wheel (``--no-deps``) beside a copy of the installed files of exactly the
distributions the chosen extra needs (read from the wheel's metadata, with what they depend on), taken from the
repository's .venv: the versions of requirements/dev.lock, without a download or a resolver run."""

from __future__ import annotations

import zipfile
from email.parser import Parser
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from .fresh_venv import (
    DISTRIBUTION,
    FreshVenv,
    copy_distributions,
    install_wheel_without_dependencies,
    make_bare_venv,
    spec_version,
    with_dependencies,
)

# One worker builds the wheel and the fresh environments once (pytest-xdist keeps a group together).
pytestmark = [pytest.mark.xdist_group("packaging"), pytest.mark.timeout(300)]

EXTRA_OF_COMMAND = {"onlyoffice-crm": "cli", "onlyoffice-mock-portal": "mock", "onlyoffice-crm-contract": "contract"}
# The launchers that answer --version without their extra (onlyoffice-crm's asks for [cli] first).
VERSION_WITHOUT_EXTRA = {"onlyoffice-mock-portal", "onlyoffice-crm-contract"}
INSTALLS = [None, "cli", "mock", "contract"]


def wheel_requirements(wheel: Path) -> list[Requirement]:
    """The wheel's ``Requires-Dist`` lines, as requirements."""
    with zipfile.ZipFile(wheel) as archive:
        (metadata,) = [name for name in archive.namelist() if name.endswith(".dist-info/METADATA")]
        lines = Parser().parsestr(archive.read(metadata).decode()).get_all("Requires-Dist") or []
    return [Requirement(line) for line in lines]


def needs(wheel: Path, extra: str | None) -> set[str]:
    """The canonical names of what a base install (``None``) or ``extra`` requires directly, base included."""
    return {
        canonicalize_name(requirement.name)
        for requirement in wheel_requirements(wheel)
        if requirement.marker is None or (extra is not None and requirement.marker.evaluate({"extra": extra}))
    }


@pytest.fixture(scope="module", params=INSTALLS, ids=lambda extra: f"[{extra}]" if extra else "base")
def one_extra(
    request: pytest.FixtureRequest,
    kit_wheel: Path,
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[str | None, FreshVenv, set[str]]:
    """(the extra, an environment with the kit and only that extra's dependencies, what is installed in it)."""
    extra: str | None = request.param
    venv = make_bare_venv(tmp_path_factory.mktemp(f"extra-{extra or 'base'}") / "venv")
    requirements = [r for r in wheel_requirements(kit_wheel) if canonicalize_name(r.name) in needs(kit_wheel, extra)]
    installed = with_dependencies(Requirement(r.name) for r in requirements)
    copy_distributions(installed, venv)
    install_wheel_without_dependencies(venv, kit_wheel, cwd=tmp_path_factory.mktemp("extra-install"))
    return extra, venv, installed


@pytest.mark.parametrize("command", EXTRA_OF_COMMAND)
def test_each_command_works_with_its_extra_and_else_names_the_extra_in_one_line(
    one_extra: tuple[str | None, FreshVenv, set[str]], kit_wheel: Path, command: str, tmp_path: Path
) -> None:
    _extra, venv, installed = one_extra
    extra = EXTRA_OF_COMMAND[command]
    has_extra = needs(kit_wheel, extra) <= installed

    for arguments in (["--help"], ["--version"], []):
        if has_extra and not arguments:
            continue  # the command itself: it would serve or run the suite
        done = venv.run(command, *arguments, cwd=tmp_path, timeout=60)
        shown = f"{command} {' '.join(arguments)}: {done.stdout[-2000:]}{done.stderr[-2000:]}"
        if arguments == ["--version"] and (has_extra or command in VERSION_WITHOUT_EXTRA):
            assert (done.returncode, done.stdout, done.stderr) == (0, f"{command} {spec_version()}\n", ""), shown
        elif has_extra:
            assert (done.returncode, done.stderr) == (0, ""), shown
            assert "--version" in done.stdout, shown
        else:
            assert (done.returncode, done.stdout) == (2, ""), shown
            assert len(done.stderr.splitlines()) == 1, shown
            assert f"pip install '{DISTRIBUTION}[{extra}]'" in done.stderr, shown
