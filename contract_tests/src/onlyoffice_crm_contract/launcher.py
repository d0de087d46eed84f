"""The ``onlyoffice-crm-contract`` entry point: ``--version`` in any install of the kit; without the ``[contract]``
extra (a base install, or ``[mock]`` only, which lacks the suite's pytest, hypothesis and schemathesis), one line
naming it and exit code 2, the checker's code for bad input, instead of a traceback and exit 1, which the checker
keeps for contract failures."""

from __future__ import annotations

import sys

from onlyoffice_mock_portal.launcher import without_extra

PROG = "onlyoffice-crm-contract"
EXTRA = "contract"


def main(argv: list[str] | None = None) -> int:
    """Run the contract checker; without the ``[contract]`` extra, say how to install it and exit 2."""
    arguments = sys.argv[1:] if argv is None else argv
    code = without_extra(PROG, EXTRA, arguments)
    if code is not None:
        return code
    from .runner.cli import main as check

    return check(arguments)
