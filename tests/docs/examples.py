"""The code examples of the documentation, found and run with sybil.

Python blocks run in one namespace per page, in order; ``sh`` and ``bash`` blocks run in bash with ``-e`` and
``-o pipefail``, with the environment and folder the test gives the page. An example that cannot run here is
marked in the page, right before it, with ``<!-- skip: next "reason" -->``, and only for one of
:data:`ALLOWED_REASONS`.
"""

from __future__ import annotations

import ast
import subprocess
from dataclasses import dataclass
from pathlib import Path

from sybil import Document, Example, Sybil
from sybil.evaluators.skip import Skipper
from sybil.parsers.markdown import CodeBlockParser, PythonCodeBlockParser, SkipParser
from sybil.typing import Parser

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
ALLOWED_REASONS = frozenset({"needs a live portal", "interactive login", "calls make"})
SHELL_LANGUAGES = ("sh", "bash")
SHELL_TIMEOUT_S = 120
SHELL_ENVIRONMENT = "__shell_environment__"
SHELL_FOLDER = "__shell_folder__"


def documents() -> list[Path]:
    """Every Markdown page of the site, and README.md (whose quick starts the site includes, so they run once)."""
    return [*sorted(DOCS.rglob("*.md")), ROOT / "README.md"]


def run_shell(example: Example) -> str | None:
    """Run a shell block; a failure is its exit code and what it printed."""
    done = subprocess.run(
        ["bash", "-e", "-o", "pipefail", "-c", example.parsed],
        env=example.namespace[SHELL_ENVIRONMENT],
        cwd=example.namespace[SHELL_FOLDER],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=SHELL_TIMEOUT_S,
        check=False,
    )
    if done.returncode != 0:
        return f"exit code {done.returncode}\n--- stdout\n{done.stdout}\n--- stderr\n{done.stderr}"
    return None


def parse(path: Path) -> Document:
    """The page's examples, with fresh parsers (sybil's skip state lives in its parser)."""
    parsers: list[Parser] = [
        PythonCodeBlockParser(),
        *(CodeBlockParser(language=language, evaluator=run_shell) for language in SHELL_LANGUAGES),
        SkipParser(),
    ]
    return Sybil(parsers).parse(path)


@dataclass(frozen=True)
class NotRun:
    """An example the page marks as not runnable here, and why."""

    where: str
    reason: str


def not_run(document: Document) -> list[NotRun]:
    """The examples a page skips, each with the reason its marker gives (a Python string literal)."""
    skipped, reason = [], None
    for example in document:
        if isinstance(example.region.evaluator, Skipper):
            action, argument = example.parsed
            reason = _reason(example, action, argument)
            continue
        if reason is not None:
            skipped.append(NotRun(f"{_relative(example.path)}:{example.line}", reason))
            reason = None
    return skipped


def _reason(example: Example, action: str, argument: str | None) -> str:
    where = f"{_relative(example.path)}:{example.line}"
    if action != "next" or argument is None:
        raise ValueError(f'{where}: mark each example on its own, with skip: next "reason"')
    try:
        reason = ast.literal_eval(argument)
    except (ValueError, SyntaxError):
        raise ValueError(f"{where}: the reason must be a quoted string, not {argument!r}") from None
    if not isinstance(reason, str):
        raise ValueError(f"{where}: the reason must be a quoted string, not {argument!r}")
    return reason


def _relative(path: str) -> str:
    return str(Path(path).relative_to(ROOT))
