"""Build the documentation site as ``make docs`` does: strictly, in a child process, from a clean environment."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Variables that would change what the site shows (the mock portal's flags take defaults from them).
UNSET = ("PORT", "TOKEN", "INVOICES", "SEED", "DATA", "BASE_URL", "USER_NAME", "PASSWORD")
BUILD_TIMEOUT_S = 240


def build_site(site: Path, config: Path = ROOT / "mkdocs.yml") -> subprocess.CompletedProcess[str]:
    """Run ``mkdocs build --strict`` into ``site``; the result holds its exit code and its log."""
    environment = {name: value for name, value in os.environ.items() if name not in UNSET}
    environment["NO_MKDOCS_2_WARNING"] = "1"
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(config), "--site-dir", str(site)],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=BUILD_TIMEOUT_S,
        check=False,
    )
