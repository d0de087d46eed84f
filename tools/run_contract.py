"""Kept for old invocations: the contract runner is ``python -m contract_tests.runner`` (see its ``--help``)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from contract_tests.runner.cli import main  # the repository root is on the path now

if __name__ == "__main__":
    sys.exit(main())
