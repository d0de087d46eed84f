"""Run the `run:` steps of the repository's action.yml as GitHub's runner would, here: each script as it stands,
under ``bash --noprofile --norc -eo pipefail``, with the env the step declares (its ``${{ inputs.* }}`` values
resolved from the given inputs and the action's defaults) and the runner's variables (GITHUB_ACTION_PATH,
GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, GITHUB_WORKSPACE, RUNNER_TEMP)."""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
ACTION_FILE = ROOT / "action.yml"
_INPUT = re.compile(r"^\$\{\{\s*inputs\.([A-Za-z0-9_-]+)\s*\}\}$")
# Variables of this process that would change what the checker does, or point it at the repository's .venv.
_NOT_INHERITED = (
    "ONLYOFFICE_URL", "ONLYOFFICE_TOKEN", "ONLYOFFICE_USER_NAME", "ONLYOFFICE_PASSWORD",
    "BASE_URL", "TOKEN", "USER_NAME", "PASSWORD", "VIRTUAL_ENV", "PYTHONPATH",
    "CONTRACT_RATE_LIMIT", "CONTRACT_MAX_EXAMPLES", "CONTRACT_REPORTS", "CONTRACT_MOCK_EDITS_PER_REQUEST",
)  # fmt: skip


def action() -> dict[str, Any]:
    """action.yml, parsed."""
    document: dict[str, Any] = yaml.safe_load(ACTION_FILE.read_text(encoding="utf-8"))
    return document


def step(name_or_id: str) -> dict[str, Any]:
    """The step whose ``id`` or ``name`` is ``name_or_id``."""
    steps: list[dict[str, Any]] = action()["runs"]["steps"]
    return next(item for item in steps if name_or_id in (item.get("id"), item.get("name")))


def step_env(declared: Mapping[str, str], inputs: Mapping[str, str]) -> dict[str, str]:
    """The env a step declares, each ``${{ inputs.NAME }}`` replaced by ``inputs`` or the input's default;
    anything else in an expression is refused (the test runs only what it can resolve faithfully)."""
    defined: dict[str, Any] = action()["inputs"]
    resolved = {}
    for variable, value in declared.items():
        found = _INPUT.match(str(value))
        assert found, f"{variable}: only ${{{{ inputs.* }}}} can be resolved here, not {value!r}"
        name = found.group(1)
        assert name in defined, f"{variable} uses an input the action does not declare: {name}"
        resolved[variable] = inputs.get(name, str(defined[name].get("default", "")))
    return resolved


@dataclass(frozen=True)
class StepRun:
    """What a step did: its exit code, output, and what it wrote to GITHUB_OUTPUT and GITHUB_STEP_SUMMARY."""

    returncode: int
    stdout: str
    stderr: str
    outputs: dict[str, str]
    step_summary: str


def run_step(
    name_or_id: str,
    inputs: Mapping[str, str],
    workspace: Path,
    path_first: Path,
    action_path: Path = ROOT,
    timeout: float = 120,
) -> StepRun:
    """Run the step's script as it stands in ``workspace``, with ``path_first`` (where ``python`` and the kit's
    commands are) at the front of PATH and ``action_path`` as the action's checkout."""
    chosen = step(name_or_id)
    assert chosen.get("shell") == "bash", "a composite action's run step must name its shell"
    runner = workspace.parent / f"runner-{workspace.name}"
    runner.mkdir(exist_ok=True)
    output, summary = runner / "github_output", runner / "step_summary"
    output.write_text("")
    summary.write_text("")
    script = runner / "step.sh"
    script.write_text(chosen["run"], encoding="utf-8")
    environment = {key: value for key, value in os.environ.items() if key not in _NOT_INHERITED}
    environment |= {
        "PATH": f"{path_first}{os.pathsep}{environment.get('PATH', '')}",
        "GITHUB_ACTION_PATH": str(action_path), "GITHUB_OUTPUT": str(output), "GITHUB_STEP_SUMMARY": str(summary),
        "GITHUB_WORKSPACE": str(workspace), "RUNNER_TEMP": str(runner), "CI": "true", "GITHUB_ACTIONS": "true",
    }  # fmt: skip
    environment |= step_env(chosen.get("env", {}), inputs)
    done = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
        cwd=workspace, env=environment, capture_output=True, text=True, timeout=timeout, check=False,
    )  # fmt: skip
    outputs = dict(line.split("=", 1) for line in output.read_text().splitlines() if "=" in line)
    return StepRun(done.returncode, done.stdout, done.stderr, outputs, summary.read_text())
