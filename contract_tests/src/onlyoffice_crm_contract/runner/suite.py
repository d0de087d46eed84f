"""Where the installed suite is, its defaults, and the pytest command line that runs it from any directory.

The suite's test files, ``conftest.py`` and ``schemathesis.toml`` ship inside the package; pytest is pointed at
them with a configuration file of the checker's own (written to a temporary folder), so that no ``pytest.ini``,
``pyproject.toml`` or ``conftest.py`` of the directory the checker runs in takes part, and nothing is written there
but the reports.
"""

from __future__ import annotations

import tomllib
from importlib.resources import files
from pathlib import Path

# The runner finds the suite by name, as files: it imports nothing of it.
SUITE_PACKAGE = "onlyoffice_crm_contract.suite"
SCHEMATHESIS_CONFIG = "schemathesis.toml"
TARGET_MARKER = "target"

# The pytest configuration of a checker run: the marker the checker selects, registered (strict markers catch a
# misspelt one), Starlette's test-client notice and the rewrite notice of modules the runner imported first
# silenced (the suite's in-process target runs on httpx 0.28), the tests' properties kept in the JUnit report
# (xunit1), a ceiling for any one test.
INI = """\
[pytest]
addopts = --strict-markers --import-mode=importlib
markers =
    target: sends requests to the contract target; the checker selects these
filterwarnings =
    ignore:Using `httpx` with `starlette.testclient` is deprecated
    ignore::pytest.PytestAssertRewriteWarning
junit_family = xunit1
timeout = 300
"""


class SuiteNotFoundError(RuntimeError):
    """The suite's files are not on disk (e.g. the kit was installed as a zip): the checker cannot run."""


def suite_dir() -> Path:
    """The folder of the installed suite: its test files, ``conftest.py`` and ``schemathesis.toml``."""
    folder = files(SUITE_PACKAGE)
    if not isinstance(folder, Path) or not folder.joinpath("conftest.py").is_file():
        raise SuiteNotFoundError(f"the contract suite is not installed as files on disk ({folder}): reinstall the kit")
    return folder


def default_max_examples() -> int:
    """The suite's generated cases per operation when a run names none: ``max-examples`` of its
    ``schemathesis.toml`` (read as a file, so that ``--help`` stays quick)."""
    document = tomllib.loads(files(SUITE_PACKAGE).joinpath(SCHEMATHESIS_CONFIG).read_text(encoding="utf-8"))
    return int(document["generation"]["max-examples"])


def pytest_arguments(config_dir: Path, junit: Path, select: str = "") -> list[str]:
    """pytest's command line for the target-facing tests of the suite; writes its ini file into ``config_dir``.

    ``--rootdir`` is the suite's folder, so test ids read ``test_behaviour.py::...``; the cache plugin is off, so
    nothing is written to the current directory; pytest's summary of warnings is off, as the run's summary names
    each warning once."""
    suite = suite_dir()
    ini = config_dir / "pytest.ini"
    ini.write_text(INI, encoding="utf-8")
    arguments = [
        str(suite), "-m", TARGET_MARKER, "-c", str(ini), "--rootdir", str(suite), "-p", "no:cacheprovider",
        "-q", "--tb=short", "--disable-warnings", f"--junitxml={junit}", "-o", "junit_logging=no",
    ]  # fmt: skip
    if select:
        arguments += ["-k", select]
    return arguments
