"""The repository's GitHub Action (action.yml): inputs reach its scripts only through env, and its check step,
run as it stands against a mock portal process, keeps the checker's exit code, writes the `exit-code` output,
the step summary and the reports the upload step keeps.

Here the checker is the repository's .venv one (editable); the install step, `pip install
"$GITHUB_ACTION_PATH[contract]"`, runs as it stands in tests/packaging/test_contract_checker.py (a fresh
environment). setup-python and upload-artifact are GitHub's own actions: only their inputs are checked."""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
import yaml

from onlyoffice_mock_portal.process import mock_portal_process

from .action_steps import ROOT, action, run_step, step

VENV_BIN = Path(sys.executable).parent
TOKEN = "action-test-token"


def test_inputs_reach_the_scripts_only_through_env() -> None:
    steps = action()["runs"]["steps"]
    scripts = [item["run"] for item in steps if "run" in item]

    assert len(scripts) == 2
    assert all("${{" not in script for script in scripts), "an input pasted into a script is a script injection"
    declared = {value for item in steps for value in item.get("env", {}).values()}
    for name in (
        "base-url",
        "token",
        "user-name",
        "password",
        "rate-limit",
        "max-examples",
        "report-dir",
        "har-bodies",
    ):
        assert f"${{{{ inputs.{name} }}}}" in declared, name
    assert action()["inputs"]["base-url"]["required"] is True


def test_the_install_step_installs_the_contract_extra_from_the_actions_checkout() -> None:
    script = step("Install the contract checker from this action's checkout")["run"]

    # The locks it installs first: tests/packaging/test_supply_chain.py.
    assert '--no-deps --no-build-isolation "${GITHUB_ACTION_PATH}"' in script


def test_the_reports_are_uploaded_always_unless_turned_off_for_the_days_asked_and_the_exit_code_is_an_output() -> None:
    upload = next(item for item in action()["runs"]["steps"] if str(item.get("uses", "")).startswith("actions/upload"))

    assert upload["if"] == "always() && inputs.upload-reports == 'true'"
    assert action()["inputs"]["upload-reports"]["default"] == "true"
    assert upload["with"]["retention-days"] == "${{ inputs.retention-days }}"
    assert upload["with"]["path"] == "${{ inputs.report-dir }}"
    assert action()["outputs"]["exit-code"]["value"] == "${{ steps.check.outputs.exit-code }}"


def test_the_documented_workflow_is_a_valid_ten_line_workflow_using_the_actions_inputs(tmp_path: Path) -> None:
    page = (ROOT / "docs" / "github-action.md").read_text(encoding="utf-8")
    (text,) = re.findall(r"```yaml\n(.*?)```", page, re.DOTALL)
    workflow = tmp_path / "contract.yml"
    workflow.write_text(text, encoding="utf-8")
    schema_check = [str(VENV_BIN / "check-jsonschema"), "--builtin-schema", "vendor.github-workflows", str(workflow)]
    checked = subprocess.run(schema_check, capture_output=True, text=True, timeout=60, check=False)
    steps: list[dict[str, Any]] = yaml.safe_load(text)["jobs"]["contract"]["steps"]
    (uses,) = [item for item in steps if item.get("uses") == "<owner>/<repo>@<commit-sha>"]

    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert len(text.strip().splitlines()) <= 10
    assert set(uses["with"]) <= set(action()["inputs"])
    assert {name for name, item in action()["inputs"].items() if item.get("required")} <= set(uses["with"])


REPORTS = ["contract-coverage.json", "contract-junit.xml", "contract-summary.md", "contract-summary.txt",
           "contract-traffic.har"]  # fmt: skip


def test_the_check_step_hands_the_checker_the_librarys_variables() -> None:
    declared = step("check")["env"]

    assert {declared[name] for name in ("ONLYOFFICE_URL", "ONLYOFFICE_TOKEN", "ONLYOFFICE_USER_NAME",
                                        "ONLYOFFICE_PASSWORD")} == {
        "${{ inputs.base-url }}", "${{ inputs.token }}", "${{ inputs.user-name }}", "${{ inputs.password }}",
    }  # fmt: skip


@pytest.mark.timeout(120)
def test_the_check_step_keeps_the_partial_code_and_publishes_the_markdown_summary(tmp_path: Path) -> None:
    """One generated case per check: the checker's exit 4 (partial: no verdict), as the step's code and output."""
    workspace = tmp_path / "workspace"
    workspace.mkdir()
    with mock_portal_process("--token", TOKEN, "--invoices", "30", "--rate-limit", "0") as portal:
        inputs = {"base-url": portal.url, "token": TOKEN, "rate-limit": "0", "max-examples": "1"}
        done = run_step("check", inputs, workspace, VENV_BIN)

    assert (done.returncode, done.outputs) == (4, {"exit-code": "4"}), done.stdout[-3000:] + done.stderr[-2000:]
    reports = workspace / "onlyoffice-crm-contract-reports"  # the report-dir default the upload step keeps
    assert sorted(path.name for path in reports.iterdir()) == REPORTS
    ET.parse(reports / "contract-junit.xml")
    assert done.step_summary == (reports / "contract-summary.md").read_text(encoding="utf-8")
    assert done.step_summary.startswith("## :warning: ONLYOFFICE CRM contract: partial: no verdict")
    assert "### Coverage" in done.step_summary
    assert TOKEN not in done.stdout + done.stderr + done.step_summary


@pytest.mark.timeout(60)
def test_the_check_step_keeps_exit_2_for_a_refused_token_and_still_publishes_a_summary(tmp_path: Path) -> None:
    workspace = tmp_path / "workspace"
    workspace.mkdir()
    with mock_portal_process("--token", TOKEN, "--invoices", "5", "--rate-limit", "0") as portal:
        inputs = {"base-url": portal.url, "token": "wrong-token", "report-dir": "out"}
        done = run_step("check", inputs, workspace, VENV_BIN)

    assert (done.returncode, done.outputs) == (2, {"exit-code": "2"}), done.stdout + done.stderr
    assert re.search(r"refuses the token \(401\)", done.stderr), done.stderr
    assert done.step_summary.startswith("## :no_entry: ONLYOFFICE CRM contract: no verdict: ")
    assert "refuses the token (401)" in done.step_summary
    assert ET.parse(workspace / "out" / "contract-junit.xml").find(".//testcase[@name='verdict']/error") is not None
