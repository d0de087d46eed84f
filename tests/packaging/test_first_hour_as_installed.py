"""The new user's pseudo-terminal session (tests/cli/test_terminal_session.py) with the command as users get it:
`onlyoffice-crm` from a fresh `pip install "<wheel>[cli,mock]"`, its dependencies resolved by pip, not pinned."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from .fresh_venv import ROOT, FreshVenv

# One worker builds the wheel and the fresh environments once (pytest-xdist keeps a group together).
pytestmark = [pytest.mark.xdist_group("packaging"), pytest.mark.timeout(600)]

SESSION = ROOT / "tests" / "cli" / "test_terminal_session.py"


def test_the_first_hour_session_passes_with_the_installed_command(kit_venv: FreshVenv) -> None:
    command = kit_venv.bin("onlyoffice-crm")
    env = {**os.environ, "ONLYOFFICE_CRM_COMMAND": str(command)}
    arguments = [sys.executable, "-m", "pytest", str(SESSION), "-q", "-p", "no:cacheprovider", "-p", "no:xdist"]

    done = subprocess.run(arguments, cwd=ROOT, env=env, capture_output=True, text=True, timeout=500, check=False)

    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert "1 passed" in done.stdout
