"""The Keep a Changelog entry a report would add to CHANGELOG.md."""

from __future__ import annotations

import datetime as dt

from .compare import Report
from .model import ApiChange, Audience, ChangeKind, SpecChange, Surface

SECTIONS = (ChangeKind.ADDED, ChangeKind.CHANGED, ChangeKind.REMOVED)


def _line(change: SpecChange | ApiChange) -> str:
    if isinstance(change, ApiChange) and change.surface is Surface.CLI:
        prefix = "**Breaks command lines:** " if change.breaking else ""
        return f"- {prefix}Command `{change.path}`: {change.message}"
    if isinstance(change, ApiChange):
        prefix = "**Breaks Python callers:** " if change.breaking else ""
        return f"- {prefix}Python `{change.path}`: {change.message}"
    breaks = [
        audience.value.removeprefix("breaks ")
        for audience in (Audience.CLIENTS, Audience.PORTALS)
        if audience in change.audiences
    ]
    warns = not breaks and Audience.WARNS_CLIENTS in change.audiences
    prefix = f"**Breaks {' and '.join(breaks)}:** " if breaks else "**Note for clients:** " if warns else ""
    return f"- {prefix}`{change.location}`: {change.message}"


def entry(report: Report, date: dt.date | None = None) -> str:
    """``## [version] - date`` with Added/Changed/Removed sections, breaking changes first in each."""
    day = (date or dt.date.today()).isoformat()
    lines = [f"## [{report.suggested_version}] - {day}"]
    if report.required_bump > report.actual_bump or report.new_version == report.old_version:
        lines.append("")
        lines.append(f"Set `info.version` in the spec to {report.suggested_version} (now {report.new_version}).")
    changes: list[SpecChange | ApiChange] = [*report.spec_changes, *report.api_changes]
    for section in SECTIONS:
        chosen = sorted(
            (c for c in changes if c.kind is section), key=lambda c: (not c.breaking, isinstance(c, ApiChange))
        )
        if chosen:
            lines.extend(["", f"### {section.value}", *(_line(change) for change in chosen)])
    if not changes:
        what = "Descriptions and examples only: no" if report.specs_differ else "No"
        lines.extend(["", "### Changed", f"- {what} change to the contract or the Python API."])
    return "\n".join(lines) + "\n"
