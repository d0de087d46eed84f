"""``python -m tools.change_cost [NAME ...] [--head] [--keep] [--workers N] [--jobs N] [--paths TEST ...]``.

Exit codes: 0 every change was tried (whatever its tests said: this is a measurement, not a gate); 1 a step
other than the tests failed for some change (the clone, its environment, the patch); 2 bad input (an unknown
change name, a patch that changes more than the spec).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from . import sandbox
from .changes import Change, ChangeError, select
from .outcome import Outcome
from .parts import Part

REPOSITORY = Path(__file__).resolve().parents[2]
EXIT_OK, EXIT_SETUP_FAILED, EXIT_BAD_INPUT = 0, 1, 2
SHOWN_PER_PART = 8
"""Distinct failure messages shown per part (one test id each, with how many others said the same)."""
MESSAGE_WIDTH = 300


@dataclass
class Trial:
    """What trying one change gave."""

    change: Change
    problem: str = ""
    setup: sandbox.Step | None = None
    generated: sandbox.Step | None = None
    tests: sandbox.Step | None = None
    outcome: Outcome = field(default_factory=lambda: Outcome((), ""))
    seconds: float = 0.0

    @property
    def failing_parts(self) -> dict[Part, int]:
        """How many tests fail in each part; a failed ``make generate`` counts for the generated client."""
        counts = {part: len(failures) for part, failures in self.outcome.by_part().items()}
        if self.generated is not None and not self.generated.ok:
            counts[Part.GENERATED] = counts.get(Part.GENERATED, 0) + 1
        return {part: counts[part] for part in Part if part in counts}


def parse_arguments(argv: Sequence[str]) -> argparse.Namespace:
    """The command line; ``--help`` documents the exit codes."""
    parser = argparse.ArgumentParser(
        prog="change_cost",
        description="Apply each committed spec change in a temporary clone, regenerate, run the tests, and list "
        "the parts whose tests fail.",
        epilog="exit codes: 0 every change was tried, 1 a clone, environment or patch step failed, 2 bad input",
    )
    parser.add_argument("names", nargs="*", help="changes to try (name or number; default: all)")
    parser.add_argument("--head", action="store_true", help="clone HEAD only, without the working tree's changes")
    parser.add_argument("--keep", action="store_true", help="keep the temporary clones and print where they are")
    parser.add_argument("--workers", default="auto", help="pytest-xdist workers for each suite (default: auto)")
    parser.add_argument(
        "--jobs", type=int, default=1, help="changes tried at the same time (default: 1; the suites wait a lot)"
    )
    parser.add_argument("--paths", nargs="+", default=[], help="test paths to run (default: the whole suite)")
    parser.add_argument("--repo", type=Path, default=REPOSITORY, help="repository root (default: this one)")
    return parser.parse_args(argv)


def try_change(
    repo: Path, snapshot: Path, change: Change, scratch: Path, *, workers: str, paths: Sequence[str]
) -> Trial:
    """Clone the snapshot, install, patch, regenerate and test for one change."""
    started = time.monotonic()
    trial = Trial(change)
    try:
        tree = sandbox.clone(snapshot, scratch / change.name, with_working_tree=True)
        venv = sandbox.copy_venv(repo, tree)
        if not venv.ok:
            raise ChangeError(venv.detail)
        sandbox.apply(tree, change)
        trial.setup = sandbox.Step(True, time.monotonic() - started)
    except ChangeError as error:
        trial.problem = str(error)
        trial.seconds = time.monotonic() - started
        return trial
    trial.generated = sandbox.generate(tree)
    trial.outcome, trial.tests = sandbox.run_tests(tree, workers, paths)
    if not trial.tests.ok:
        trial.problem = f"pytest did not run: {trial.tests.detail}"
    trial.seconds = time.monotonic() - started
    return trial


def render_trial(trial: Trial) -> str:
    """One change: its steps, then each failing part with its tests."""
    lines = [f"== {trial.change.name}: {trial.change.summary}"]
    if trial.setup is not None:
        lines.append(f"clone, environment and patch: ok ({trial.setup.seconds:.0f} s)")
    if trial.generated is not None:
        verdict = "ok" if trial.generated.ok else f"FAILED\n{_indent(trial.generated.detail)}"
        lines.append(f"make generate: {verdict} ({trial.generated.seconds:.0f} s)")
    if trial.tests is not None:
        lines.append(f"tests: {trial.outcome.counts or 'no counts'} ({trial.tests.seconds:.0f} s)")
    if trial.problem:
        lines.append(f"problem: {trial.problem}")
    grouped = trial.outcome.by_part()
    if trial.tests is not None and trial.tests.ok and not grouped:
        lines.append("every part's tests pass")
    for part, failures in grouped.items():
        lines.append(f"  {part.value} ({len(failures)} failing)")
        by_message: dict[str, list[str]] = {}
        for failure in failures:
            by_message.setdefault(failure.message, []).append(failure.test_id)
        for message, test_ids in list(by_message.items())[:SHOWN_PER_PART]:
            more = f" (and {len(test_ids) - 1} more with this message)" if len(test_ids) > 1 else ""
            lines.append(f"    {test_ids[0]}{more}")
            lines.append(f"      {message[:MESSAGE_WIDTH]}")
        if len(by_message) > SHOWN_PER_PART:
            lines.append(f"    ... and {len(by_message) - SHOWN_PER_PART} more messages")
    return "\n".join(lines)


def render_summary(trials: Sequence[Trial]) -> str:
    """One row per change: generation, the counts, and the failing parts with their numbers of failing tests."""
    rows = [("change", "make generate", "failing parts (failing tests)", "time")]
    for trial in trials:
        generated = "-" if trial.generated is None else "ok" if trial.generated.ok else "FAILED"
        parts = ", ".join(f"{part.value} ({count})" for part, count in trial.failing_parts.items())
        parts = parts or ("not tried: " + trial.problem[:60] if trial.tests is None else "none")
        rows.append((trial.change.name, generated, parts, f"{trial.seconds:.0f} s"))
    widths = [max(len(row[column]) for row in rows) for column in range(3)]
    rendered = [
        " | ".join([*(cell.ljust(width) for cell, width in zip(row[:3], widths, strict=True)), row[3]]) for row in rows
    ]
    rendered.insert(1, "-+-".join("-" * width for width in [*widths, 6]))
    return "\n".join(rendered)


def _indent(text: str) -> str:
    return "\n".join(f"    {line}" for line in text.splitlines())


def main(argv: Sequence[str]) -> int:
    """Try each change chosen and print what it costs."""
    arguments = parse_arguments(argv)
    repo: Path = arguments.repo.resolve()
    try:
        changes = select(arguments.names)
    except ChangeError as error:
        print(f"change_cost: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    source = "HEAD" if arguments.head else "HEAD and the working tree's uncommitted files"
    print(f"Trying {len(changes)} spec change(s), each in a clone of {repo} ({source})\n", flush=True)
    trials: list[Trial] = []
    scratch = Path(tempfile.mkdtemp(prefix="change-cost-"))
    try:
        # One snapshot of the repository, so that every change starts from the same files while people edit on.
        snapshot = sandbox.clone(repo, scratch / "snapshot", with_working_tree=not arguments.head)

        def run(change: Change) -> Trial:
            trial = try_change(repo, snapshot, change, scratch, workers=arguments.workers, paths=arguments.paths)
            print(render_trial(trial) + "\n", flush=True)
            if not arguments.keep:
                sandbox.remove(scratch / change.name)
            return trial

        # Each trial waits on its subprocesses, so threads are enough to run several at once.
        with ThreadPoolExecutor(max_workers=max(1, arguments.jobs)) as pool:
            trials = list(pool.map(run, changes))
    except ChangeError as error:
        print(f"change_cost: {error}", file=sys.stderr)
        return EXIT_SETUP_FAILED
    finally:
        if arguments.keep:
            print(f"clones kept in {scratch}")
        else:
            sandbox.remove(scratch)
    print(render_summary(trials))
    return EXIT_SETUP_FAILED if any(trial.tests is None or not trial.tests.ok for trial in trials) else EXIT_OK
