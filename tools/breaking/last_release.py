"""Find the last release, with or without git tags: the commit that ``make breaking`` and the version gate compare with.

The rule (docs/releasing.md): a release is made by giving its ``CHANGELOG.md`` entry a date. While a version is
prepared its entry reads ``## [4.0.0] - Unreleased``; the commit that turns that into ``## [4.0.0] - 2026-12-05``
is the release of 4.0.0. The last release is the newest version dated so in ``HEAD``'s history. A ``vX.Y.Z`` tag
that ``HEAD`` contains marks a release too: for the same version the tag wins (a team that tags may move it), and
a tagged version newer than every dated one is the last release. Only committed history counts, so a fresh clone
finds the same release as the working copy it came from; a shallow clone has no history to read and is refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from . import git_source
from .model import BadInputError
from .versioning import Version

CHANGELOG_PATH = "CHANGELOG.md"
DATED_ENTRY = re.compile(r"^## \[(?P<version>\d+\.\d+\.\d+)\] - (?P<date>\d{4}-\d{2}-\d{2})\s*$", re.MULTILINE)


@dataclass(frozen=True)
class Release:
    """One release: its version, the ref to compare with (its tag, else its commit id), and how it was found."""

    version: Version
    ref: str
    found_by: str

    @property
    def label(self) -> str:
        """How a report names it: ``the last release, 3.0.0, the commit that dated its CHANGELOG.md entry``."""
        return f"the last release, {self.version}, {self.found_by}"


def dated_versions(changelog: str) -> set[Version]:
    """The versions whose entries carry a date (``## [X.Y.Z] - YYYY-MM-DD``), not ``Unreleased`` ones."""
    return {Version.parse(match["version"]) for match in DATED_ENTRY.finditer(changelog)}


def dated_releases(repo: Path) -> dict[Version, str]:
    """For each version dated in ``HEAD``'s history of ``CHANGELOG.md``, the first commit that dated it."""
    found: dict[Version, str] = {}
    for commit in git_source.commits_touching(repo, CHANGELOG_PATH):
        if not git_source.has_path(repo, commit, CHANGELOG_PATH):
            continue
        for version in dated_versions(git_source.read_text(repo, commit, CHANGELOG_PATH)):
            found.setdefault(version, commit)
    return found


def last_release(repo: Path) -> Release:
    """The newest release in ``HEAD``'s history (see the module's docstring).

    Raises:
        BadInputError: the clone is shallow, or no release is found (then name one with ``--base``).
    """
    if git_source.is_shallow(repo):
        raise BadInputError(
            f"{repo} is a shallow clone: the last release cannot be found; run `git fetch --unshallow --tags`"
        )
    candidates: dict[Version, Release] = {}
    for version, commit in dated_releases(repo).items():
        candidates[version] = Release(version, commit, f"the commit that dated its {CHANGELOG_PATH} entry")
    for tag in git_source.release_tags(repo):
        try:
            version = Version.parse(tag.removeprefix("v"))
        except BadInputError:  # `v01.0.0`: shaped like a release tag, but not a semantic version
            continue
        candidates[version] = Release(version, tag, f"tag {tag}")
    if not candidates:
        raise BadInputError(
            f"no release found in {repo}: no vX.Y.Z tag and no dated entry in the history of {CHANGELOG_PATH};"
            " name the base with --base REF (make breaking BASE=REF)"
        )
    return candidates[max(candidates)]
