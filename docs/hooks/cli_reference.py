"""The reference of the ``onlyoffice-crm`` commands, rendered as Markdown from the Typer app itself.

Each command gets a heading (``onlyoffice-crm invoices export``), its help text, its usage line and a table of
its arguments and options per help panel, with what ``--help`` shows for each: so a flag that changes in the code
changes the site.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import griffe
import typer.main
from rich.markup import render

from onlyoffice_crm import STATUS_WORDS
from onlyoffice_crm_cli.app import app

PROGRAM = "onlyoffice-crm"
SOURCE = Path(__file__).resolve().parents[2] / "src"
DEFAULT_PANEL = "Options"


def cli_reference() -> str:
    """Every command of ``onlyoffice-crm``, the root first, as Markdown (third-level headings)."""
    root = typer.main.get_command(app)
    context = root.context_class(root, info_name=PROGRAM)
    return "\n".join(_sections(root, context, PROGRAM))


def _sections(command: Any, context: Any, path: str) -> Iterator[str]:
    yield f"### `{path}`\n"
    yield _help_markdown(command.help or "")
    yield f"```text\n{command.get_usage(context)}\n```\n"
    yield from _parameter_tables(command, context)
    for name, child in sorted(getattr(command, "commands", {}).items()):
        if child.hidden:
            continue
        yield from _sections(child, command.context_class(child, info_name=name, parent=context), f"{path} {name}")


def _help_markdown(text: str) -> str:
    """A docstring as Markdown: its paragraphs as text, its indented lines (examples) as a shell block."""
    blocks = []
    for paragraph in render(textwrap.dedent(text)).plain.strip().split("\n\n"):
        if paragraph.startswith("  "):
            blocks.append("```sh\n" + textwrap.dedent(paragraph) + "\n```")
        else:
            blocks.append(" ".join(line.strip() for line in paragraph.splitlines()))
    return "\n\n".join(blocks) + "\n"


def _parameter_tables(command: Any, context: Any) -> Iterator[str]:
    panels: dict[str, list[tuple[str, str]]] = {}
    for parameter in command.params:
        if getattr(parameter, "hidden", False):
            continue
        record = parameter.get_help_record(context)
        if record is None:  # an argument: Typer puts its help on the parameter itself
            record = (parameter.human_readable_name, parameter.help or "")
        panel = "Arguments" if parameter.param_type_name == "argument" else DEFAULT_PANEL
        panels.setdefault(getattr(parameter, "rich_help_panel", None) or panel, []).append(record)
    for panel, records in panels.items():
        yield f"**{panel}**\n\n| option | meaning |\n|---|---|"
        # Python-Markdown's tables leave a pipe inside a code span alone; in text it is escaped.
        yield from (f"| `{' '.join(name.split())}` | {_cell(meaning)} |" for name, meaning in records)
        yield ""


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def exit_codes_table() -> str:
    """The command's exit codes, from ``ExitCode`` and its members' docstrings (read with griffe, as
    mkdocstrings does), in code order."""
    exit_codes = griffe.load("onlyoffice_crm_cli._exit_codes", search_paths=[str(SOURCE)])
    rows = ["| code | name | meaning |", "|---|---|---|"]
    members = exit_codes["ExitCode"].members.values()
    for member in sorted(members, key=lambda member: int(str(member.value))):
        meaning = " ".join((member.docstring.value if member.docstring else "").split()).replace("``", "`")
        rows.append(f"| {member.value} | `{member.name}` | {meaning.replace('|', chr(92) + '|')} |")
    return "\n".join(rows) + "\n"


def status_words_table() -> str:
    """Each status as ``--status`` takes it and as the command writes it (the portal's neutral title), from the
    library's ``STATUS_WORDS`` (the one word per status) and ``InvoiceStatus`` (the member names, also taken)."""
    rows = ["| id | `--status` | also taken | `list`, `export` and `totals` write |", "|---|---|---|---|"]
    for status, word in STATUS_WORDS.items():
        also = [name for name in (status.name.lower(), str(int(status))) if name != word]
        taken = ", ".join(f"`{name}`" for name in also)
        rows.append(f"| {int(status)} | `{word}` | {taken} | {word.capitalize()} |")
    return "\n".join(rows) + "\n"
