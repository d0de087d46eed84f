"""Entry point: ``python tools/breaking`` (or ``python -m breaking`` with ``tools`` on the path)."""

import sys
from pathlib import Path

if not __package__:
    # Run as a folder, `python tools/breaking`: make the package importable by its name.
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from breaking.cli import main

sys.exit(main(sys.argv[1:]))
