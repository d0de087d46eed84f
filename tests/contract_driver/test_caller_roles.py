"""The checker and its caller's role (the spec's ``x-caller-roles``): ``--role`` (``CONTRACT_ROLE``, ``make contract
ROLE=...``) or inferred from the filter's own answers; the role in the summary; what the role made impossible
listed as impossible for that role, never a gap or a failure."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace

import httpx
import pytest

from onlyoffice_crm_contract.runner.coverage import measure
from onlyoffice_crm_contract.runner.exit_codes import ExitCode
from onlyoffice_crm_contract.runner.options import UsageError, settings
from onlyoffice_crm_contract.runner.outcomes import TestOutcomes
from onlyoffice_crm_contract.runner.preflight import PreflightError, check_target
from onlyoffice_crm_contract.runner.roles import impossible_lines, limit_coverage, role_line
from onlyoffice_crm_contract.runner.summary import summary_lines
from onlyoffice_crm_contract.runner.verdict import HOLDS, RunResult, decide
from onlyoffice_crm_contract.suite.roles import infer_role, resolve_caller_role
from onlyoffice_crm_contract.suite.target import InProcessTarget
from onlyoffice_mock_portal.app import create_app
from onlyoffice_mock_portal.config import PortalConfig
from onlyoffice_mock_portal.process import mock_portal_process

from .test_verdict import exercising_everything

ROOT = Path(__file__).resolve().parents[2]
FORBIDDEN = b'{"status":1,"statusCode":403,"error":{"message":"Forbidden","hresult":-2147467259,"data":{}}}'


def answer(status: int, body: bytes) -> httpx.Response:
    return httpx.Response(status, content=body, request=httpx.Request("GET", "http://portal.test/"))


def skipped(nodeid: str, reason: str) -> SimpleNamespace:
    return SimpleNamespace(
        nodeid=nodeid, when="setup", failed=False, skipped=True, user_properties=[],
        longrepr=("suite/roles.py", 60, f"Skipped: {reason}"),
    )  # fmt: skip


# --- the role: given or inferred -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "told"),
    [("admin", "admin (inferred from canDelete true on all 40 invoices read)"),
     ("user", "user (inferred from canDelete false on invoice "),
     ("guest", "guest (inferred from the 403 envelope on the first read)")],
)  # fmt: skip
def test_the_role_is_inferred_from_the_filters_own_answer(role: str, told: str) -> None:
    config = PortalConfig(invoices=40, rate_limit=0, role=role)
    with InProcessTarget(create_app(config), config.token).client() as client:
        caller = resolve_caller_role("auto", client)

    assert caller.name == role
    assert caller.inferred
    assert caller.describe().startswith(told)


def test_a_given_role_is_taken_as_given_and_an_unknown_one_is_refused() -> None:
    config = PortalConfig(invoices=5, rate_limit=0)
    with InProcessTarget(create_app(config), config.token).client() as client:
        assert resolve_caller_role("user", client).describe() == "user (given by --role)"
        with pytest.raises(ValueError, match="admin, user, guest or auto"):
            resolve_caller_role("owner", client)


def test_an_answer_without_invoices_or_not_json_is_assumed_admin_and_says_so() -> None:
    assert "assumed admin" in infer_role(answer(200, b'{"response": []}')).how
    assert infer_role(answer(200, b"<html>")).name == "admin"
    assert infer_role(answer(403, b"")).name == "admin"  # an empty 403 is Global.asax's, not a guest's envelope


@pytest.mark.parametrize("value", ["admin", "user", "guest", "auto", " User "])
def test_the_role_flag_and_its_variable(value: str, monkeypatch: pytest.MonkeyPatch) -> None:
    assert settings(["--role", value]).role == value.strip().lower()
    monkeypatch.setenv("CONTRACT_ROLE", value)
    assert settings([]).role == value.strip().lower()


def test_the_mock_answers_as_the_given_role_and_as_an_admin_for_auto() -> None:
    assert settings(["--role", "guest"]).mock_role == "guest"
    assert settings([]).mock_role == "admin"
    with pytest.raises(UsageError, match="CONTRACT_ROLE must be one of admin, user, guest, auto"):
        settings(["--role", "root"])


def test_the_preflight_accepts_a_guests_403_envelope_only_when_a_guest_is_allowed() -> None:
    transport = httpx.MockTransport(lambda request: httpx.Response(403, content=FORBIDDEN))

    assert check_target("http://portal.test", "t", transport, guest_allowed=True).status == 403
    with pytest.raises(PreflightError, match="403"):
        check_target("http://portal.test", "t", transport)
    empty = httpx.MockTransport(lambda request: httpx.Response(403, content=b""))
    with pytest.raises(PreflightError, match="403"):
        check_target("http://portal.test", "t", empty, guest_allowed=True)


# --- what the role made impossible -----------------------------------------------------------------------------


def test_a_check_skipped_for_the_role_is_listed_as_impossible_not_as_any_skip() -> None:
    outcomes = TestOutcomes()
    outcomes.pytest_runtest_logreport(skipped("t.py::test_a[x]", "impossible for a user: a reason"))
    outcomes.pytest_runtest_logreport(skipped("t.py::test_a[y]", "impossible for a user: a reason"))
    outcomes.pytest_runtest_logreport(skipped("t.py::test_b", "the portal's data cannot serve this case"))

    assert outcomes.skipped == 3
    assert outcomes.impossible == [("t.py::test_a[x]", "impossible for a user: a reason"),
                                   ("t.py::test_a[y]", "impossible for a user: a reason")]  # fmt: skip
    assert impossible_lines(outcomes, None) == [
        "IMPOSSIBLE 2 test(s) (t.py::test_a[x; y]): impossible for a user: a reason"
    ]


def test_a_guests_run_lists_the_200_answer_as_impossible_for_its_role_and_holds_saying_so() -> None:
    """No 200 answer at all: a gap of every 200 field for an admin, impossible for a guest."""
    without_200 = [
        exchange if exchange.status != 200 else replace(exchange, status=403, response_body=FORBIDDEN.decode())
        for exchange in exercising_everything()
    ]
    outcomes = TestOutcomes(caller_role=("guest", "given by --role"))
    outcomes.pytest_runtest_logreport(skipped("t.py::test_a", "impossible for a guest: needs invoices"))
    as_admin = decide(RunResult(pytest_code=0, coverage=measure(without_200)))
    coverage = limit_coverage(measure(without_200), "guest")
    result = RunResult(pytest_code=0, coverage=coverage, outcomes=outcomes)
    verdict = decide(result)

    assert as_admin.code == ExitCode.FAILURES
    assert coverage.gaps == []
    assert "status 200" in coverage.impossible
    assert verdict.code == ExitCode.HOLDS
    assert verdict.text.startswith(f"{HOLDS} for a guest: 1 check(s) and ")
    lines = summary_lines(result, verdict, [])
    assert "contract: caller role: guest (given by --role)" in lines
    assert any(line.startswith("IMPOSSIBLE 1 test(s) (t.py::test_a): impossible for a guest") for line in lines)
    assert not any(line.startswith("GAP") for line in lines)


def test_an_admins_run_that_nothing_made_impossible_keeps_the_plain_verdict() -> None:
    outcomes = TestOutcomes(caller_role=("admin", "inferred from canDelete true on all 300 invoices read"))
    coverage = limit_coverage(measure(exercising_everything()), "admin")

    assert decide(RunResult(pytest_code=0, coverage=coverage, outcomes=outcomes)).text == HOLDS
    assert role_line(outcomes) == "caller role: admin (inferred from canDelete true on all 300 invoices read)"
    assert role_line(TestOutcomes()) == "caller role: not told (the suite's role check did not run)"


# --- the checker, end to end -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "told"),
    [("user", "contract: caller role: user (inferred from canDelete false on invoice "),
     ("guest", "contract: caller role: guest (inferred from the 403 envelope on the first read)")],
)  # fmt: skip
def test_the_checker_infers_a_portals_role_and_names_it_in_the_summary(role: str, told: str, tmp_path: Path) -> None:
    """A "live" portal (a mock process answering as ``role``), the role checks only (``-k``: a partial run)."""
    with mock_portal_process("--token", "t0ken", "--invoices", "30", "--rate-limit", "0", "--role", role) as portal:
        environment = {**os.environ, "ONLYOFFICE_URL": portal.url, "ONLYOFFICE_TOKEN": "t0ken",
                       "CONTRACT_RATE_LIMIT": "0", "CONTRACT_REPORTS": str(tmp_path)}  # fmt: skip
        done = subprocess.run(
            [sys.executable, "-m", "onlyoffice_crm_contract.runner", "-k", "caller_role"], cwd=ROOT,
            env=environment, capture_output=True, text=True, timeout=120, check=False,
        )  # fmt: skip

    assert done.returncode == ExitCode.PARTIAL, done.stdout[-3000:] + done.stderr[-2000:]
    assert told in done.stdout
    assert ", 0 failed, " in done.stdout
    assert (tmp_path / "contract-summary.md").read_text("utf-8").count("Caller role: ") == 1
