"""The action's documentation pins the kit's own release: a commit SHA with the version in a comment (GitHub's
hardening guide), the major-version tag as the alternative, and the release steps that move that tag, all of the
version in pyproject.toml."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from packaging.version import Version

ROOT = Path(__file__).resolve().parents[2]
KIT_VERSION = Version(tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"])
ACTION_REF = re.compile(r"<owner>/<repo>@(?P<ref>[^\s\"`]+)(?P<comment>[ \t]+#[ \t]+v\S+)?")
SHA_PIN = re.compile(r"<owner>/<repo>@<commit-sha>[ \t]+#[ \t]+v(?P<version>\d+\.\d+\.\d+)")


def text(relative: str) -> str:
    return (ROOT / relative).read_text(encoding="utf-8")


def test_the_documented_commit_sha_pin_names_the_kits_version() -> None:
    for page in ("docs/github-action.md", "action.yml"):
        pins = SHA_PIN.findall(text(page))

        assert pins, f"{page} shows no `@<commit-sha>  # vX.Y.Z` pin"
        assert {Version(found) for found in pins} == {KIT_VERSION}, page


def test_every_documented_reference_to_the_action_is_of_the_kits_release() -> None:
    refs = [found["ref"] for found in ACTION_REF.finditer(text("docs/github-action.md"))]
    tags = {ref for ref in refs if ref != "<commit-sha>"}

    assert tags == {f"v{KIT_VERSION.major}", f"v{KIT_VERSION}"}  # the major-version tag, and a release for pip


def test_the_release_steps_move_the_major_version_tag_to_the_release() -> None:
    page = text("docs/releasing.md")
    (command,) = [line for line in page.splitlines() if line.startswith("git tag ")]

    assert f" v{KIT_VERSION.major} " in command
    assert f'"v{KIT_VERSION}^{{commit}}"' in command
    assert f"git push --force origin v{KIT_VERSION.major}" in page
