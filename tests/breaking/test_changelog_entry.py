"""The entry `make breaking CHANGELOG=1` prints: Keep a Changelog sections, breaking changes marked."""

from __future__ import annotations

import datetime as dt

from tools.breaking.changelog import entry
from tools.breaking.compare import Report
from tools.breaking.model import ApiChange, Audience, ChangeKind, SpecChange
from tools.breaking.versioning import Version

DAY = dt.date(2026, 11, 25)


def report(new_version: str, spec: list[SpecChange], api: list[ApiChange]) -> Report:
    return Report(
        base="v1.4.2",
        base_commit="0" * 40,
        old_version=Version(1, 4, 2),
        new_version=Version.parse(new_version),
        spec_changes=spec,
        api_changes=api,
        specs_differ=bool(spec),
    )


def test_the_entry_sorts_changes_into_sections_and_marks_whom_they_break() -> None:
    spec = [
        SpecChange("Invoice", "new optional field `notes`", ChangeKind.ADDED, frozenset({Audience.COMPATIBLE})),
        SpecChange("Invoice", "field `terms` removed", ChangeKind.REMOVED, frozenset({Audience.CLIENTS})),
        SpecChange(
            "InvoiceStatusId",
            "enum value 5 removed",
            ChangeKind.REMOVED,
            frozenset({Audience.CLIENTS, Audience.PORTALS}),
        ),
        SpecChange("Invoice.id", "minimum tightened: None -> 1", ChangeKind.CHANGED, frozenset({Audience.PORTALS})),
    ]
    api = [ApiChange("pkg.models.Invoice.terms", "attribute removed", ChangeKind.REMOVED, breaking=True)]

    text = entry(report("2.0.0", spec, api), DAY)

    assert text == (
        "## [2.0.0] - 2026-11-25\n"
        "\n### Added\n"
        "- `Invoice`: new optional field `notes`\n"
        "\n### Changed\n"
        "- **Breaks portals:** `Invoice.id`: minimum tightened: None -> 1\n"
        "\n### Removed\n"
        "- **Breaks clients:** `Invoice`: field `terms` removed\n"
        "- **Breaks clients and portals:** `InvoiceStatusId`: enum value 5 removed\n"
        "- **Breaks Python callers:** Python `pkg.models.Invoice.terms`: attribute removed\n"
    )


def test_the_entry_names_the_version_to_set_when_the_spec_did_not_move_far_enough() -> None:
    added = SpecChange("GET /x", "status 429 added", ChangeKind.ADDED, frozenset({Audience.COMPATIBLE}))

    text = entry(report("1.4.3", [added], []), DAY)

    assert text.startswith("## [1.5.0] - 2026-11-25\n\nSet `info.version` in the spec to 1.5.0 (now 1.4.3).\n")
