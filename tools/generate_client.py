"""Generate the client package from the spec, or check that the committed copy is what the spec gives.

Usage: ``python tools/generate_client.py write|check``. Both modes run the pinned
openapi-python-client into a fresh temporary folder, so the output never depends on where it is
written; ``write`` then replaces ``generated/onlyoffice_crm_client`` with it, ``check`` compares
the two byte for byte and exits 1 naming every file that differs.
"""

from __future__ import annotations

import filecmp
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "openapi" / "onlyoffice-crm-invoices.yaml"
CONFIG = ROOT / "openapi" / "generator-config.yaml"
TEMPLATES = ROOT / "openapi" / "templates"
PACKAGE = ROOT / "generated" / "onlyoffice_crm_client"


def generate_into(output: Path) -> None:
    """Run the generator (failing on any warning) and write the package into ``output``."""
    bin_dir = Path(sys.executable).parent
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"}
    command = [
        str(bin_dir / "openapi-python-client"),
        "generate",
        "--path", str(SPEC),
        "--config", str(CONFIG),
        "--custom-template-path", str(TEMPLATES),
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


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[1] not in {"write", "check"}:
        print("usage: generate_client.py write|check", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as scratch:
        fresh = Path(scratch) / "onlyoffice_crm_client"
        generate_into(fresh)
        if argv[1] == "write":
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
    sys.exit(main(sys.argv))
