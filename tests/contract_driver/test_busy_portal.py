"""The runner against a mock portal that edits its invoices while it is read: the contract holds (a paging check
the portal changed under is a warning, not a failure), and the option is validated and reported."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path
from types import SimpleNamespace

import pytest

from onlyoffice_crm_contract.interface import INCONCLUSIVE_PROPERTY
from onlyoffice_crm_contract.runner import summary
from onlyoffice_crm_contract.runner.cli import main
from onlyoffice_crm_contract.runner.options import parser
from onlyoffice_crm_contract.runner.outcomes import TestOutcomes
from onlyoffice_crm_contract.runner.verdict import RunResult, decide
from onlyoffice_crm_contract.suite.paging import PagingCheck, PortalChangedWarning, report_inconclusive

from .test_run_contract import har_entries, run_runner

TOTAL = re.compile(r'^\{[^\[]*"total":(\d+)')


def totals_by_url(reports: Path) -> dict[str, set[int]]:
    """The ``total`` of every invoice list the run received, by request URL."""
    totals: dict[str, set[int]] = defaultdict(set)
    for entry in har_entries(reports):
        found = TOTAL.search(entry["response"]["content"].get("text", ""))  # a long body's text is cut
        if found:
            totals[entry["request"]["url"]].add(int(found[1]))
    return totals


@pytest.mark.timeout(240)
def test_nothing_fails_against_a_mock_portal_edited_at_every_request(tmp_path: Path) -> None:
    """One generated case per check (a partial run, exit 4): what it ran passed, under edits."""
    done = run_runner(tmp_path, CONTRACT_MAX_EXAMPLES="1", CONTRACT_MOCK_EDITS_PER_REQUEST="1")

    assert done.returncode == 4, done.stdout[-3000:] + done.stderr[-2000:]
    assert "1 edits per filter request" in done.stdout
    assert any(len(totals) > 1 for totals in totals_by_url(tmp_path).values()), "the portal never changed"
    assert "contract: partial: no verdict" in done.stdout
    assert "FAIL" not in done.stdout
    warned = [line for line in done.stdout.splitlines() if line.startswith("WARN inconclusive: ")]
    junit = ET.parse(tmp_path / "contract-junit.xml")
    recorded = {prop.get("value") for prop in junit.iter("property") if prop.get("name") == INCONCLUSIVE_PROPERTY}
    markdown = (tmp_path / "contract-summary.md").read_text("utf-8")
    assert len(warned) == min(len(recorded), summary.SHOWN_INCONCLUSIVE + 1), (warned, recorded)
    assert all(str(value).splitlines()[0] in markdown for value in recorded)  # every one, in the Markdown
    changed = re.compile(r"the portal changed during the check, in \d+ of \d+ (page walks|explicit cases)")
    assert all(changed.search(line) for line in warned[: summary.SHOWN_INCONCLUSIVE]), warned


def test_an_inconclusive_check_is_a_warn_line_of_the_summary_not_a_pass_or_a_failure() -> None:
    outcomes = TestOutcomes()
    line = "the portal changed during the check, in 2 of 10 page walks (neither passed nor failed)"
    for when in ("call", "teardown"):  # pytest attaches the properties to the report of each phase
        report = SimpleNamespace(
            nodeid="t.py::walk",
            when=when,
            failed=False,
            skipped=False,
            user_properties=[(INCONCLUSIVE_PROPERTY, line)],
        )
        outcomes.pytest_runtest_logreport(report)

    result = RunResult(outcomes=outcomes, pytest_code=0)
    lines = summary.summary_lines(result, decide(result), [])

    assert [item for item in lines if item.startswith("WARN")] == [f"WARN inconclusive: t.py::walk: {line}"]
    assert "checks: 1 passed, 0 failed, 1 warned" in "\n".join(lines)


@pytest.mark.parametrize(
    ("flags", "said"),
    [
        (["--mock-edits-per-request", "-1"], "CONTRACT_MOCK_EDITS_PER_REQUEST must be a number of at least 0"),
        (["--mock-edits-per-request", "nan"], "CONTRACT_MOCK_EDITS_PER_REQUEST must be a number of at least 0"),
        (["--mock-edits-per-request", "often"], "CONTRACT_MOCK_EDITS_PER_REQUEST must be a number of at least 0"),
        (
            ["--mock-edits-per-request", "0.1", "--base-url", "https://portal.example.com", "--token", "t"],
            "applies to the mock portal only",
        ),
    ],
    ids=["negative", "nan", "words", "live portal"],
)
def test_a_bad_edit_rate_is_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], flags: list[str], said: str
) -> None:
    assert main(flags) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert said in captured.err
    assert captured.err.count("\n") == 1


def test_the_edit_rate_is_in_the_help() -> None:
    text = parser().format_help()

    assert "--mock-edits-per-request RATE" in text
    assert "CONTRACT_MOCK_EDITS_PER_REQUEST" in text


def test_a_test_whose_checks_were_inconclusive_warns_once_and_records_one_property() -> None:
    still, busy = PagingCheck([], 1, False, "curl still"), PagingCheck([], 2, True, "curl busy")
    recorded: list[tuple[str, object]] = []

    with pytest.warns(PortalChangedWarning, match=r"^inconclusive: the portal changed during the check, in 2 of 3 "):
        line = report_inconclusive(
            [still, busy, busy], "page walks", lambda name, value: recorded.append((name, value))
        )

    assert recorded == [(INCONCLUSIVE_PROPERTY, line)]
    assert line is not None
    assert line.endswith("e.g. curl busy")
    assert report_inconclusive([still], "page walks", lambda name, value: recorded.append((name, value))) is None
    assert len(recorded) == 1
