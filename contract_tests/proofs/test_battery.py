"""The regression battery's mechanism, on a handful of its members, in-process (``make battery`` runs all of them
through the installed checker over HTTP): the baseline and a decoy pass the explicit cases their quirks
meet, and a few
regressions are each caught by the case made for them."""

from __future__ import annotations

import pytest

from contract_tests.proofs.battery import BASELINE, DECOYS, MEMBERS, REGRESSIONS, TOKEN, Member
from contract_tests.proofs.run_battery import Result, table, verdict
from onlyoffice_crm_contract.suite.explicit_cases import ExplicitCase, explicit_cases, sort_item
from onlyoffice_crm_contract.suite.reference import ReferenceHolder, decide, read_reference
from onlyoffice_crm_contract.suite.target import InProcessTarget

CASES = {case.name: case for case in explicit_cases()}
ISSUE_REGRESSIONS = {
    "error statusCode 200", "nextIndex dropped", "past the end: the last page", "total unfiltered on short pages",
    "page maximum 100", "currency case-sensitive", "filterValue case-sensitive", "issue dates exclusive",
    "issueDateTo not its whole day", "contact ties reversed descending", "null contacts first", "401 as JSON",
    "no charset", "count echoes the size asked", "one-invoice page as an object",
    "single match as an object",
}  # fmt: skip


WHOLE_DAY = "a day less a minute before an instant includes it (the whole day)"


def member(name: str) -> Member:
    return next(candidate for candidate in MEMBERS if candidate.name == name)


def problems(portal: Member, cases: list[ExplicitCase]) -> dict[str, list[str]]:
    """The explicit cases that fail against ``portal``, with their problems."""
    with InProcessTarget(portal.app(), TOKEN).client() as client:
        held = ReferenceHolder(read_reference(client))
        verdicts = {case.name: decide(client, case.check, held) for case in cases}
    return {name: found.problems for name, found in verdicts.items() if found.problems or found.inconclusive}


def test_the_battery_has_forty_regressions_five_decoys_and_the_issues_list() -> None:
    names = [candidate.name for candidate in MEMBERS]

    assert len(names) == len(set(names))
    assert len(REGRESSIONS) >= 40
    assert len(DECOYS) >= 5
    assert {regression.name for regression in REGRESSIONS} >= ISSUE_REGRESSIONS
    assert all(candidate.imitates and "\n" not in candidate.imitates for candidate in MEMBERS)


def meets_the_quirks(case: ExplicitCase) -> bool:
    """The cases the baseline's quirks bear on: paging and ``total`` (the count cache), the sorts with ties, and
    the 401 (IIS's page); the battery runs every case on every member."""
    quirky = {"parameter count", "HTTP 401"} | {
        sort_item(key, order) for key in ("issueDate", "dueDate", "status") for order in ("ascending", "descending")
    }
    return bool(case.covers & quirky)


@pytest.mark.parametrize("portal", [BASELINE, member("count cache for any text")], ids=lambda m: m.name)
def test_the_baseline_and_a_decoy_pass_the_cases_their_quirks_meet(portal: Member) -> None:
    assert problems(portal, [case for case in CASES.values() if meets_the_quirks(case)]) == {}


@pytest.mark.parametrize(
    ("regression", "case"),
    [
        ("nextIndex dropped", "nextIndex exactly while more pages exist"),
        ("null contacts first", "sortBy=contact: invoices without a contact last"),
        ("issueDateTo not its whole day", f"issueDateTo {WHOLE_DAY}"),
        ("no charset", "a 200 is JSON with its charset"),
        ("total unfiltered on short pages", "a filtered result pages to its own end"),
    ],
)
def test_a_regression_is_caught_by_its_explicit_case(regression: str, case: str) -> None:
    assert case in problems(member(regression), [CASES[case]])


def test_the_table_counts_a_regression_passed_and_a_decoy_failed_as_missed_goals() -> None:
    baseline = Result(BASELINE, 0, 1.0, [], {"known"})
    caught = Result(REGRESSIONS[0], 1, 1.0, ["FAIL ..."], {"known", "new"})
    missed = Result(REGRESSIONS[1], 0, 1.0, [], {"known"})
    failed_decoy = Result(DECOYS[0], 1, 1.0)
    refused = Result(REGRESSIONS[2], 2, 1.0, ["contract: http://127.0.0.1:1 answered 200 with JSON that is not ..."])
    broken_run = Result(REGRESSIONS[3], 2, 1.0, ["contract: pytest could not run the suite (exit code 4)"])

    assert verdict(refused, None)[0::2] == ("refused by the preflight (exit 2)", True)
    assert verdict(broken_run, None)[0::2] == ("error (exit 2)", False)

    assert verdict(caught, baseline.schemathesis_failures) == ("caught", "caught", True)
    assert verdict(missed, baseline.schemathesis_failures) == ("passed", "passed", False)
    assert verdict(failed_decoy, baseline.schemathesis_failures)[2] is False
    summary = table([baseline, caught, missed, failed_decoy], 30)[-1]
    assert "checker 1 of 2, plain schemathesis 1 of 2" in summary
    assert "Goals met: 2 of 4." in summary
