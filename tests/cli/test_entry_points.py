"""``--help`` everywhere, ``python -m onlyoffice_crm_cli``, and the one line shown without the ``[cli]`` extra."""

from __future__ import annotations

import subprocess
import sys

import pytest

from .conftest import invoke


@pytest.mark.parametrize(
    "command",
    [[], ["login"], ["logout"], ["invoices"], ["invoices", "list"], ["invoices", "export"], ["invoices", "totals"]],
)
def test_help_on_every_command_lists_the_exit_codes(command: list[str]) -> None:
    result = invoke(*command, "--help")
    assert result.exit_code == 0, result.output
    text = " ".join(result.stdout.split())
    assert "Exit codes: 0 done; 1 the portal refused or failed" in text.replace("│", "").replace("  ", " ")
    if command[:1] == ["invoices"] and len(command) == 2:
        assert "Examples:" in result.stdout


def test_python_dash_m_runs_the_command() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "onlyoffice_crm_cli", "invoices", "list", "--help"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Usage: onlyoffice-crm invoices list" in result.stdout


def test_without_the_extra_one_line_and_exit_2() -> None:
    blocked = "import sys; sys.modules['typer'] = None; from onlyoffice_crm_cli.launcher import main; main()"
    result = subprocess.run([sys.executable, "-c", blocked], capture_output=True, text=True, check=False)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == (
        "onlyoffice-crm needs its extra dependencies: pip install 'onlyoffice-crm-client[cli]' (missing: typer)\n"
    )
