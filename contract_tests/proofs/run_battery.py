"""Run the regression battery: the checker and plain ``schemathesis run`` against every member, served over HTTP
on a free loopback port; print the table (caught or passed) and, with ``--docs``, write it to the contract page.

    python -m contract_tests.proofs.run_battery [--max-examples N] [--workers N] [--only NAME ...] [--merge]
                                                [--docs PATH]

The checker's column is its exit code (1: caught; 2: refused by its preflight, which fails a CI job too; 0, or 4
for a run narrowed by ``--max-examples``: passed). Each run's results are kept in ``--results`` (JSON); with
``--merge`` a run of some members (``--only``) replaces theirs there, and the table shows every member kept.
Plain schemathesis runs GET only with the same ``--max-examples``; a member counts as caught when it shows a
failure (check and title) that the baseline does not also show.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import onlyoffice_crm_spec as spec
from contract_tests.proofs.battery import BASELINE, MEMBERS, TOKEN, Member
from contract_tests.proofs.serving import serving_over_http

BIN = Path(sys.executable).parent
START, END = "<!-- battery:start -->", "<!-- battery:end -->"
PASSING_EXITS = {0, 4}
CAUGHT_EXIT = 1
PREFLIGHT_EXIT = 2
PREFLIGHT_REFUSAL = re.compile(r"^contract: https?://\S+ ")
"""How the checker's preflight names the portal it refused (other exits 2 are errors of the run itself)."""


@dataclass
class Result:
    """What the checker and plain schemathesis made of one member."""

    member: Member
    checker_exit: int
    checker_seconds: float
    checker_failures: list[str] = field(default_factory=list)
    schemathesis_failures: set[str] = field(default_factory=set)
    schemathesis_seconds: float = 0.0

    @property
    def refused_by_preflight(self) -> bool:
        """The checker's preflight refused the portal (exit 2, naming it)."""
        return self.checker_exit == PREFLIGHT_EXIT and any(map(PREFLIGHT_REFUSAL.match, self.checker_failures))

    @property
    def checker_caught(self) -> bool | None:
        """True when it failed the member, False when it passed it, None for any other exit (an error)."""
        if self.checker_exit == CAUGHT_EXIT or self.refused_by_preflight:
            return True
        return False if self.checker_exit in PASSING_EXITS else None


def run_checker(url: str, max_examples: int, reports: Path) -> tuple[int, list[str]]:
    """The installed checker against ``url``: its exit code and the lines saying what failed (its ``FAIL`` lines,
    or the last line of standard error)."""
    command = [str(BIN / "onlyoffice-crm-contract"), "--url", url, "--token", TOKEN, "--rate-limit", "0",
               "--max-examples", str(max_examples), "--report-dir", str(reports)]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, timeout=1800, check=False)
    failed = [line[:300] for line in done.stdout.splitlines() if line.startswith("FAIL")]
    if done.returncode not in PASSING_EXITS and not failed:
        failed = [line[:300] for line in done.stderr.strip().splitlines()[-1:]]
    return done.returncode, failed


def run_schemathesis(url: str, max_examples: int, reports: Path) -> set[str]:
    """Plain ``schemathesis run`` of the spec, GET only: the failures it reports, as ``check: title``."""
    junit = reports / "schemathesis-junit.xml"
    command = [str(BIN / "schemathesis"), "run", str(spec.spec_path()), "--url", url, "--include-method", "GET",
               "-H", f"Authorization: {TOKEN}", "--max-examples", str(max_examples), "--seed", "1",
               "--report", "junit", "--report-junit-path", str(junit), "--no-color"]  # fmt: skip
    subprocess.run(command, capture_output=True, text=True, timeout=1800, check=False)
    if not junit.is_file():
        return {"schemathesis wrote no report"}
    failures = set()
    for element in ElementTree.parse(junit).iter():
        if element.tag in ("failure", "error"):
            # The text lists each failing case as "- <code> <title>" (e.g. "- ST201 Schema-violating request
            # accepted"); a failure is that check, whichever case showed it.
            text = element.text or element.get("message") or "failure"
            failures |= set(re.findall(r"^- (\S.*?)\s*$", text, re.MULTILINE)) or {text.strip()[:120]}
    return failures


def run_member(member: Member, max_examples: int, with_schemathesis: bool) -> Result:
    """Serve ``member`` and run both columns against it."""
    with tempfile.TemporaryDirectory() as folder, serving_over_http(member.app()) as url:
        started = time.monotonic()
        code, failed = run_checker(url, max_examples, Path(folder))
        result = Result(member, code, time.monotonic() - started, failed)
    if with_schemathesis:
        with tempfile.TemporaryDirectory() as folder, serving_over_http(member.app()) as url:
            started = time.monotonic()
            result.schemathesis_failures = run_schemathesis(url, max_examples, Path(folder))
            result.schemathesis_seconds = time.monotonic() - started
    print(f"  {member.kind:10} {member.name:40} checker exit {code} ({result.checker_seconds:.0f} s) "
          f"{' / '.join(failed)[:400]}", flush=True)  # fmt: skip
    return result


def verdict(result: Result, baseline: set[str] | None) -> tuple[str, str, bool]:
    """The checker's word, schemathesis's word, and whether the checker met the member's goal."""
    caught = result.checker_caught
    checker = {True: "caught", False: "passed", None: f"error (exit {result.checker_exit})"}[caught]
    if result.refused_by_preflight:
        checker = "refused by the preflight (exit 2)"
    plain = "-"
    if baseline is not None:
        plain = "caught" if result.schemathesis_failures - baseline else "passed"
    goal = caught is True if result.member.kind == "regression" else caught is False
    return checker, plain, goal


def table(results: Iterable[Result], max_examples: int) -> list[str]:
    """The battery as a Markdown table, with its totals."""
    listed = list(results)
    baseline = next((r.schemathesis_failures for r in listed if r.member is BASELINE), None)
    rows = ["| portal | kind | imitates | checker | plain schemathesis |", "|---|---|---|---|---|"]
    met = 0
    plain_caught = checker_caught = regressions = 0
    for result in listed:
        checker, plain, goal = verdict(result, baseline)
        met += goal
        if result.member.kind == "regression":
            regressions += 1
            checker_caught += result.checker_caught is True
            plain_caught += plain == "caught"
        mark = "" if goal else " ✗"
        rows.append(f"| {result.member.name} | {result.member.kind} | {result.member.imitates} | {checker}{mark} "
                    f"| {plain} |")  # fmt: skip
    others = len(listed) - regressions
    rows += ["", f"Regressions caught: checker {checker_caught} of {regressions}, plain schemathesis "
             f"{plain_caught} of {regressions} (GET only, the same `--max-examples {max_examples}`, failures the "
             f"baseline also shows not counted). Baseline, plain mock and decoys passed by the checker: "
             f"{sum(1 for r in listed if r.member.kind != 'regression' and r.checker_caught is False)} of {others}. "
             f"Goals met: {met} of {len(listed)}."]  # fmt: skip
    return rows


def save(results: list[Result], path: Path, merge: bool) -> list[Result]:
    """Keep ``results`` in ``path`` (with ``merge``, over those kept there); every kept result, in battery order."""
    kept: dict[str, dict[str, object]] = {}
    if merge and path.is_file():
        kept = json.loads(path.read_text(encoding="utf-8"))
    for result in results:
        kept[result.member.name] = {
            "checker_exit": result.checker_exit, "checker_seconds": round(result.checker_seconds, 1),
            "checker_failures": result.checker_failures,
            "schemathesis_failures": sorted(result.schemathesis_failures),
            "schemathesis_seconds": round(result.schemathesis_seconds, 1),
        }  # fmt: skip
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(kept, indent=1, sort_keys=True), encoding="utf-8")
    by_name = {member.name: member for member in MEMBERS}
    return [
        Result(by_name[name], int(str(kept[name]["checker_exit"])), float(str(kept[name]["checker_seconds"])),
               list(map(str, kept[name].get("checker_failures", []))),  # type: ignore[call-overload]
               set(map(str, kept[name]["schemathesis_failures"])), float(str(kept[name]["schemathesis_seconds"])))  # type: ignore[call-overload]
        for name in by_name if name in kept
    ]  # fmt: skip


def write_docs(path: Path, rows: list[str]) -> None:
    """Replace the table between the battery markers of ``path`` (they must be there)."""
    text = path.read_text(encoding="utf-8")
    before, _, rest = text.partition(START)
    _, found, after = rest.partition(END)
    if not found:
        raise SystemExit(f"{path} has no {START} ... {END} section")
    path.write_text(f"{before}{START}\n" + "\n".join(rows) + f"\n{END}{after}", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    """Run the battery; exit 1 when a goal is missed (a regression passed, or a portal that must pass failed)."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--max-examples", type=int, default=30)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--only", nargs="*", default=None, help="members whose names contain one of these")
    parser.add_argument("--no-schemathesis", action="store_true")
    parser.add_argument("--docs", type=Path, default=None, help="write the table to this page's battery section")
    parser.add_argument("--results", type=Path, default=Path("reports/battery.json"))
    parser.add_argument("--merge", action="store_true", help="update the kept results instead of replacing them")
    options = parser.parse_args(argv)
    members = [m for m in MEMBERS if options.only is None or any(part in m.name for part in options.only)]
    if not options.no_schemathesis and BASELINE not in members:
        members.insert(0, BASELINE)  # schemathesis's column counts only what the baseline does not show
    print(f"battery: {len(members)} portals, --max-examples {options.max_examples}", flush=True)
    with ThreadPoolExecutor(max_workers=options.workers) as pool:
        results = list(pool.map(lambda m: run_member(m, options.max_examples, not options.no_schemathesis), members))
    results = save(results, options.results, options.merge)
    rows = table(results, options.max_examples)
    print("\n".join(rows))
    if options.docs is not None:
        write_docs(options.docs, rows)
    return 0 if all(verdict(r, None)[2] for r in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
