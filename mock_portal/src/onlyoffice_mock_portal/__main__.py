"""``python -m onlyoffice_mock_portal``: the same as the ``onlyoffice-mock-portal`` command."""

import sys

from .cli import main

sys.exit(main())
