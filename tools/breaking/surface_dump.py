"""Describe, as JSON, what the library and the command line show their users; run in a child process.

``python -P -m tools.breaking.surface_dump [--library PACKAGE] [--cli PACKAGE --prog NAME]`` imports the
packages found first on ``PYTHONPATH`` (the caller puts the tree to describe there) and prints:

- ``library``: for each name in the package's ``__all__`` and each public member of its classes, what it is,
  its signature as ``inspect.signature`` gives it (so with the keywords and defaults a decorator builds from a
  ``TypedDict`` at import time), its exported base classes, a ``TypedDict``'s keys, an enum's values;
- ``cli``: for each command of the Typer application, its parameters as click sees them (option strings,
  default, required, flag, type, choices and bounds, environment variable);
- ``columns``: the export's columns as the command line's own ``choose_columns`` gives them (``all``, the
  default ones, and the old names it still accepts), or ``None`` when the package has no such function;
- ``files``: the file each package was imported from, so the caller can check which tree it described.

It runs in a process of its own because it imports the code it describes, for a git ref as well as for the
working tree; it imports nothing from this repository but the packages named.
"""

from __future__ import annotations

import argparse
import enum
import importlib
import inspect
import json
import pkgutil
import re
import sys
import typing
from collections.abc import Sequence
from typing import Any

JsonObject = dict[str, Any]
# Where a public member is inherited from one of these, it is Python's, not the package's.
FOREIGN_MODULES = frozenset({"builtins", "typing", "abc", "collections.abc", "_collections_abc", "enum", "types"})
ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")


def text(value: object) -> str:
    """A stable text for a value: its repr without memory addresses."""
    return ADDRESS.sub("", repr(value))


def annotation_text(annotation: object, package: str) -> str | None:
    """An annotation as text; the package's own classes named by the package, not by their module."""
    if annotation is inspect.Parameter.empty:
        return None
    shown = annotation if isinstance(annotation, str) else inspect.formatannotation(annotation)
    # `pkg.filters.DateRange` and `pkg._filters.DateRange` are the same class to a caller.
    return re.sub(rf"\b{re.escape(package)}\.(?:\w+\.)+(?=\w)", f"{package}.", shown)


def signature(obj: object, package: str) -> JsonObject | None:
    """Parameters (name, kind, default, annotation) and return annotation; ``None`` when Python has none."""
    try:
        found = inspect.signature(obj)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    parameters = [
        {
            "name": parameter.name,
            "kind": parameter.kind.name,
            "default": None if parameter.default is inspect.Parameter.empty else text(parameter.default),
            "annotation": annotation_text(parameter.annotation, package),
        }
        for parameter in found.parameters.values()
    ]
    return {"parameters": parameters, "returns": annotation_text(found.return_annotation, package)}


def _owner(cls: type, name: str) -> type | None:
    return next((klass for klass in cls.__mro__ if name in vars(klass)), None)


def _member(cls: type, name: str, package: str) -> JsonObject:
    raw = inspect.getattr_static(cls, name)
    if isinstance(raw, property):
        getter = signature(raw.fget, package) if raw.fget is not None else None
        return {"kind": "property", "returns": getter["returns"] if getter else None}
    if isinstance(raw, classmethod | staticmethod):
        kind = "classmethod" if isinstance(raw, classmethod) else "staticmethod"
        return {"kind": kind, "signature": signature(getattr(cls, name), package)}
    if inspect.isfunction(raw):
        return {"kind": "method", "signature": signature(raw, package)}
    if isinstance(raw, enum.Enum):
        return {"kind": "enum member", "value": text(raw.value)}
    return {"kind": "attribute"}


def describe_class(path: str, cls: type, package: str, exported: dict[int, str]) -> dict[str, JsonObject]:
    """The class at ``path`` and its public members, each under its own path."""
    bases = [
        exported.get(id(base), base.__name__)
        for base in cls.__mro__[1:]
        if id(base) in exported or base.__module__ == "builtins"
    ]
    if typing.is_typeddict(cls):
        hints = typing.get_type_hints(cls)
        keys = {name: annotation_text(hint, package) for name, hint in hints.items()}
        required = sorted(getattr(cls, "__required_keys__", ()))
        return {path: {"kind": "TypedDict", "keys": keys, "required": required}}
    kind = "exception" if issubclass(cls, BaseException) else "enum" if issubclass(cls, enum.Enum) else "class"
    found: dict[str, JsonObject] = {path: {"kind": kind, "bases": bases, "signature": signature(cls, package)}}
    names = [name for name in dir(cls) if not name.startswith("_")]
    if issubclass(cls, enum.Enum):
        names = [*cls.__members__, *(name for name in names if name not in cls.__members__)]
    for name in names:
        owner = _owner(cls, name)
        if owner is None or owner.__module__ in FOREIGN_MODULES:
            continue
        found[f"{path}.{name}"] = _member(cls, name, package)
    return found


def describe_library(package_name: str) -> dict[str, JsonObject]:
    """Every public name of the package (its ``__all__``), and the public members of its classes."""
    package = importlib.import_module(package_name)
    public = list(getattr(package, "__all__", [name for name in vars(package) if not name.startswith("_")]))
    exported = {id(getattr(package, name)): name for name in public}
    found: dict[str, JsonObject] = {}
    for name in public:
        obj = getattr(package, name)
        path = f"{package_name}.{name}"
        module = getattr(obj, "__module__", None)
        own = isinstance(module, str) and (module == package_name or module.startswith(f"{package_name}."))
        if inspect.ismodule(obj):
            found[path] = {"kind": "module"}
        elif (inspect.isclass(obj) or inspect.isfunction(obj)) and not own:
            # Described where it is defined (the generated client is compared on its own).
            found[path] = {"kind": "re-export", "of": f"{str(module).split('.')[0]}.{obj.__qualname__}"}
        elif inspect.isclass(obj):
            found.update(describe_class(path, obj, package_name, exported))
        elif typing.get_origin(obj) is not None:  # a type alias such as ``Literal[...]`` (callable, not a function)
            found[path] = {"kind": "type alias", "value": text(obj)}
        elif callable(obj):
            found[path] = {"kind": "function", "signature": signature(obj, package_name)}
        elif isinstance(obj, bool | int | float | str | bytes | tuple | frozenset | type(None)):
            found[path] = {"kind": "constant", "value": text(obj)}
        else:
            found[path] = {"kind": "object", "type": type(obj).__name__}
    return found


def _modules(package_name: str) -> list[Any]:
    """The package and every module under it (but ``__main__``), imported."""
    package = importlib.import_module(package_name)
    modules = [package]
    for info in pkgutil.walk_packages(package.__path__, f"{package_name}."):
        if info.name.rsplit(".", 1)[-1] != "__main__":
            modules.append(importlib.import_module(info.name))
    return modules


def _typer_apps(package_name: str) -> list[Any]:
    typer = importlib.import_module("typer")
    modules = _modules(package_name)
    apps = {id(value): value for module in modules for value in vars(module).values() if isinstance(value, typer.Typer)}
    nested = {id(group.typer_instance) for app in apps.values() for group in app.registered_groups}
    return [app for key, app in apps.items() if key not in nested]


def _parameter(parameter: Any) -> JsonObject:
    choices = getattr(parameter.type, "choices", None)
    envvar = parameter.envvar
    default = parameter.default.value if isinstance(parameter.default, enum.Enum) else parameter.default
    return {
        "name": parameter.name,
        "kind": parameter.param_type_name,
        "opts": list(parameter.opts),
        "secondary": list(parameter.secondary_opts),
        "required": bool(parameter.required),
        "default": "(computed)" if callable(default) else text(default),
        "flag": bool(getattr(parameter, "is_flag", False)),
        "multiple": bool(parameter.multiple),
        "nargs": parameter.nargs,
        "type": parameter.type.name,
        "choices": None if choices is None else [str(getattr(c, "value", c)) for c in choices],
        "bounds": _bounds(parameter.type),
        "envvar": [] if envvar is None else [envvar] if isinstance(envvar, str) else list(envvar),
    }


def _bounds(kind: Any) -> JsonObject | None:
    """A click range's bounds (``IntRange``, ``FloatRange``): min and max, open or closed, clamping or not."""
    if not hasattr(kind, "min") or not hasattr(kind, "max"):
        return None
    return {
        "min": kind.min,
        "max": kind.max,
        "min_open": bool(getattr(kind, "min_open", False)),
        "max_open": bool(getattr(kind, "max_open", False)),
        "clamp": bool(getattr(kind, "clamp", False)),
    }


def describe_columns(package_name: str) -> JsonObject | None:
    """The export's columns, asked of the package's own ``choose_columns(spec)``: ``None`` gives the default
    columns, ``"all"`` every column in its order, and each key of a ``COLUMN_ALIASES`` mapping beside it is an
    old name, kept when the function still accepts it. ``None`` when no module of the package has the function."""
    for module in _modules(package_name):
        choose = vars(module).get("choose_columns")
        if not callable(choose):
            continue
        aliases = vars(module).get("COLUMN_ALIASES") or {}
        accepted = []
        for alias in aliases:
            try:
                choose(alias)
            except Exception:  # the function's own refusal, whatever its class: not accepted
                continue
            accepted.append(alias)
        return {
            "all": [column.name for column in choose("all")],
            "default": [column.name for column in choose(None)],
            "aliases": sorted(accepted),
        }
    return None


def describe_cli(package_name: str, prog: str) -> dict[str, JsonObject]:
    """Every command of the package's one root Typer application, by its command line (``prog sub cmd``)."""
    typer_main = importlib.import_module("typer.main")
    roots = _typer_apps(package_name)
    if len(roots) != 1:
        raise SystemExit(f"{package_name}: expected one root Typer application, found {len(roots)}")
    found: dict[str, JsonObject] = {}

    def walk(command: Any, path: str) -> None:
        subcommands = getattr(command, "commands", None)
        params = [_parameter(p) for p in command.params if not getattr(p, "hidden", False)]
        found[path] = {"kind": "group" if subcommands is not None else "command", "params": params}
        for name, sub in sorted((subcommands or {}).items()):
            if not sub.hidden:
                walk(sub, f"{path} {name}")

    walk(typer_main.get_command(roots[0]), prog)
    return found


def main(argv: Sequence[str]) -> int:
    """Print the description of the packages named; a failed import exits 1 with the error on stderr."""
    parser = argparse.ArgumentParser(prog="surface_dump")
    parser.add_argument("--library")
    parser.add_argument("--cli")
    parser.add_argument("--prog", default="cli")
    arguments = parser.parse_args(argv)
    described: JsonObject = {"library": None, "cli": None, "columns": None, "files": {}}
    if arguments.library:
        described["library"] = describe_library(arguments.library)
        described["files"][arguments.library] = importlib.import_module(arguments.library).__file__
    if arguments.cli:
        described["cli"] = describe_cli(arguments.cli, arguments.prog)
        described["columns"] = describe_columns(arguments.cli)
        described["files"][arguments.cli] = importlib.import_module(arguments.cli).__file__
    json.dump(described, sys.stdout, indent=1, sort_keys=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
