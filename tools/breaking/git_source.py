"""Read files and folders of a git repository at a ref, without touching its index or work tree."""

from __future__ import annotations

import io
import re
import subprocess
import tarfile
from pathlib import Path

from .model import BadInputError

RELEASE_TAG = re.compile(r"^v\d+\.\d+\.\d+$")


def _git(repo: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, check=False, timeout=60)
    except FileNotFoundError as error:
        raise BadInputError("git is not installed") from error


def resolve_commit(repo: Path, ref: str) -> str:
    """The commit id ``ref`` names; :class:`BadInputError` when it names none."""
    if _git(repo, "rev-parse", "--git-dir").returncode != 0:
        raise BadInputError(f"{repo} is not a git repository")
    if ref.startswith("-"):
        raise BadInputError(f"unknown git ref {ref!r}")
    done = _git(repo, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    if done.returncode != 0:
        raise BadInputError(f"unknown git ref {ref!r} in {repo}")
    return done.stdout.decode().strip()


def release_tags(repo: Path) -> list[str]:
    """The tags shaped ``vX.Y.Z`` that ``HEAD`` contains, newest version first."""
    done = _git(repo, "tag", "--list", "v*.*.*", "--merged", "HEAD", "--sort=-v:refname")
    return [tag for tag in done.stdout.decode().split() if RELEASE_TAG.match(tag)]


def is_shallow(repo: Path) -> bool:
    """Whether ``repo`` is a shallow clone (its history is cut off)."""
    return _git(repo, "rev-parse", "--is-shallow-repository").stdout.decode().strip() == "true"


def commits_touching(repo: Path, path: str) -> list[str]:
    """The commits of ``HEAD``'s history that changed ``path``, oldest first (none in a repository without commits)."""
    done = _git(repo, "log", "--reverse", "--format=%H", "HEAD", "--", path)
    return done.stdout.decode().split() if done.returncode == 0 else []


def has_path(repo: Path, commit: str, path: str) -> bool:
    """Whether ``path`` exists at ``commit``."""
    return _git(repo, "cat-file", "-e", f"{commit}:{path}").returncode == 0


def read_text(repo: Path, commit: str, path: str) -> str:
    """The text of ``path`` at ``commit``; :class:`BadInputError` when it is not there."""
    done = _git(repo, "show", f"{commit}:{path}")
    if done.returncode != 0:
        raise BadInputError(f"{path} does not exist at {commit[:12]}")
    return done.stdout.decode("utf-8")


def export_folder(repo: Path, commit: str, path: str, destination: Path) -> Path:
    """Write the folder ``path`` as it is at ``commit`` under ``destination``; returns its copy."""
    done = _git(repo, "archive", "--format=tar", commit, "--", path)
    if done.returncode != 0:
        raise BadInputError(f"{path} does not exist at {commit[:12]}")
    with tarfile.open(fileobj=io.BytesIO(done.stdout)) as archive:
        archive.extractall(destination, filter="data")
    return destination / path
