"""The ``onlyoffice-crm`` entry point: one line and exit code 2 when the ``[cli]`` extra is not installed."""

from __future__ import annotations

import importlib.util
import sys

EXTRA_MODULES = ("typer", "rich", "keyring", "platformdirs", "xlsxwriter")
INSTALL_HINT = (
    "onlyoffice-crm needs its extra dependencies: pip install 'onlyoffice-crm-client[cli]' (missing: {missing})"
)


def missing_modules() -> list[str]:
    """The top-level modules of the ``[cli]`` extra that are not installed (found without importing them)."""
    missing = []
    for name in EXTRA_MODULES:
        try:
            found = importlib.util.find_spec(name) is not None
        except (ImportError, ValueError):  # ValueError: a module set to None in sys.modules
            found = False
        if not found:
            missing.append(name)
    return missing


def main() -> None:
    """Run the command line; without the extra, say how to install it and exit 2."""
    missing = missing_modules()
    if missing:
        print(INSTALL_HINT.format(missing=", ".join(missing)), file=sys.stderr)
        raise SystemExit(2)
    from .app import app

    app(prog_name="onlyoffice-crm")
