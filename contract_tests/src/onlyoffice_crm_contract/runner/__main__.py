"""``python -m onlyoffice_crm_contract.runner``."""

import sys

from .cli import main

sys.exit(main())
