"""`pip install "<wheel>[cli,mock]"` in a fresh environment outside the repository, in one command, gives both
commands with the spec's version, a help without value placeholders on flags, and the kit's own files."""

from __future__ import annotations

from pathlib import Path

import pytest

from .fresh_venv import SPEC_FILE, FreshVenv, spec_version

# One worker builds the wheel and the fresh environments once (pytest-xdist keeps a group together).
pytestmark = [pytest.mark.xdist_group("packaging"), pytest.mark.timeout(600)]

WIDE = {"COLUMNS": "200", "TERM": "dumb"}  # one help line per option, whatever the terminal running the tests


@pytest.mark.parametrize("command", ["onlyoffice-crm", "onlyoffice-mock-portal"])
def test_each_command_prints_the_spec_version(kit_venv: FreshVenv, tmp_path: Path, command: str) -> None:
    done = kit_venv.run(command, "--version", cwd=tmp_path)

    assert (done.returncode, done.stdout, done.stderr) == (0, f"{command} {spec_version()}\n", "")


@pytest.mark.parametrize("words", [[], ["invoices", "list"], ["invoices", "export"]])
def test_the_help_shows_flags_without_a_value_placeholder(
    kit_venv: FreshVenv, tmp_path: Path, words: list[str]
) -> None:
    done = kit_venv.run("onlyoffice-crm", *words, "--help", cwd=tmp_path, env=WIDE)

    assert done.returncode == 0, done.stderr
    assert "--help" in done.stdout
    assert "--version" in done.stdout or "--desc" in done.stdout  # a boolean flag is in this help
    assert "<bool>" not in done.stdout, done.stdout  # issue 20: Typer 0.29 prints `--desc <bool>`


def test_the_kit_runs_from_the_environment_with_the_real_spec_file(kit_venv: FreshVenv, tmp_path: Path) -> None:
    script = (
        "import onlyoffice_crm, onlyoffice_crm_cli, onlyoffice_crm_client, onlyoffice_mock_portal\n"
        "import onlyoffice_crm_spec\n"
        "for module in (onlyoffice_crm, onlyoffice_crm_cli, onlyoffice_crm_client, onlyoffice_mock_portal):\n"
        "    print(module.__file__)\n"
        "print(onlyoffice_crm_spec.spec_path())\n"
    )
    done = kit_venv.run("python", "-c", script, cwd=tmp_path)

    assert done.returncode == 0, done.stderr
    *modules, spec = map(Path, done.stdout.splitlines())
    assert all(path.is_relative_to(kit_venv.path) for path in [*modules, spec]), done.stdout
    assert not spec.is_symlink()
    assert spec.read_bytes() == SPEC_FILE.read_bytes()


def test_importing_the_mock_package_loads_nothing_heavy(kit_venv: FreshVenv, tmp_path: Path) -> None:
    # A pytest plugin will live in onlyoffice_mock_portal and load for users who installed `[cli]` only.
    script = (
        "import sys, onlyoffice_mock_portal\n"
        "print(sorted({'numpy', 'starlette', 'uvicorn', 'yaml', 'jsonschema'} & set(sys.modules)))\n"
    )
    done = kit_venv.run("python", "-c", script, cwd=tmp_path)

    assert (done.returncode, done.stdout) == (0, "[]\n"), done.stderr
