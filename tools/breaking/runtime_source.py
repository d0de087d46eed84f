"""Describe the library and the command line of one source tree, by running :mod:`tools.breaking.surface_dump`
in a child process whose ``PYTHONPATH`` starts with that tree (this process imports none of it)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .model import BadInputError

TOOLS_ROOT = Path(__file__).resolve().parents[2]
"""The folder holding the ``tools`` package, so that the child can run ``-m tools.breaking.surface_dump``."""
SOURCE_FOLDERS = ("src", "generated")
"""Where a tree keeps its import packages: the library and the command line import the generated client."""


@dataclass(frozen=True)
class Surfaces:
    """What one tree shows: the library's names, the command line's commands and its export's columns (``None``:
    not asked, or for the columns, the command line has no ``choose_columns``)."""

    library: dict[str, Any] | None
    cli: dict[str, Any] | None
    columns: dict[str, Any] | None = None


def describe(tree: Path, where: str, *, library: str | None, cli: str | None, prog: str) -> Surfaces:
    """Import ``library`` and ``cli`` from ``tree`` in a child process and return their descriptions.

    Raises:
        BadInputError: a package does not import (the message gives its last error line), or was imported
            from somewhere else than ``tree``.
    """
    if library is None and cli is None:
        return Surfaces(None, None, None)
    arguments: list[str] = []
    if library is not None:
        arguments += ["--library", library]
    if cli is not None:
        arguments += ["--cli", cli, "--prog", prog]
    found = _run(tree, where, arguments)
    for package, file in found["files"].items():
        if not Path(file).resolve().is_relative_to(tree.resolve()):
            raise BadInputError(f"{package} {where} was imported from {file}, not from {tree}")
    return Surfaces(found["library"], found["cli"], found.get("columns"))


def _run(tree: Path, where: str, arguments: Sequence[str]) -> dict[str, Any]:
    paths = [str(tree / folder) for folder in SOURCE_FOLDERS] + [str(TOOLS_ROOT)]
    # -P: nothing but PYTHONPATH in front of the installed packages (not the working directory).
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(paths), "PYTHONDONTWRITEBYTECODE": "1"}
    command = [sys.executable, "-P", "-m", "tools.breaking.surface_dump", *arguments]
    try:
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120, check=False)
    except subprocess.TimeoutExpired as error:
        raise BadInputError(f"describing the Python API and the command line {where} took over 120 s") from error
    if done.returncode != 0:
        lines = done.stderr.strip().splitlines() or ["(no error output)"]
        raise BadInputError(f"the Python API or the command line {where} cannot be imported: {lines[-1]}")
    described: dict[str, Any] = json.loads(done.stdout)
    return described
