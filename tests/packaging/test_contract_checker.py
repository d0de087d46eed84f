"""The contract checker as a team installs it (`pip install "<kit>[contract]"`, here the shared fresh environment),
run from an empty directory: a partial run (exit 4) that failed nothing against the mock portal, 1 against a broken
portal, 2 within seconds on a refused token or an unreachable address, with its summaries and JUnit report all the
same; only its reports are left behind. The GitHub Action's install step runs
here as it stands, from a copy of the clone as the action's checkout."""

from __future__ import annotations

import json
import socket
import zipfile
from email.parser import Parser
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from starlette.types import ASGIApp

from contract_tests.proofs import broken_portals
from contract_tests.proofs.serving import serving_over_http
from onlyoffice_mock_portal.app import create_app
from onlyoffice_mock_portal.config import PortalConfig
from tests.contract_driver.action_steps import run_step

from .fresh_venv import FreshVenv, copy_of_clone, spec_version

# One worker builds the wheel and the fresh environments once (pytest-xdist keeps a group together).
pytestmark = pytest.mark.xdist_group("packaging")

TOKEN = "checker-test-token"
QUICK = ("--max-examples", "1", "--rate-limit", "0")  # the smallest run (partial): one generated case per check
REPORTS = ["contract-coverage.json", "contract-junit.xml", "contract-summary.md", "contract-summary.txt",
           "contract-traffic.har"]  # fmt: skip


def mock_app() -> ASGIApp:
    return create_app(PortalConfig(token=TOKEN, invoices=30, rate_limit=0))


def empty_directory(tmp_path: Path) -> Path:
    where = tmp_path / "empty"
    where.mkdir()
    return where


def test_the_checker_prints_the_kit_version(kit_venv: FreshVenv, tmp_path: Path) -> None:
    done = kit_venv.run("onlyoffice-crm-contract", "--version", cwd=tmp_path)

    assert (done.returncode, done.stdout, done.stderr) == (0, f"onlyoffice-crm-contract {spec_version()}\n", "")


def test_the_contract_extra_holds_what_the_check_and_the_mock_need_and_no_development_tool(kit_wheel: Path) -> None:
    with zipfile.ZipFile(kit_wheel) as wheel:
        (metadata,) = [name for name in wheel.namelist() if name.endswith(".dist-info/METADATA")]
        lines = Parser().parsestr(wheel.read(metadata).decode()).get_all("Requires-Dist") or []
    requirements = [Requirement(line) for line in lines]

    def extra(name: str) -> set[str]:
        return {r.name for r in requirements if r.marker is not None and r.marker.evaluate({"extra": name})}

    assert extra("mock") <= extra("contract")  # without --url the checker starts the mock portal
    assert {"schemathesis", "hypothesis", "pytest", "pytest-timeout"} <= extra("contract")
    assert not {"ruff", "mypy", "openapi-python-client", "check-jsonschema", "griffelib"} & extra("contract")


@pytest.mark.timeout(120)
def test_a_partial_run_against_the_mock_portal_it_starts_fails_nothing_and_leaves_only_the_reports(
    kit_venv: FreshVenv, tmp_path: Path
) -> None:
    where = empty_directory(tmp_path)
    done = kit_venv.run("onlyoffice-crm-contract", *QUICK, cwd=where, timeout=110)

    assert done.returncode == 4, done.stdout[-3000:] + done.stderr[-2000:]
    assert "contract: partial: no verdict" in done.stdout
    assert "FAIL" not in done.stdout
    assert [path.name for path in where.iterdir()] == ["reports"]
    assert sorted(path.name for path in (where / "reports").iterdir()) == REPORTS


@pytest.mark.timeout(120)
def test_exit_1_against_a_broken_portal(kit_venv: FreshVenv, tmp_path: Path) -> None:
    where = empty_directory(tmp_path)
    broken = broken_portals.rewrite_responses(mock_app(), broken_portals.wrong_field_type)
    with serving_over_http(broken) as url:
        done = kit_venv.run(
            "onlyoffice-crm-contract", "--url", url, "--token", TOKEN, *QUICK, "--report-dir", "out",
            "-k", "test_the_invoice_filter_conforms",  # the schemathesis run alone: no other test's shrinking
            cwd=where, timeout=110,
        )  # fmt: skip

    assert done.returncode == 1, done.stdout[-3000:] + done.stderr[-2000:]
    assert "FAIL [response_schema_conformance]" in done.stdout
    assert "contract: contract failures (exit 1)" in done.stdout
    assert sorted(path.name for path in (where / "out").iterdir()) == REPORTS
    har = (where / "out" / "contract-traffic.har").read_text(encoding="utf-8")
    assert TOKEN not in har
    entries = json.loads(har)["log"]["entries"]
    assert all("text" not in entry["response"]["content"] for entry in entries)  # a live portal's bodies: not kept


@pytest.mark.timeout(30)
def test_exit_2_within_seconds_on_a_refused_token(kit_venv: FreshVenv, tmp_path: Path) -> None:
    with serving_over_http(mock_app()) as url:
        done = kit_venv.run(
            "onlyoffice-crm-contract", "--url", url, cwd=empty_directory(tmp_path), timeout=25,
            env={"ONLYOFFICE_TOKEN": "not-the-token"},
        )  # fmt: skip

    assert (done.returncode, done.stdout) == (2, ""), done.stderr
    assert done.stderr.startswith("contract: ")
    assert "refuses the token (401)" in done.stderr
    assert len(done.stderr.splitlines()) == 1
    reports = tmp_path / "empty" / "reports"
    assert "no verdict: " in (reports / "contract-summary.txt").read_text(encoding="utf-8")
    assert {"contract-junit.xml", "contract-summary.md"} <= {path.name for path in reports.iterdir()}


@pytest.mark.timeout(30)
def test_exit_2_within_seconds_on_an_unreachable_url(kit_venv: FreshVenv, tmp_path: Path) -> None:
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]  # free once closed: nothing listens there
    done = kit_venv.run(
        "onlyoffice-crm-contract", "--url", f"http://127.0.0.1:{port}", "--token", TOKEN,
        cwd=empty_directory(tmp_path), timeout=25,
    )  # fmt: skip

    assert (done.returncode, done.stdout) == (2, ""), done.stderr
    assert f"cannot reach http://127.0.0.1:{port}" in done.stderr
    assert len(done.stderr.splitlines()) == 1


@pytest.mark.timeout(300)
def test_the_actions_install_step_installs_the_checker_from_the_actions_checkout(
    kit_venv: FreshVenv, tmp_path: Path
) -> None:
    # The kit is installed already, so pip builds the checkout and reinstalls the kit without new dependencies.
    checkout = copy_of_clone(tmp_path / "action")
    workspace = empty_directory(tmp_path)
    done = run_step(
        "Install the contract checker from this action's checkout", {}, workspace, kit_venv.path / "bin",
        action_path=checkout, timeout=280,
    )  # fmt: skip

    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert done.stdout.strip().endswith(f"onlyoffice-crm-contract {spec_version()}")
