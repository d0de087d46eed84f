"""One version, taken from the spec, that moves as far as the changes since the last release demand.

The last release is found as :mod:`tools.breaking.last_release` says (a dated changelog entry, or a tag); its own
tests are in ``test_last_release.py``."""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml

from tools.breaking.cli import render
from tools.breaking.compare import Report, compare
from tools.breaking.last_release import last_release
from tools.breaking.model import ApiChange, Audience, BadInputError, ChangeKind, SpecChange
from tools.breaking.versioning import Bump, Version, bump_between, required_bump

ROOT = Path(__file__).resolve().parents[2]
SPEC_FILE = ROOT / "openapi" / "onlyoffice-crm-invoices.yaml"
CHANGELOG = ROOT / "CHANGELOG.md"
# `## [Unreleased]`, `## [X.Y.Z] - Unreleased` (the version being prepared) or `## [X.Y.Z] - YYYY-MM-DD` (released).
RELEASE_HEADING = re.compile(
    r"^## \[(?P<version>[^\]]+)\](?: - (?:(?P<date>\d{4}-\d{2}-\d{2})|(?P<unreleased>Unreleased)))?$", re.MULTILINE
)
SECTION = re.compile(r"^### (Added|Changed|Deprecated|Removed|Fixed|Security)$", re.MULTILINE)


def spec_version() -> str:
    document: dict[str, Any] = yaml.safe_load(SPEC_FILE.read_text(encoding="utf-8"))
    version: str = document["info"]["version"]
    return version


def test_the_spec_version_is_semantic() -> None:
    Version.parse(spec_version())


def test_the_package_version_is_the_spec_version() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]

    assert project["version"] == spec_version(), "set [project] version in pyproject.toml to the spec's info.version"


def test_the_generator_takes_the_version_from_the_spec() -> None:
    config = yaml.safe_load((ROOT / "openapi" / "generator-config.yaml").read_text(encoding="utf-8"))

    # Without an override openapi-python-client uses info.version: no second place to edit.
    assert "package_version_override" not in config


def test_the_version_moved_as_far_as_the_changes_since_the_last_release_demand() -> None:
    # A failure, not a skip, in a shallow clone: it would otherwise never run (CI checks out with fetch-depth: 0).
    try:
        release = last_release(ROOT)
    except BadInputError as error:
        pytest.fail(str(error))

    report = compare(ROOT, release.ref, label=release.label)

    assert report.old_version == release.version, "the spec's info.version at the release is not its version"
    assert report.actual_bump >= report.required_bump, render(report)


def test_the_changelog_is_keep_a_changelog_with_the_current_version_on_top() -> None:
    text = CHANGELOG.read_text(encoding="utf-8")
    headings = list(RELEASE_HEADING.finditer(text))
    releases = [h for h in headings if h["version"] != "Unreleased"]

    assert text.startswith("# Changelog\n")
    assert "keepachangelog.com" in text
    assert "semver.org" in text
    assert releases, "no release entries"
    assert releases[0]["version"] == spec_version(), "the newest CHANGELOG entry must be the spec's info.version"
    assert all(h["unreleased"] is None for h in releases[1:]), "only the newest entry may be Unreleased"
    versions = [Version.parse(h["version"]) for h in releases]
    assert versions == sorted(versions, reverse=True)
    assert len(set(versions)) == len(versions)
    assert Version(1, 0, 0) in versions
    for heading, following in zip(headings, [*headings[1:], None], strict=True):
        body = text[heading.end() : following.start() if following else len(text)]
        unreleased = heading["version"] == "Unreleased" or heading["unreleased"] is not None
        assert unreleased or dt.date.fromisoformat(heading["date"] or ""), f"{heading[0]} has no date"
        assert unreleased or SECTION.search(body), f"{heading[0]} has no section"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("1.0.0", "1.0.0", Bump.NONE),
        ("1.0.0", "1.0.1", Bump.PATCH),
        ("1.0.9", "1.1.0", Bump.MINOR),
        ("1.4.2", "2.0.0", Bump.MAJOR),
        ("2.0.0", "1.9.0", Bump.NONE),
    ],
)
def test_the_bump_between_two_versions(old: str, new: str, expected: Bump) -> None:
    assert bump_between(Version.parse(old), Version.parse(new)) is expected


@pytest.mark.parametrize("text", ["1.0", "v1.0.0", "1.0.0-rc.1", "01.0.0", ""])
def test_a_version_that_is_not_major_minor_patch_is_bad_input(text: str) -> None:
    with pytest.raises(BadInputError):
        Version.parse(text)


def report(old: str, new: str, *changes: SpecChange | ApiChange) -> Report:
    return Report(
        base="v" + old,
        base_commit="0" * 40,
        old_version=Version.parse(old),
        new_version=Version.parse(new),
        spec_changes=[c for c in changes if isinstance(c, SpecChange)],
        api_changes=[c for c in changes if isinstance(c, ApiChange)],
        specs_differ=bool(changes),
    )


REMOVED_FIELD = SpecChange("Invoice", "field `terms` removed", ChangeKind.REMOVED, frozenset({Audience.CLIENTS}))
ADDED_FIELD = SpecChange("Invoice", "new optional field `x`", ChangeKind.ADDED, frozenset({Audience.COMPATIBLE}))
PYTHON_ADDITION = ApiChange("pkg.f", "function added", ChangeKind.ADDED, breaking=False)


@pytest.mark.parametrize(
    ("case", "needed", "enough", "suggested"),
    [
        (report("1.0.0", "1.1.0", REMOVED_FIELD), Bump.MAJOR, False, "2.0.0"),
        (report("1.0.0", "2.0.0", REMOVED_FIELD), Bump.MAJOR, True, "2.0.0"),
        (report("1.2.3", "1.2.4", ADDED_FIELD), Bump.MINOR, False, "1.3.0"),
        (report("1.2.3", "1.2.4", PYTHON_ADDITION), Bump.MINOR, False, "1.3.0"),
        (report("1.2.3", "1.3.0", ADDED_FIELD), Bump.MINOR, True, "1.3.0"),
        (report("1.2.3", "1.2.3"), Bump.NONE, True, "1.2.3"),
    ],
)
def test_the_version_check_fails_when_the_version_did_not_move_far_enough(
    case: Report, needed: Bump, enough: bool, suggested: str
) -> None:
    assert case.required_bump is needed
    assert (case.actual_bump >= case.required_bump) is enough
    assert str(case.suggested_version) == suggested


def test_a_changed_description_needs_a_patch() -> None:
    assert required_bump(breaking=False, additions=False, changed=True) is Bump.PATCH
