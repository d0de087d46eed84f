"""The text summary a person reads at the end of a run (also ``contract-summary.txt``): what was checked, the
counts, the coverage totals and gaps, failures grouped with a reproduce command, each warning once, the verdict.

A passing run's summary fits on one screen; the per-check case counts and every coverage count are in the
Markdown summary and the coverage file.
"""

from __future__ import annotations

import re
import textwrap
from collections import defaultdict
from collections.abc import Iterable

import onlyoffice_crm_spec as spec

from ..interface import CheckFailure
from .coverage import Coverage
from .roles import impossible_lines, role_line
from .run_record import Exchange
from .verdict import RunResult, Verdict

PREFIX = "contract:"
WIDTH = 118
SHOWN_INCONCLUSIVE = 5  # the rest are in the Markdown summary: a busy portal's run still fits on one screen
KIND_NAMES = {"parameter": "parameters", "value": "values", "sort": "sort keys x directions", "status": "statuses",
              "field": "response fields"}  # fmt: skip
_DEFECT = re.compile(r"(?P<id>[\w-]+): GET \S+?\?(?P<request>\S*) answered (?P<answer>.*)$")
_REPRODUCE = re.compile(r"reproduce: (curl .*?)(?:'\)?$|$)", re.MULTILINE)


def spec_version() -> str:
    """The spec's ``info.version``."""
    return str(spec.load_spec()["info"]["version"])


def busiest_second(exchanges: list[Exchange]) -> int:
    """The most requests that left within any one second."""
    moments = sorted(exchange.started for exchange in exchanges)
    most, first = 0, 0
    for last, moment in enumerate(moments):
        while moment - moments[first] >= 1.0:
            first += 1
        most = max(most, last - first + 1)
    return most


def test_failure_line(nodeid: str, text: str) -> str:
    """One failed test: its first error line and a command that reproduces it."""
    lines = [line.strip() for line in text.splitlines() if line.strip().startswith("E ")]
    first = (lines[0][1:].strip() if lines else "failed")[:200]
    first = re.sub(r";?\s*reproduce:.*", "", first)
    found = _REPRODUCE.search(text)
    test_name = nodeid.rpartition("::")[2].partition("[")[0]
    reproduce = found.group(1).strip() if found else f"onlyoffice-crm-contract -k '{test_name}' (same target options)"
    return f"FAIL {nodeid}: {first} | reproduce: {reproduce}"


def grouped_check_failures(failures: Iterable[CheckFailure]) -> dict[str, list[CheckFailure]]:
    """The schemathesis failures by check, in check order."""
    by_check: dict[str, list[CheckFailure]] = defaultdict(list)
    for failure in failures:
        by_check[failure.check].append(failure)
    return dict(sorted(by_check.items()))


def wrapped(head: str, names: Iterable[str]) -> list[str]:
    """``head`` and the names, comma-separated, wrapped to the summary's width."""
    return textwrap.wrap(f"{head} {', '.join(names)}", WIDTH, subsequent_indent="  ", break_on_hyphens=False)


def test_groups(nodeids: Iterable[str]) -> list[str]:
    """Test ids with their parametrized cases counted: ``test_x.py::test_y (12 cases)``."""
    cases: dict[str, int] = {}
    for nodeid in nodeids:
        function = nodeid.partition("[")[0]
        cases[function] = cases.get(function, 0) + 1
    return [f"{function} ({count} cases)" if count > 1 else function for function, count in cases.items()]


def coverage_totals(coverage: Coverage) -> str:
    """``13/13 parameters, ...``: per kind, the items exercised of those a run can exercise."""
    totals = coverage.totals()
    exempt = sum(coverage.is_exempt(item) for item in coverage.counts)
    parts = [f"{done}/{of} {KIND_NAMES.get(kind, kind)}" for kind, (done, of) in totals.items()]
    return ", ".join(parts) + (f"; {exempt} not checkable (the spec's x-not-checkable)" if exempt else "")


def _counts(result: RunResult) -> list[str]:
    outcomes, record = result.outcomes, result.record
    tests = outcomes.passed + len(outcomes.failed) + outcomes.skipped
    cases = sum(record.check_cases.values())
    limit = f"limit {result.rate_limit}" if result.rate_limit else "no limit"
    return [
        f"{PREFIX} checks: {outcomes.passed} passed, {len(outcomes.failed)} failed, {outcomes.warned} warned, "
        f"{outcomes.skipped} skipped (of {tests} tests); schemathesis: {cases} cases through "
        f"{len(record.check_cases)} checks, {len(record.check_failures)} failed",
        f"{PREFIX} {len(record.exchanges)} requests over HTTP, at most {busiest_second(record.exchanges)} in any "
        f"second ({limit})",
    ]


def _coverage_lines(result: RunResult) -> list[str]:
    coverage = result.coverage
    if coverage is None:
        return []
    lines = [f"{PREFIX} coverage: {coverage_totals(coverage)}"]
    gaps = [str(item) for item in coverage.gaps]
    if gaps and not result.complete:
        lines += wrapped(f"{PREFIX} not run ({len(gaps)} documented items no request exercised):", gaps)
    elif gaps:
        lines += wrapped(f"GAP never exercised ({len(gaps)} documented items):", gaps)
    return lines


def _failure_lines(result: RunResult) -> list[str]:
    lines = []
    for check, failures in grouped_check_failures(result.record.check_failures).items():
        first = failures[0]
        lines.append(f"FAIL [{check}] {len(failures)} case(s): {first.title}: {first.message}")
        lines += [f"  reproduce: {command}" for command in dict.fromkeys(f.reproduce for f in failures[:3])]
    # The test a signal stopped may have failed because it was stopped: not a finding.
    stopped = result.during if result.signal_number else None
    return lines + [test_failure_line(nodeid, text) for nodeid, text in result.outcomes.failed if nodeid != stopped]


def known_defect_lines(reported: Iterable[str]) -> list[str]:
    """Each known defect once: the requests that showed it on one line (``id: GET path?query answered ...``)."""
    grouped: dict[tuple[str, str], list[str]] = {}
    for line in dict.fromkeys(reported):
        found = _DEFECT.match(line)
        if found is None:
            grouped[(line, "")] = []
        else:
            grouped.setdefault((found["id"], found["answer"]), []).append(found["request"])
    return [
        f"{defect}: {len(requests)} request(s) ({', '.join(requests)}) answered {answer}" if requests else defect
        for (defect, answer), requests in grouped.items()
    ]


def _warning_lines(result: RunResult) -> list[str]:
    lines = [f"WARN known server defect {line}" for line in known_defect_lines(result.outcomes.known_defects)]
    doubts = list(dict.fromkeys(result.outcomes.inconclusive))
    lines += [f"WARN inconclusive: {line}" for line in doubts[:SHOWN_INCONCLUSIVE]]
    if len(doubts) > SHOWN_INCONCLUSIVE:
        lines.append(f"WARN inconclusive: {len(doubts) - SHOWN_INCONCLUSIVE} more (contract-summary.md lists all)")
    for retry in result.record.retries:
        lines.append(f"WARN {retry.status} waited out ({retry.waited_s:g} s) and retried: {retry.method} {retry.url}")
    return lines


def summary_lines(result: RunResult, verdict: Verdict, artefacts: list[str]) -> list[str]:
    """The whole text summary, the verdict last."""
    lines = [
        f"{PREFIX} checked {result.label} against the spec {spec_version()} (GET {spec.FILTER_PATH})",
        f"{PREFIX} server version: {result.version}",
    ]
    if result.pytest_code is not None or result.record.exchanges:
        lines.append(f"{PREFIX} {role_line(result.outcomes)}")
        lines += _counts(result)
    lines += _coverage_lines(result)
    for line in impossible_lines(result.outcomes, result.coverage):
        lines += textwrap.wrap(line, WIDTH, subsequent_indent="  ", break_on_hyphens=False)
    if result.outcomes.deselected:
        deselected = result.outcomes.deselected
        lines += wrapped(f"{PREFIX} not run ({len(deselected)} tests left out by -k):", test_groups(deselected))
    lines += _failure_lines(result) + _warning_lines(result)
    lines.append(f"{PREFIX} artefacts: {', '.join(artefacts)}")
    lines.append(f"{PREFIX} {verdict.text}")
    return lines
