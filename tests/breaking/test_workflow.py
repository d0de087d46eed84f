"""The GitHub Actions workflow passes its linter, the linter catches a typo, and it runs real targets."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
WORKFLOW = ROOT / ".github" / "workflows" / "ci.yml"
LINTER = Path(sys.executable).parent / "check-jsonschema"
MAKE_TARGET = re.compile(r"\bmake (?:--?[\w-]+ )*([a-z][\w-]*)")


def lint(path: Path) -> subprocess.CompletedProcess[str]:
    """The check `make lint` runs: the GitHub workflow JSON schema shipped with check-jsonschema."""
    command = [str(LINTER), "--builtin-schema", "vendor.github-workflows", str(path)]
    return subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)


def workflow() -> dict[Any, Any]:
    document: dict[Any, Any] = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    return document


def steps(job: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = workflow()["jobs"][job]["steps"]
    return found


def test_the_workflow_passes_its_linter() -> None:
    done = lint(WORKFLOW)

    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize(
    ("typo", "replacement", "named"),
    [("runs-on:", "run-on:", "runs-on"), ("timeout-minutes: 30", "timeout-minutes: thirty", "thirty")],
)
def test_the_linter_rejects_a_typo(tmp_path: Path, typo: str, replacement: str, named: str) -> None:
    broken = tmp_path / "ci.yml"
    broken.write_text(WORKFLOW.read_text(encoding="utf-8").replace(typo, replacement, 1), encoding="utf-8")

    done = lint(broken)

    assert done.returncode == 1
    assert named in done.stdout


def test_every_make_target_the_workflow_runs_exists() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    targets = set(re.findall(r"^([a-zA-Z][\w-]*):", makefile, flags=re.MULTILINE))
    runs = " ".join(step.get("run", "") for job in workflow()["jobs"] for step in steps(job))

    used = set(MAKE_TARGET.findall(runs))

    assert used == {"test", "breaking"}
    assert used <= targets


def test_the_jobs_that_compare_with_history_fetch_it_and_the_nightly_run_keeps_its_reports() -> None:
    for job in ("test", "breaking"):
        checkout = next(step for step in steps(job) if str(step.get("uses", "")).startswith("actions/checkout"))
        assert checkout["with"]["fetch-depth"] == 0, job
    # The nightly run is this repository's own action (which uploads its reports always: tests/contract_driver).
    contract_run = next(step for step in steps("contract") if step.get("uses") == "./")
    assert contract_run["with"] == {"base-url": "${{ secrets.BASE_URL }}", "token": "${{ secrets.TOKEN }}"}
    # PyYAML reads the bare key `on` as True.
    assert set(workflow()[True]) >= {"push", "pull_request", "schedule"}
