"""`make breaking` sees the library's API and the command line: each kind of change, made to a small library
and Typer application committed in a throw-away repository, is named, and only compatible ones exit 0."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from textwrap import dedent

import pytest

from tools.breaking.compare import compare
from tools.breaking.model import ApiChange, Surface

ROOT = Path(__file__).resolve().parents[2]
LIBRARY_FILE = "src/onlyoffice_crm/__init__.py"
CLI_FILE = "src/onlyoffice_crm_cli/app.py"

# The shape of the real library: filters declared once in a TypedDict, method signatures built from it at
# import time, defaults taken from a table, an exception hierarchy.
LIBRARY = dedent('''
    """A small library shaped like onlyoffice_crm."""

    import inspect
    from typing import TypedDict, Unpack, get_type_hints

    __all__ = ["DEFAULT_LIMIT", "Filters", "Portal", "PortalError", "RateLimitError"]

    DEFAULT_LIMIT = 25
    DEFAULTS = {"timeout": 30.0}


    class Filters(TypedDict, total=False):
        status: str | None
        contact: int | None


    class Options(TypedDict, total=False):
        timeout: float


    def with_keywords(keywords, defaults=None):
        given = defaults or {}
        p = inspect.Parameter

        def decorate(function):
            signature = inspect.signature(function)
            kept = [q for q in signature.parameters.values() if q.kind is not p.VAR_KEYWORD]
            added = [
                inspect.Parameter(name, p.KEYWORD_ONLY, default=given.get(name), annotation=hint)
                for name, hint in get_type_hints(keywords).items()
            ]
            function.__signature__ = signature.replace(parameters=[*kept, *added])
            return function
        return decorate


    class PortalError(Exception):
        """Any failure."""


    class RateLimitError(PortalError):
        """429."""


    class Portal:
        @with_keywords(Options, defaults=DEFAULTS)
        def __init__(self, base_url: str, **options: Unpack[Options]) -> None:
            self.base_url = base_url

        @with_keywords(Filters)
        def invoices(self, *, limit: int = DEFAULT_LIMIT, **filters: Unpack[Filters]) -> list[str]:
            return []
''')

CLI = dedent('''
    """A small Typer application shaped like onlyoffice-crm."""

    import enum
    from dataclasses import dataclass
    from typing import Annotated

    import typer

    app = typer.Typer(name="onlyoffice-crm", no_args_is_help=True)
    invoices_app = typer.Typer(no_args_is_help=True)
    app.add_typer(invoices_app, name="invoices")


    class Order(enum.Enum):
        NUMBER = "number"
        DUE = "due"


    @invoices_app.command("list")
    def list_invoices(
        status: Annotated[str | None, typer.Option("--status", "-s")] = None,
        limit: Annotated[int, typer.Option(envvar="CRM_LIMIT")] = 25,
        sort: Annotated[Order, typer.Option()] = Order.NUMBER,
        page: Annotated[int, typer.Option(min=1, max=1000)] = 100,
    ) -> None:
        """List invoices."""


    @dataclass(frozen=True)
    class Column:
        name: str


    COLUMNS = {name: Column(name) for name in ("number", "status", "contact", "amount")}
    DEFAULT_COLUMNS = ("number", "amount")
    COLUMN_ALIASES = {"customer": "contact"}


    def choose_columns(spec):
        if spec is None:
            return [COLUMNS[name] for name in DEFAULT_COLUMNS]
        names = [COLUMN_ALIASES.get(name, name) for name in spec.split(",")]
        if names == ["all"]:
            return list(COLUMNS.values())
        unknown = [name for name in names if name not in COLUMNS]
        if unknown:
            raise ValueError(f"unknown columns {unknown}")
        return [COLUMNS[name] for name in names]


    @app.command()
    def logout() -> None:
        """Forget the token."""
''')


def git(repo: Path, *args: str) -> None:
    identity = ["-c", "user.name=Test", "-c", "user.email=test@example.com", "-c", "commit.gpgsign=false"]
    subprocess.run(["git", "-C", str(repo), *identity, *args], capture_output=True, check=True)


def edit(repo: Path, path: str, old: str, new: str) -> None:
    file = repo / path
    text = file.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path}"
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository on `main` with the real spec and generated package and the small library and CLI."""
    root = tmp_path / "repo"
    (root / "openapi").mkdir(parents=True)
    shutil.copyfile(
        ROOT / "openapi" / "onlyoffice-crm-invoices.yaml", root / "openapi" / "onlyoffice-crm-invoices.yaml"
    )
    shutil.copytree(
        ROOT / "generated" / "onlyoffice_crm_client",
        root / "generated" / "onlyoffice_crm_client",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    for path, text in ((LIBRARY_FILE, LIBRARY), (CLI_FILE, CLI)):
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text, encoding="utf-8")
    (root / "src" / "onlyoffice_crm_cli" / "__init__.py").write_text('"""The CLI."""\n', encoding="utf-8")
    git(root, "init", "--quiet", "--initial-branch=main")
    git(root, "add", "--all")
    git(root, "commit", "--quiet", "--message=base")
    return root


def changes(repo: Path) -> set[tuple[Surface, str, str, bool]]:
    found: list[ApiChange] = compare(repo, "main").api_changes
    return {(change.surface, change.path, change.message, change.breaking) for change in found}


LIB, CLI_ = Surface.LIBRARY, Surface.CLI
INVOICES = "onlyoffice_crm.Portal.invoices"
LIST = "onlyoffice-crm invoices list"
EXPORT = "onlyoffice-crm --columns"
COLUMNS_LINE = 'COLUMNS = {name: Column(name) for name in ("number", "status", "contact", "amount")}'
DEFAULT_LINE = 'DEFAULT_COLUMNS = ("number", "amount")'
ALIASES_LINE = 'COLUMN_ALIASES = {"customer": "contact"}'


@pytest.mark.timeout(120)
@pytest.mark.parametrize(
    ("path", "old", "new", "expected"),
    [
        (
            LIBRARY_FILE,
            "    contact: int | None\n",
            "",
            {
                (LIB, "onlyoffice_crm.Filters", "key `contact` removed", True),
                (LIB, INVOICES, "parameter `contact` removed", True),
            },
        ),
        (
            LIBRARY_FILE,
            "    contact: int | None\n",
            "    customer: int | None\n",
            {
                (LIB, "onlyoffice_crm.Filters", "key `contact` removed", True),
                (LIB, INVOICES, "parameter `contact` removed", True),
                (LIB, INVOICES, "optional parameter `customer` added", False),
                (LIB, "onlyoffice_crm.Filters", "optional key `customer` added", False),
            },
        ),
        (
            LIBRARY_FILE,
            '"PortalError", "RateLimitError"]',
            '"PortalError"]',
            {(LIB, "onlyoffice_crm.RateLimitError", "exception removed", True)},
        ),
        (
            LIBRARY_FILE,
            "class RateLimitError(PortalError):",
            "class RateLimitError(Exception):",
            {(LIB, "onlyoffice_crm.RateLimitError", "no longer a subclass of PortalError", True)},
        ),
        (
            LIBRARY_FILE,
            'DEFAULTS = {"timeout": 30.0}',
            'DEFAULTS = {"timeout": 60.0}',
            {(LIB, "onlyoffice_crm.Portal", "parameter `timeout` default changed: 30.0 -> 60.0", True)},
        ),
        (
            LIBRARY_FILE,
            "DEFAULT_LIMIT = 25",
            "DEFAULT_LIMIT = 50",
            {
                (LIB, "onlyoffice_crm.DEFAULT_LIMIT", "value changed: 25 -> 50", True),
                (LIB, INVOICES, "parameter `limit` default changed: 25 -> 50", True),
            },
        ),
        (
            CLI_FILE,
            "@app.command()\ndef logout",
            "def logout",
            {(CLI_, "onlyoffice-crm logout", "command removed", True)},
        ),
        (
            CLI_FILE,
            '    status: Annotated[str | None, typer.Option("--status", "-s")] = None,\n',
            "",
            {(CLI_, LIST, "option `--status` removed", True)},
        ),
        (
            CLI_FILE,
            'typer.Option("--status", "-s")',
            'typer.Option("--state", "-s")',
            {(CLI_, LIST, "option `--status`: `--status` no longer accepted (now `--state`)", True)},
        ),
        (
            CLI_FILE,
            "= 25,",
            "= 50,",
            {(CLI_, LIST, "option `--limit` default changed: 25 -> 50", True)},
        ),
        (
            CLI_FILE,
            '    DUE = "due"\n',
            "",
            {(CLI_, LIST, "option `--sort` no longer accepts 'due'", True)},
        ),
        (
            CLI_FILE,
            'typer.Option(envvar="CRM_LIMIT")',
            "typer.Option()",
            {(CLI_, LIST, "option `--limit` is no longer read from $CRM_LIMIT", True)},
        ),
        (
            CLI_FILE,
            "typer.Option(min=1, max=1000)",
            "typer.Option(min=10, max=500, clamp=True)",
            {
                (CLI_, LIST, "option `--page` minimum 1 -> 10 (tightened)", True),
                (CLI_, LIST, "option `--page` maximum 1000 -> 500 (tightened)", True),
                (CLI_, LIST, "option `--page` now clamps values out of its range", True),
            },
        ),
        (
            CLI_FILE,
            'typer.Option(envvar="CRM_LIMIT")',
            'typer.Option(envvar="CRM_LIMIT", max=100)',
            {(CLI_, LIST, "option `--limit` maximum none -> 100 (tightened)", True)},
        ),
        (
            CLI_FILE,
            f"{COLUMNS_LINE}\n{DEFAULT_LINE}\n{ALIASES_LINE}",
            COLUMNS_LINE.replace('"status", ', "")
            + '\nDEFAULT_COLUMNS = ("number", "contact", "amount")\nCOLUMN_ALIASES = {"client": "contact"}',
            {
                (CLI_, EXPORT, "column `status` removed", True),
                (CLI_, EXPORT, "default columns changed: number,amount -> number,contact,amount", True),
                (CLI_, EXPORT, "old column name `customer` no longer accepted", True),
            },
        ),
        (
            CLI_FILE,
            '("number", "status", "contact", "amount")',
            '("status", "number", "contact", "amount")',
            {(CLI_, EXPORT, "columns of `--columns all` swapped places (read by position, they move)", True)},
        ),
    ],
    ids=[
        "filter keyword removed",
        "filter keyword renamed",
        "exception removed",
        "exception moved out of the hierarchy",
        "option default from a table changed",
        "parameter default changed",
        "command removed",
        "option removed",
        "option renamed",
        "option default changed",
        "choice removed",
        "environment variable dropped",
        "option bounds tightened",
        "option bound added",
        "export column, default columns and old column name changed",
        "export columns reordered",
    ],
)
def test_a_breaking_change_is_named_and_breaks(
    repo: Path, path: str, old: str, new: str, expected: set[tuple[Surface, str, str, bool]]
) -> None:
    edit(repo, path, old, new)

    found = changes(repo)

    assert found == expected


@pytest.mark.timeout(120)
def test_additions_are_compatible(repo: Path) -> None:
    edit(
        repo,
        LIBRARY_FILE,
        "    contact: int | None\n",
        "    contact: int | None\n    currency: str | None\n",
    )
    edit(repo, CLI_FILE, '    DUE = "due"\n', '    DUE = "due"\n    ISSUED = "issued"\n')
    edit(
        repo,
        CLI_FILE,
        ') -> None:\n    """List',
        '    desc: Annotated[bool, typer.Option("--desc")] = False,\n) -> None:\n    """List',
    )
    edit(
        repo,
        CLI_FILE,
        "@app.command()\ndef logout",
        '@app.command()\ndef login() -> None:\n    """Log in."""\n\n\n@app.command()\ndef logout',
    )

    assert changes(repo) == {
        (LIB, "onlyoffice_crm.Filters", "optional key `currency` added", False),
        (LIB, INVOICES, "optional parameter `currency` added", False),
        (CLI_, LIST, "option `--desc` added", False),
        (CLI_, LIST, "option `--sort` now also accepts 'issued'", False),
        (CLI_, "onlyoffice-crm login", "command added", False),
    }


@pytest.mark.timeout(120)
def test_a_new_column_a_renamed_one_and_a_loosened_bound_are_compatible(repo: Path) -> None:
    edit(repo, CLI_FILE, '"contact", "amount")', '"contact", "amount", "discount")')
    edit(repo, CLI_FILE, "typer.Option(min=1, max=1000)", "typer.Option(min=0, max=2000)")
    edit(repo, CLI_FILE, '"status", "contact"', '"state", "contact"')
    edit(
        repo,
        CLI_FILE,
        'COLUMN_ALIASES = {"customer": "contact"}',
        'COLUMN_ALIASES = {"customer": "contact", "status": "state"}',
    )

    assert changes(repo) == {
        (CLI_, EXPORT, "column `discount` added", False),
        (CLI_, EXPORT, "column `state` added", False),
        (CLI_, EXPORT, "column `status` renamed (the old name is still accepted)", False),
        (CLI_, LIST, "option `--page` minimum 1 -> 0 (loosened)", False),
        (CLI_, LIST, "option `--page` maximum 1000 -> 2000 (loosened)", False),
    }


@pytest.mark.timeout(120)
def test_make_breaking_exits_1_for_a_cli_change_and_0_for_an_addition(repo: Path) -> None:
    def run() -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "tools.breaking", "--repo", str(repo), "--base", "main", "--changelog"]
        return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)

    edit(
        repo,
        CLI_FILE,
        "@app.command()\ndef logout",
        '@app.command()\ndef login() -> None:\n    """Log in."""\n\n\n@app.command()\ndef logout',
    )
    added = run()
    edit(repo, CLI_FILE, "= 25,", "= 50,")
    changed = run()

    assert added.returncode == 0, added.stdout + added.stderr
    assert "- Command `onlyoffice-crm login`: command added" in added.stdout
    assert changed.returncode == 1, changed.stdout + changed.stderr
    assert (
        "Command line onlyoffice-crm: breaking (1)\n  onlyoffice-crm invoices list: option `--limit`" in changed.stdout
    )
    assert (
        "- **Breaks command lines:** Command `onlyoffice-crm invoices list`: option `--limit` default" in changed.stdout
    )


@pytest.mark.timeout(120)
def test_a_library_that_no_longer_imports_is_bad_input(repo: Path) -> None:
    edit(repo, LIBRARY_FILE, "import inspect\n", "import inspect\nimport not_a_module_anywhere\n")

    done = subprocess.run(
        [sys.executable, "-m", "tools.breaking", "--repo", str(repo), "--base", "main"],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip

    assert done.returncode == 2, done.stdout + done.stderr
    assert done.stderr.splitlines() == [
        "breaking: the Python API or the command line in the working tree cannot be imported: "
        "ModuleNotFoundError: No module named 'not_a_module_anywhere'"
    ]


@pytest.mark.timeout(120)
def test_the_real_library_and_cli_are_described_without_noise_and_a_dropped_filter_is_named(tmp_path: Path) -> None:
    root = tmp_path / "real"
    for folder in ("openapi", "generated", "src"):
        shutil.copytree(ROOT / folder, root / folder, ignore=shutil.ignore_patterns("__pycache__"), symlinks=True)
    git(root, "init", "--quiet", "--initial-branch=main")
    git(root, "add", "--all")
    git(root, "commit", "--quiet", "--message=base")
    assert changes(root) == set()

    declaring = [
        f for f in (root / "src" / "onlyoffice_crm").rglob("*.py") if "class Filters(TypedDict" in f.read_text()
    ]
    assert len(declaring) == 1, "the library declares its filters in one TypedDict, Filters"
    text = declaring[0].read_text(encoding="utf-8")
    dropped = re.sub(r"(class Filters\(TypedDict.*?\n)(    contact: [^\n]*\n)", r"\1", text, count=1, flags=re.DOTALL)
    assert dropped != text
    declaring[0].write_text(dropped, encoding="utf-8")

    found = changes(root)

    assert (LIB, "onlyoffice_crm.Filters", "key `contact` removed", True) in found
    assert (LIB, "onlyoffice_crm.Portal.invoices", "parameter `contact` removed", True) in found
    assert (LIB, "onlyoffice_crm.AsyncPortal.count_invoices", "parameter `contact` removed", True) in found
