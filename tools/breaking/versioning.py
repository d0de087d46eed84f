"""Semantic versions: the bump a set of changes needs, and the one a version change made."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import IntEnum

from .model import BadInputError

VERSION = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$")


class Bump(IntEnum):
    """How far a version moves; larger covers smaller."""

    NONE = 0
    PATCH = 1
    MINOR = 2
    MAJOR = 3


@dataclass(frozen=True, order=True)
class Version:
    """A ``MAJOR.MINOR.PATCH`` version (pre-release and build suffixes are not used here)."""

    major: int
    minor: int
    patch: int

    @classmethod
    def parse(cls, text: str) -> Version:
        """Parse ``X.Y.Z``; :class:`BadInputError` for anything else."""
        match = VERSION.match(text.strip())
        if match is None:
            raise BadInputError(f"{text!r} is not a MAJOR.MINOR.PATCH version")
        return cls(*(int(part) for part in match.groups()))

    def __str__(self) -> str:
        return f"{self.major}.{self.minor}.{self.patch}"

    def bumped(self, bump: Bump) -> Version:
        """The next version after a ``bump``."""
        if bump is Bump.MAJOR:
            return Version(self.major + 1, 0, 0)
        if bump is Bump.MINOR:
            return Version(self.major, self.minor + 1, 0)
        if bump is Bump.PATCH:
            return Version(self.major, self.minor, self.patch + 1)
        return self


def bump_between(old: Version, new: Version) -> Bump:
    """How far ``new`` moved from ``old`` (``NONE`` when it did not move forward)."""
    if new <= old:
        return Bump.NONE
    if new.major > old.major:
        return Bump.MAJOR
    if new.minor > old.minor:
        return Bump.MINOR
    return Bump.PATCH


def required_bump(*, breaking: bool, additions: bool, changed: bool) -> Bump:
    """Major for a breaking change, minor for an addition, patch for any other change."""
    if breaking:
        return Bump.MAJOR
    if additions:
        return Bump.MINOR
    return Bump.PATCH if changed else Bump.NONE
