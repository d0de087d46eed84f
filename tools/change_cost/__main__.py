"""Entry point: ``python -m tools.change_cost`` from the repository root."""

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
