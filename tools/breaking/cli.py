"""``python -m tools.breaking [--base REF] [--changelog] [--allow-if-bumped]``: print the report, exit 0/1/2.

Exit codes: 0 nothing breaks (or, with ``--allow-if-bumped``, the major version moved for it);
1 something breaks clients, portals, a Python API or the command line; 2 bad input (an unknown ref, a spec that
does not parse, a broken ``$ref``, a version that is not ``X.Y.Z``), reported in one line.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from .changelog import entry
from .compare import SPEC_PATH, Report, compare
from .last_release import last_release
from .model import Audience, BadInputError, Surface

REPOSITORY = Path(__file__).resolve().parents[2]
EXIT_OK, EXIT_BREAKING, EXIT_BAD_INPUT = 0, 1, 2


def parse_arguments(argv: Sequence[str]) -> argparse.Namespace:
    """The command line; ``--help`` documents the exit codes."""
    parser = argparse.ArgumentParser(
        prog="breaking",
        description=f"Classify the changes of {SPEC_PATH}, of the Python APIs and of the command line since a git ref.",
        epilog="exit codes: 0 nothing breaks, 1 something breaks, 2 bad input",
    )
    parser.add_argument("--base", help="git ref to compare with (default: the last release, see docs/releasing.md)")
    parser.add_argument("--repo", type=Path, default=REPOSITORY, help="repository root (default: this one)")
    parser.add_argument("--changelog", action="store_true", help="also print the CHANGELOG.md entry to add")
    parser.add_argument(
        "--allow-if-bumped", action="store_true", help="exit 0 for breaking changes when the major version moved"
    )
    return parser.parse_args(argv)


def render(report: Report) -> str:
    """The report as printed: spec changes by audience, Python API changes, the version verdict."""
    old, new = report.old_version, report.new_version
    lines = [f"Comparing with {report.base} ({report.base_commit[:12]}): spec version {old} -> {new}"]
    for audience in (Audience.CLIENTS, Audience.PORTALS, Audience.WARNS_CLIENTS, Audience.COMPATIBLE):
        chosen = report.spec_changes_for(audience)
        lines.append(f"\nContract: {audience.value} ({len(chosen)})")
        lines.extend(f"  {change.describe()}" for change in chosen)
    for surface in Surface:
        changes = [change for change in report.api_changes if change.surface is surface]
        for label, breaking in (("breaking", True), ("compatible", False)):
            shown = [change for change in changes if change.breaking is breaking]
            gap = "\n" if breaking else ""  # a blank line before each surface
            lines.append(f"{gap}{surface.heading}: {label} ({len(shown)})")
            lines.extend(f"  {change.describe()}" for change in shown)
    lines.extend(f"  note: {note}" for note in report.api_notes)
    needed, made = report.required_bump, report.actual_bump
    verdict = "ok" if made >= needed else f"too small: make it {report.suggested_version}"
    lines.append(f"\nVersion: needs a {needed.name.lower()} bump, {old} -> {new} is {made.name.lower()}: {verdict}")
    return "\n".join(lines)


def main(argv: Sequence[str]) -> int:
    """Run the comparison and return the exit code."""
    arguments = parse_arguments(argv)
    repo: Path = arguments.repo.resolve()
    try:
        if arguments.base:
            report = compare(repo, arguments.base)
        else:
            release = last_release(repo)
            report = compare(repo, release.ref, label=release.label)
    except BadInputError as error:
        print(f"breaking: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    print(render(report))
    if arguments.changelog:
        print(f"\nCHANGELOG.md entry:\n\n{entry(report)}")
    if not report.breaking:
        print("Result: nothing breaks")
        return EXIT_OK
    if arguments.allow_if_bumped and report.actual_bump >= report.required_bump:
        print("Result: breaking changes, covered by the major version bump (--allow-if-bumped)")
        return EXIT_OK
    print("Result: breaking changes")
    return EXIT_BREAKING
