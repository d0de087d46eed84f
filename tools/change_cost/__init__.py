"""What one spec-only change costs: which parts of the kit stop passing their tests when only the spec moves.

``python -m tools.change_cost [NAME ...]`` (``make change-cost``) takes each change committed as a patch of the
spec in ``tools/change_cost/changes/``, applies it in a temporary clone of this repository (its ``HEAD`` plus the
working tree's uncommitted files, or ``HEAD`` alone with ``--head``), regenerates the client there
(``make generate``), runs the clone's whole test suite, and prints, for each change, the parts whose tests fail
and the failing tests. The modules, one job each:

- :mod:`tools.change_cost.changes` -- the committed changes: each patch and the one line that says what it does;
- :mod:`tools.change_cost.parts` -- which part of the kit a test belongs to (library, CLI, mock portal, ...);
- :mod:`tools.change_cost.sandbox` -- the temporary clone, its virtual environment, the patch, the generator;
- :mod:`tools.change_cost.outcome` -- the failing tests of one pytest run, read from its summary;
- :mod:`tools.change_cost.cli` -- the command line and the tables.
"""
