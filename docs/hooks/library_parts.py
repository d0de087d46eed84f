"""Tables of the library's keywords, read from the ``Keys:`` sections of its TypedDict docstrings, and the API
reference of every name in ``onlyoffice_crm.__all__``."""

from __future__ import annotations

import inspect
import re

import onlyoffice_crm
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


CLIENT_REFERENCE = "client.md"
"""The page (beside the library's) of the generated client, where the names the library re-exports are described."""


def library_reference() -> str:
    """A ``:::`` block (mkdocstrings) for every name of ``onlyoffice_crm.__all__``, grouped: classes, functions,
    constants and type aliases, errors (``PortalError`` first); the generated client's models the library names are
    listed with a link to their own reference. A name added to ``__all__`` is on the page with no edit."""
    sections: dict[str, list[str]] = {"Classes": [], "Functions": [], "Constants and type aliases": [], "Errors": []}
    from_client = []
    for name in onlyoffice_crm.__all__:
        value = getattr(onlyoffice_crm, name)
        module = str(getattr(value, "__module__", "onlyoffice_crm"))
        if callable(value) and not typing_alias(value) and not module.startswith("onlyoffice_crm."):
            from_client.append(name)
        elif inspect.isclass(value) and issubclass(value, BaseException):
            sections["Errors"].append(name)
        elif inspect.isclass(value) and not typing_alias(value):
            sections["Classes"].append(name)
        elif callable(value) and not typing_alias(value):
            sections["Functions"].append(name)
        else:
            sections["Constants and type aliases"].append(name)
    sections["Errors"].sort(key=lambda name: name != "PortalError")
    blocks = []
    for heading, names in sections.items():
        blocks.append(f"## {heading}\n")
        blocks += [f"::: onlyoffice_crm.{name}\n    options:\n      heading_level: 3\n" for name in names]
    if from_client:
        named = ", ".join(f"`{name}`" for name in from_client)
        blocks.append(
            "## From the generated client\n\n"
            f"{named}: the generated client's, named by the library too; see "
            f"[the generated client]({CLIENT_REFERENCE}).\n"
        )
    return "\n".join(blocks)


def typing_alias(value: object) -> bool:
    """Whether ``value`` is a type alias (``Literal[...]``) rather than a class of its own."""
    return getattr(value, "__origin__", None) is not None
