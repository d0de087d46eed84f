"""Tables of the library's keywords, read from the ``Keys:`` sections of its TypedDict docstrings."""

from __future__ import annotations

import inspect
import re

from onlyoffice_crm import Filters, OrderedFilters, Portal, PortalOptions

KEY = re.compile(r"^    (\w+): (.*)$")


def keys(typed_dict: type) -> dict[str, str]:
    """``{key: description}`` from the ``Keys:`` section of a docstring (Google style, one key per entry)."""
    found: dict[str, str] = {}
    section = (inspect.getdoc(typed_dict) or "").partition("Keys:\n")[2]
    current = None
    for line in section.splitlines():
        match = KEY.match(line)
        if match is not None:
            current = match.group(1)
            found[current] = match.group(2)
        elif line.startswith("        ") and current is not None:
            found[current] += " " + line.strip()
        elif line.strip():
            break
    return found


def keys_table(heading: str, *typed_dicts: type, defaults: dict[str, object] | None = None) -> str:
    """One row per key, in declaration order, with its description (Sphinx roles reduced to code); a key
    without a description fails the build."""
    described: dict[str, str] = {}
    for typed_dict in typed_dicts:
        described |= keys(typed_dict)
    declared = [name for typed_dict in typed_dicts for name in typed_dict.__annotations__]
    missing = sorted(set(declared) - set(described))
    if missing:
        raise ValueError(f"no description of {missing} in the Keys sections of {[t.__name__ for t in typed_dicts]}")
    if defaults is None:
        rows = [f"| {heading} | what it takes |", "|---|---|"]
        rows += [f"| `{name}` | {_plain(described[name])} |" for name in dict.fromkeys(declared)]
    else:
        rows = [f"| {heading} | default | what it does |", "|---|---|---|"]
        rows += [
            f"| `{name}` | `{defaults[name]!r}` | {_plain(described[name])} |"
            if name in defaults
            else f"| `{name}` | | {_plain(described[name])} |"
            for name in dict.fromkeys(declared)
        ]
    return "\n".join(rows) + "\n"


def filters_table() -> str:
    """The filters and order keywords of ``invoices()``, ``count_invoices()`` and ``page()``."""
    return keys_table("keyword", Filters, OrderedFilters)


def options_table() -> str:
    """The keywords of ``Portal``, ``Portal.login`` and ``Portal.from_env``, with the defaults ``help()`` shows."""
    parameters = inspect.signature(Portal).parameters
    defaults = {name: parameters[name].default for name in PortalOptions.__annotations__}
    return keys_table("keyword", PortalOptions, defaults=defaults)


def _plain(text: str) -> str:
    text = re.sub(r":\w+:`~?(?:[\w.]*\.)?(\w+)`", r"`\1`", text)
    return text.replace("``", "`").replace("|", "\\|")
