"""The Markdown summary of a run (``contract-summary.md``), which the GitHub Action publishes on the job's summary
page: the verdict first, then the counts, coverage per kind, gaps, failures with their reproduce commands,
warnings, and the cases of each schemathesis check."""

from __future__ import annotations

from .coverage import Coverage
from .exit_codes import ExitCode
from .roles import impossible_lines, role_line
from .summary import (
    KIND_NAMES,
    busiest_second,
    grouped_check_failures,
    known_defect_lines,
    spec_version,
    test_failure_line,
    test_groups,
)
from .verdict import RunResult, Verdict

ICONS = {ExitCode.HOLDS: ":white_check_mark:", ExitCode.FAILURES: ":x:", ExitCode.PARTIAL: ":warning:"}


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _coverage_table(coverage: Coverage) -> list[str]:
    exempt: dict[str, int] = {}
    for item in coverage.counts:
        exempt[item.kind] = exempt.get(item.kind, 0) + coverage.is_exempt(item)
    rows = ["| documented | exercised | of | not checkable |", "|---|---|---|---|"]
    for kind, (done, of) in coverage.totals().items():
        rows.append(f"| {KIND_NAMES.get(kind, kind)} | {done} | {of} | {exempt.get(kind, 0)} |")
    return rows


def markdown_summary(result: RunResult, verdict: Verdict, artefacts: list[str]) -> str:
    """The whole Markdown summary."""
    icon = ICONS.get(verdict.code, ":no_entry:")
    lines = [f"## {icon} ONLYOFFICE CRM contract: {_cell(verdict.text)}", "",
             f"Exit code **{int(verdict.code)}**. Checked {_cell(result.label)} against the spec "
             f"{spec_version()}. Server version: {_cell(result.version)}.", ""]  # fmt: skip
    outcomes, record = result.outcomes, result.record
    if result.pytest_code is not None or record.exchanges:
        lines += [
            f"{_cell(role_line(outcomes))[:1].upper()}{_cell(role_line(outcomes))[1:]}.",
            "",
            "| checks passed | failed | warned | skipped | schemathesis cases | requests | busiest second |",
            "|---|---|---|---|---|---|---|",
            f"| {outcomes.passed} | {len(outcomes.failed)} | {outcomes.warned} | {outcomes.skipped} | "
            f"{sum(record.check_cases.values())} | {len(record.exchanges)} | {busiest_second(record.exchanges)} |",
            "",
        ]
    if result.coverage is not None:
        lines += ["### Coverage", "", *_coverage_table(result.coverage), ""]
        gaps = result.coverage.gaps
        if gaps:
            title = "Never exercised (fails the run)" if result.complete else "Not run"
            lines += [f"**{title}:** " + ", ".join(f"`{item}`" for item in gaps), ""]
    impossible = impossible_lines(outcomes, result.coverage)
    if impossible:
        title = "Impossible for this caller's role (not gaps, not failures)"
        lines += [f"### {title}", "", *(f"- {_cell(line.removeprefix('IMPOSSIBLE '))}" for line in impossible), ""]
    if outcomes.deselected:
        lines += [
            "**Tests left out by `-k`:** " + ", ".join(f"`{name}`" for name in test_groups(outcomes.deselected)),
            "",
        ]
    failures = grouped_check_failures(record.check_failures)
    if failures or outcomes.failed:
        lines += ["### Failures", ""]
        for check, found in failures.items():
            lines.append(f"- **{check}**, {len(found)} case(s): {_cell(found[0].title)}: {_cell(found[0].message)}")
            lines += [f"  - `{command}`" for command in dict.fromkeys(f.reproduce for f in found[:3]) if command]
        lines += [
            f"- {_cell(test_failure_line(nodeid, text).removeprefix('FAIL '))}" for nodeid, text in outcomes.failed
        ]
        lines.append("")
    warnings = known_defect_lines(outcomes.known_defects) + list(dict.fromkeys(outcomes.inconclusive))
    if warnings:
        lines += ["### Warnings", "", *(f"- {_cell(line)}" for line in warnings), ""]
    if record.check_cases:
        lines += ["<details><summary>schemathesis cases per check</summary>", "", "| check | cases |", "|---|---|"]
        lines += [f"| {name} | {count} |" for name, count in sorted(record.check_cases.items())]
        lines += ["", "</details>", ""]
    lines.append("Artefacts: " + ", ".join(f"`{name}`" for name in artefacts))
    return "\n".join(lines) + "\n"
