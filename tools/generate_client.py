"""Generate the client package from the spec, or check that the committed copy is what the spec gives.

Usage: ``python -m tools.generate_client write|check`` from the repository root. Both modes check the spec
first: when it is broken, they print each problem as ``FILE:LINE: problem`` (:mod:`tools.spec_problems`) and exit
1 without running the generator. Then both run the pinned openapi-python-client, with its templates patched by
``openapi/templates/*.patch`` (:mod:`tools.templates`), into a fresh temporary folder, so the output never depends
on where it is written; ``write`` then replaces ``generated/onlyoffice_crm_client`` with it, ``check`` compares
the two byte for byte and exits 1 naming every file that differs.
"""

from __future__ import annotations

import filecmp
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from .spec_problems import spec_problems
from .templates import TemplateError, patched_templates

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "openapi" / "onlyoffice-crm-invoices.yaml"
CONFIG = ROOT / "openapi" / "generator-config.yaml"
PACKAGE = ROOT / "generated" / "onlyoffice_crm_client"


def generate_into(output: Path) -> None:
    """Run the generator (failing on any warning) with the patched templates; write the package into ``output``.

    Raises:
        SystemExit: a template patch does not apply, or the generator failed (the message says why).
    """
    with tempfile.TemporaryDirectory(prefix="templates-") as templates:
        try:
            patched_templates(Path(templates))
        except TemplateError as error:
            raise SystemExit(f"the generator's templates cannot be patched: {error}") from error
        _run_generator(Path(templates), output)


def _run_generator(templates: Path, output: Path) -> None:
    bin_dir = Path(sys.executable).parent
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"}
    command = [
        str(bin_dir / "openapi-python-client"),
        "generate",
        "--path", str(SPEC),
        "--config", str(CONFIG),
        "--custom-template-path", str(templates),
        "--meta", "none",
        "--output-path", str(output),
        "--fail-on-warning",
    ]  # fmt: skip
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SystemExit(f"openapi-python-client failed:\n{result.stdout}{result.stderr}")


def differing_files(expected: Path, actual: Path) -> list[str]:
    """Relative paths that are missing, extra or different in ``actual`` compared to ``expected``."""
    found: list[str] = []

    def walk(comparison: filecmp.dircmp[str], prefix: str) -> None:
        found.extend(f"{prefix}{name} (missing)" for name in comparison.left_only)
        found.extend(f"{prefix}{name} (not generated)" for name in comparison.right_only)
        _, mismatch, errors = filecmp.cmpfiles(
            comparison.left, comparison.right, comparison.common_files, shallow=False
        )
        found.extend(f"{prefix}{name} (differs)" for name in mismatch + errors)
        for name, sub in sorted(comparison.subdirs.items()):
            walk(sub, f"{prefix}{name}/")

    walk(filecmp.dircmp(expected, actual, ignore=["__pycache__"]), "")
    return sorted(found)


def main(argv: Sequence[str], spec: Path = SPEC) -> int:
    """``write`` or ``check`` (``argv`` without the program name); the exit code. ``spec`` is only checked
    (tests give a broken copy); the generator always reads :data:`SPEC`."""
    if len(argv) != 1 or argv[0] not in {"write", "check"}:
        print("usage: python -m tools.generate_client write|check", file=sys.stderr)
        return 2
    problems = spec_problems(spec)
    if problems:  # the spec's line and the problem, rather than the generator's traceback
        target = "generate" if argv[0] == "write" else "check-generated"
        for problem in problems:
            print(problem, file=sys.stderr)
        print(f"the spec has {len(problems)} problem(s): fix them, then run `make {target}` again", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as scratch:
        fresh = Path(scratch) / "onlyoffice_crm_client"
        generate_into(fresh)
        if argv[0] == "write":
            shutil.rmtree(PACKAGE, ignore_errors=True)
            shutil.copytree(fresh, PACKAGE)
            print(f"wrote {PACKAGE.relative_to(ROOT)}")
            return 0
        if not PACKAGE.is_dir():
            print(f"{PACKAGE.relative_to(ROOT)} is missing: run `make generate`", file=sys.stderr)
            return 1
        drift = differing_files(fresh, PACKAGE)
    if drift:
        print("generated/ is not what the spec produces; run `make generate` and commit:", file=sys.stderr)
        for line in drift:
            print(f"  generated/onlyoffice_crm_client/{line}", file=sys.stderr)
        return 1
    print("generated/ is up to date with the spec")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
