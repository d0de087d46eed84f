"""``python -m contract_tests.runner``."""

import sys

from .cli import main

sys.exit(main())
