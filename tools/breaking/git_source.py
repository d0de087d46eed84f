"""Read files and folders of a git repository at a ref, without touching its index or work tree."""

from __future__ import annotations

import io
import re
import subprocess
import tarfile
from pathlib import Path

from .model import BadInputError

RELEASE_TAG = re.compile(r"^v\d+\.\d+\.\d+$")
FALLBACK_BASE = "main"


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


def default_base(repo: Path) -> str:
    """The newest tag shaped ``vX.Y.Z`` (by version, not date), else ``main``."""
    done = _git(repo, "tag", "--list", "v*.*.*", "--sort=-v:refname")
    tags = [tag for tag in done.stdout.decode().split() if RELEASE_TAG.match(tag)]
    return tags[0] if tags else FALLBACK_BASE


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
