"""The last release is found with or without tags, in a fresh clone too, so the version gate can fail."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tools.breaking.compare import compare
from tools.breaking.last_release import last_release
from tools.breaking.model import BadInputError
from tools.breaking.versioning import Bump, Version

ROOT = Path(__file__).resolve().parents[2]
SPEC = "openapi/onlyoffice-crm-invoices.yaml"
MODEL = "generated/onlyoffice_crm_client/models/invoice.py"
# The last commit of the 3.0.0 round (issue 24): the 3.0.0 release is this commit or one before it.
END_OF_THE_3_0_0_ROUND = "734cd64"
HEADER = "# Changelog\n\nKeep a Changelog, Semantic Versioning.\n\n"


def git(repo: Path, *args: str) -> str:
    identity = ["-c", "user.name=Test", "-c", "user.email=test@example.com", "-c", "commit.gpgsign=false"]
    done = subprocess.run(["git", "-C", str(repo), *identity, *args], capture_output=True, text=True, check=True)
    return done.stdout.strip()


def set_version(repo: Path, version: str) -> None:
    spec = repo / SPEC
    lines = spec.read_text(encoding="utf-8").splitlines(keepends=True)
    index = next(i for i, line in enumerate(lines) if line.startswith("  version: "))
    lines[index] = f"  version: {version}\n"
    spec.write_text("".join(lines), encoding="utf-8")


def write_changelog(repo: Path, *entries: str) -> None:
    body = "".join(f"## [{entry}\n\n### Added\n- Something.\n\n" for entry in entries)
    (repo / "CHANGELOG.md").write_text(HEADER + body, encoding="utf-8")


def commit(repo: Path, message: str) -> str:
    git(repo, "add", "--all")
    git(repo, "commit", "--quiet", f"--message={message}")
    return git(repo, "rev-parse", "HEAD")


def remove_terms(repo: Path) -> None:
    """A change that breaks clients: the spec and the generated model lose `Invoice.terms`."""
    spec = repo / SPEC
    text = spec.read_text(encoding="utf-8")
    field = text.index("        terms:\n")
    following = text.index("\n        description:", field)
    spec.write_text(text[:field] + text[following + 1 :], encoding="utf-8")
    model = repo / MODEL
    model.write_text(model.read_text(encoding="utf-8").replace("    terms: str\n", ""), encoding="utf-8")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """The real spec and generated package at 1.0.0, being prepared (its changelog entry not dated yet)."""
    root = tmp_path / "repo"
    (root / "openapi").mkdir(parents=True)
    shutil.copyfile(ROOT / SPEC, root / SPEC)
    shutil.copytree(
        ROOT / "generated" / "onlyoffice_crm_client",
        root / "generated" / "onlyoffice_crm_client",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    git(root, "init", "--quiet", "--initial-branch=main")
    set_version(root, "1.0.0")
    write_changelog(root, "1.0.0] - Unreleased")
    commit(root, "prepare 1.0.0")
    return root


def test_without_a_dated_entry_or_a_tag_there_is_no_release_and_make_breaking_says_so(repo: Path) -> None:
    with pytest.raises(BadInputError, match="no release found"):
        last_release(repo)
    done = subprocess.run(
        [sys.executable, "-m", "tools.breaking", "--repo", str(repo)],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert (done.returncode, done.stdout) == (2, "")
    assert "no release found" in done.stderr


def test_the_release_is_the_commit_that_dated_the_entry_not_the_work_after_it(repo: Path) -> None:
    write_changelog(repo, "1.0.0] - 2026-01-01")
    released = commit(repo, "release 1.0.0")
    (repo / "NOTES.md").write_text("later work\n", encoding="utf-8")
    commit(repo, "work after the release")
    write_changelog(repo, "2.0.0] - Unreleased", "1.0.0] - 2026-01-01")
    commit(repo, "prepare 2.0.0")

    release = last_release(repo)

    assert (release.version, release.ref) == (Version(1, 0, 0), released)


def test_a_breaking_change_after_an_untagged_release_fails_the_gate_until_the_major_version_moves(
    repo: Path,
) -> None:
    write_changelog(repo, "1.0.0] - 2026-01-01")
    commit(repo, "release 1.0.0")
    remove_terms(repo)
    commit(repo, "remove terms, version unchanged")

    unchanged = compare(repo, last_release(repo).ref)
    set_version(repo, "2.0.0")
    moved = compare(repo, last_release(repo).ref)

    assert (unchanged.required_bump, unchanged.actual_bump) == (Bump.MAJOR, Bump.NONE)
    assert moved.actual_bump >= moved.required_bump


def test_a_tag_marks_a_release_too_and_wins_for_the_same_version(repo: Path) -> None:
    write_changelog(repo, "1.0.0] - 2026-01-01")
    commit(repo, "release 1.0.0")
    (repo / "NOTES.md").write_text("a fix\n", encoding="utf-8")
    commit(repo, "the fix that was shipped as 1.0.0")
    git(repo, "tag", "v1.0.0")
    (repo / "NOTES.md").write_text("more\n", encoding="utf-8")
    tagged_later = commit(repo, "shipped as 1.1.0 without a changelog date")
    git(repo, "tag", "v1.1.0")
    git(repo, "tag", "release-7")

    release = last_release(repo)

    assert (release.version, release.ref, git(repo, "rev-parse", "v1.1.0")) == (
        Version(1, 1, 0),
        "v1.1.0",
        tagged_later,
    )


def test_a_fresh_clone_finds_the_same_release_and_a_shallow_one_is_refused(repo: Path, tmp_path: Path) -> None:
    write_changelog(repo, "1.0.0] - 2026-01-01")
    released = commit(repo, "release 1.0.0")
    (repo / "NOTES.md").write_text("later work\n", encoding="utf-8")
    commit(repo, "work after the release")
    clone, shallow = tmp_path / "clone", tmp_path / "shallow"
    subprocess.run(["git", "clone", "--quiet", str(repo), str(clone)], check=True)
    subprocess.run(["git", "clone", "--quiet", "--depth=1", f"file://{repo}", str(shallow)], check=True)

    assert last_release(clone).ref == released
    with pytest.raises(BadInputError, match="shallow clone"):
        last_release(shallow)


def test_this_repository_finds_the_3_0_0_release_in_a_fresh_clone(tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "--quiet", "--no-checkout", str(ROOT), str(clone)], check=True)

    release = last_release(clone)
    commit_id = git(clone, "rev-parse", release.ref)
    spec_there = git(clone, "show", f"{commit_id}:{SPEC}")
    ancestor = subprocess.run(
        ["git", "-C", str(clone), "merge-base", "--is-ancestor", commit_id, END_OF_THE_3_0_0_ROUND], check=False
    )

    assert release.version >= Version(3, 0, 0)
    assert f"\n  version: {release.version}\n" in spec_there
    if release.version == Version(3, 0, 0):
        assert ancestor.returncode == 0, f"3.0.0 found at {commit_id[:12]}, after the end of its round"
