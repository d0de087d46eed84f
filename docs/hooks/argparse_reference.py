"""Flags of an argparse command as Markdown tables, one per argument group, read from the parser itself.

Used for ``onlyoffice-mock-portal`` and ``onlyoffice-crm-contract``, so that a flag that changes in the code
changes the site.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator

# What a value looks like, by the name of the function argparse converts it with.
VALUE_KINDS = {
    "int": "int",
    "float": "number",
    "str": "text",
    "Path": "file",
    "_share": "0..1",
    "_count": "int ≥ 0",
    "_positive": "number > 0",
    "_non_negative": "number ≥ 0",
}


def argparse_tables(parser: argparse.ArgumentParser) -> str:
    """One table per argument group of ``parser``: flag, value, and meaning with its default filled in."""
    return "\n".join(_tables(parser))


def _tables(parser: argparse.ArgumentParser) -> Iterator[str]:
    # argparse has no public way to walk its groups; its own format_help walks this same list.
    for group in parser._action_groups:
        actions = [action for action in group._group_actions if action.help != argparse.SUPPRESS]
        if not actions:
            continue
        yield f"### {(group.title or 'options').capitalize()}\n"
        if group.description:
            yield f"{group.description}\n"
        yield "| flag | value | meaning |\n|---|---|---|"
        for action in actions:
            flags = ", ".join(f"`{flag}`" for flag in action.option_strings) or f"`{action.dest}`"
            yield f"| {flags} | {_value(action)} | {_meaning(parser, action)} |"
        yield ""


def _value(action: argparse.Action) -> str:
    if action.nargs == 0:
        return ""
    if action.choices is not None:
        return " or ".join(f"`{choice}`" for choice in action.choices)
    if isinstance(action.metavar, str):
        return f"`{action.metavar}`"
    return VALUE_KINDS.get(getattr(action.type, "__name__", "str"), "value")


def _meaning(parser: argparse.ArgumentParser, action: argparse.Action) -> str:
    """The help text with ``%(default)s`` and the like filled in, as argparse's formatter does."""
    text = action.help or ""
    if "%" in text:
        text = text % {**vars(action), "prog": parser.prog}
    return " ".join(text.split()).replace("|", "\\|")
