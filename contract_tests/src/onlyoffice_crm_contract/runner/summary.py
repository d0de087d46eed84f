"""The summary a person reads at the end of a run, and the outcomes of the tests it counts."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from ..interface import INCONCLUSIVE_PROPERTY, KNOWN_DEFECT_PROPERTY
from .run_record import Exchange, RunRecord

_REPRODUCE = re.compile(r"reproduce: (curl .*?)(?:'\)?$|$)", re.MULTILINE)


@dataclass
class TestOutcomes:
    """The outcome of each target-facing test, its failures and its warnings (fed by ``plugin.RunPlugin``)."""

    passed: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    skipped: int = 0
    known_defects: list[str] = field(default_factory=list)
    inconclusive: list[str] = field(default_factory=list)

    def pytest_runtest_logreport(self, report: Any) -> None:
        """Count each test once (its call, or the phase that failed or skipped it)."""
        self.known_defects += [str(value) for name, value in report.user_properties if name == KNOWN_DEFECT_PROPERTY]
        self.inconclusive += [
            f"{report.nodeid}: {value}" for name, value in report.user_properties if name == INCONCLUSIVE_PROPERTY
        ]
        if report.failed:
            self.failed.append((report.nodeid, report.longreprtext))
        elif report.skipped:
            self.skipped += 1
        elif report.when == "call":
            self.passed += 1


def busiest_second(exchanges: list[Exchange]) -> int:
    """The most requests that left within any one second."""
    moments = sorted(exchange.started for exchange in exchanges)
    most, first = 0, 0
    for last, moment in enumerate(moments):
        while moment - moments[first] >= 1.0:
            first += 1
        most = max(most, last - first + 1)
    return most


def _test_failure_line(nodeid: str, text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip().startswith("E ")]
    first = (lines[0][1:].strip() if lines else "failed")[:200]
    first = re.sub(r";?\s*reproduce:.*", "", first)
    found = _REPRODUCE.search(text)
    test_name = nodeid.rpartition("::")[2].partition("[")[0]
    reproduce = found.group(1).strip() if found else f"onlyoffice-crm-contract -k '{test_name}' (same target options)"
    return f"FAIL {nodeid}: {first} | reproduce: {reproduce}"


def summary_lines(
    target: str, version: str, outcomes: TestOutcomes, record: RunRecord, rate_limit: int, artefacts: list[str]
) -> list[str]:
    """Target, version, cases per check, failures grouped by check with a reproduce command, warnings."""
    lines = [f"contract: target {target}", f"contract: server version: {version}"]
    if record.check_cases:
        width = max(map(len, record.check_cases))
        lines.append("contract: schemathesis cases per check:")
        lines += [f"  {name:<{width}}  {count}" for name, count in sorted(record.check_cases.items())]
    limit = f"limit {rate_limit}" if rate_limit else "no limit"
    lines.append(
        f"contract: {len(record.exchanges)} requests over HTTP, at most {busiest_second(record.exchanges)} in any "
        f"second ({limit}); tests: {outcomes.passed} passed, {len(outcomes.failed)} failed, {outcomes.skipped} skipped"
    )
    by_check: dict[str, list[Any]] = defaultdict(list)
    for failure in record.check_failures:
        by_check[failure.check].append(failure)
    for check, failures in sorted(by_check.items()):
        first = failures[0]
        lines.append(f"FAIL [{check}] {len(failures)} case(s): {first.title}: {first.message}")
        lines += [f"  reproduce: {command}" for command in dict.fromkeys(f.reproduce for f in failures[:3])]
    lines += [_test_failure_line(nodeid, text) for nodeid, text in outcomes.failed]
    lines += [f"WARN known server defect: {line}" for line in dict.fromkeys(outcomes.known_defects)]
    lines += [f"WARN inconclusive: {line}" for line in dict.fromkeys(outcomes.inconclusive)]
    for retry in record.retries:
        lines.append(f"WARN {retry.status} waited out ({retry.waited_s:g} s) and retried: {retry.method} {retry.url}")
    lines.append(f"contract: artefacts: {', '.join(artefacts)}")
    return lines
