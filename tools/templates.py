"""The generator's templates with this project's changes: each override is a patch of the pinned upstream file.

``openapi/templates/<name>.patch`` holds, for the upstream template ``openapi_python_client/templates/<name>``,
a few lines saying what it changes and why, then a unified diff. :func:`patched_templates` copies the installed
generator's templates that have a patch and applies the patches with ``git apply``, which refuses a patch whose
context no longer matches: upgrading the generator then names every template whose change must be redone,
instead of silently keeping a stale copy.

To change a template, unpack the patched templates, edit them, and record the edits as the patches::

    python -m tools.templates unpack /tmp/templates     # the patched templates, to edit
    python -m tools.templates record /tmp/templates     # rewrite openapi/templates/*.patch from them

``record`` keeps each patch's description (the lines before the diff) and diffs every ``.jinja`` file of the
folder against its upstream file; ``make generate`` then uses the new patches.
"""

from __future__ import annotations

import difflib
import importlib.metadata
import importlib.util
import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PATCHES = ROOT / "openapi" / "templates"
GENERATOR = "openapi-python-client"
SUFFIX = ".patch"
DIFF_START = "--- a/"


class TemplateError(Exception):
    """A patch does not apply to the installed generator's templates, or a template cannot be recorded."""


def upstream_templates() -> Path:
    """The templates folder of the installed generator (found without importing it)."""
    spec = importlib.util.find_spec("openapi_python_client")
    if spec is None or not spec.submodule_search_locations:
        raise TemplateError(f"{GENERATOR} is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "templates"


def patch_files(patches: Path = PATCHES) -> dict[str, Path]:
    """Each patch by the template it changes (``client.py.jinja``, ``property_templates/...``), sorted."""
    found = {path.relative_to(patches).as_posix().removesuffix(SUFFIX): path for path in patches.rglob(f"*{SUFFIX}")}
    return dict(sorted(found.items()))


def description(patch: Path) -> str:
    """The lines of ``patch`` before its diff: what the change is and why."""
    text = patch.read_text(encoding="utf-8")
    start = text.find(f"\n{DIFF_START}")
    return text if start < 0 else text[: start + 1]


def patched_templates(destination: Path, patches: Path = PATCHES) -> list[str]:
    """Write the patched templates into ``destination`` (for ``--custom-template-path``); their names.

    Raises:
        TemplateError: a template the patch names is not in the installed generator, or a patch does not
            apply (the message names the patch and quotes ``git apply``).
    """
    upstream = upstream_templates()
    chosen = patch_files(patches)
    for name, patch in chosen.items():
        source = upstream / name
        if not source.is_file():
            raise TemplateError(f"{_shown(patch)}: {GENERATOR} {_version()} has no template {name}")
        target = destination / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        _apply(patch, destination)
    return list(chosen)


def _apply(patch: Path, directory: Path) -> None:
    # Outside any repository, `git apply` patches plain files relative to its working directory; the ceiling
    # keeps it from finding a repository above `directory` (a temporary folder inside a checkout).
    env = {**os.environ, "GIT_CEILING_DIRECTORIES": str(directory.parent)}
    command = ["git", "apply", "--whitespace=nowarn", str(patch)]
    try:
        done = subprocess.run(command, cwd=directory, env=env, capture_output=True, text=True, check=False)
    except FileNotFoundError as error:
        raise TemplateError("git is not installed (it applies the template patches)") from error
    if done.returncode != 0:
        reason = " ".join(done.stderr.split())
        raise TemplateError(f"{_shown(patch)} does not apply to {GENERATOR} {_version()}'s template: {reason}")


def diff(name: str, upstream: str, changed: str) -> str:
    """The unified diff from the upstream template ``name`` to ``changed``, as ``git apply`` reads it."""
    for text, which in ((upstream, "upstream"), (changed, "changed")):
        if text and not text.endswith("\n"):
            raise TemplateError(f"{name}: the {which} template does not end with a newline")
    lines = difflib.unified_diff(
        upstream.splitlines(keepends=True), changed.splitlines(keepends=True), f"a/{name}", f"b/{name}"
    )
    return "".join(lines)


def record(edited: Path, patches: Path = PATCHES) -> list[str]:
    """Rewrite ``patches`` from the ``.jinja`` files under ``edited``: one patch per changed template, keeping
    each existing description; patches of templates that are no longer there or no longer changed go."""
    upstream = upstream_templates()
    old = patch_files(patches)
    written: list[str] = []
    for template in sorted(edited.rglob("*.jinja")):
        name = template.relative_to(edited).as_posix()
        source = upstream / name
        if not source.is_file():
            raise TemplateError(f"{name}: {GENERATOR} {_version()} has no such template to patch")
        change = diff(name, source.read_text(encoding="utf-8"), template.read_text(encoding="utf-8"))
        if not change:
            continue
        about = description(old[name]) if name in old else f"# {name}: say what this changes and why.\n"
        target = patches / f"{name}{SUFFIX}"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(about + change, encoding="utf-8")
        written.append(name)
    for name, patch in old.items():
        if name not in written:
            patch.unlink()
    return written


def _shown(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def _version() -> str:
    return importlib.metadata.version(GENERATOR)


def main(argv: Sequence[str]) -> int:
    """``unpack DIR`` or ``record DIR``; exit 0, 1 when a patch fails, 2 on a usage error."""
    if len(argv) != 2 or argv[0] not in {"unpack", "record"}:
        print("usage: python -m tools.templates unpack|record DIR", file=sys.stderr)
        return 2
    folder = Path(argv[1])
    try:
        if argv[0] == "unpack":
            names = patched_templates(folder)
            print(f"wrote {len(names)} patched templates into {folder}")
        else:
            names = record(folder)
            print(f"recorded {len(names)} patches in {_shown(PATCHES)}")
    except TemplateError as error:
        print(f"templates: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
