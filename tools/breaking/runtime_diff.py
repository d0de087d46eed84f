"""Compare two descriptions made by :mod:`tools.breaking.surface_dump`: the library's API and the command line.

Breaking, for the library: a removed public name, member, parameter, ``TypedDict`` key, enum member or base
class; a parameter that became required, moved, changed kind, default or type; a new required parameter or key;
a changed return type or constant. For the command line: a removed command, option, option string, argument,
accepted choice or environment variable; a changed default, type or arity; a bound that was added or tightened
(a larger minimum, a smaller maximum, an open end instead of a closed one); an option that became required or
a flag (or stopped being one); a new required option or argument. For the export: a removed column or old column
name, a changed set or order of the default columns, columns of ``--columns all`` that swapped places. Everything
added (a loosened bound, a column) is compatible.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from .model import ApiChange, ChangeKind, Surface

Description = Mapping[str, Mapping[str, Any]]
ADDED, CHANGED, REMOVED = ChangeKind.ADDED, ChangeKind.CHANGED, ChangeKind.REMOVED
POSITIONAL = ("POSITIONAL_ONLY", "POSITIONAL_OR_KEYWORD")
VARIADIC = ("VAR_POSITIONAL", "VAR_KEYWORD")
# Parameter kinds a caller's existing calls still fit after the change.
WIDENED_KINDS = {("KEYWORD_ONLY", "POSITIONAL_OR_KEYWORD"), ("POSITIONAL_ONLY", "POSITIONAL_OR_KEYWORD")}


def _sorted(changes: Iterator[ApiChange]) -> list[ApiChange]:
    unique = {(change.path, change.message): change for change in changes}
    return sorted(unique.values(), key=lambda change: (not change.breaking, change.path, change.message))


def _under_another(path: str, paths: Mapping[str, object], others: Mapping[str, object], separator: str) -> bool:
    """Whether a parent of ``path`` is itself in ``paths`` but not in ``others`` (reported as a whole)."""
    parts = path.split(separator)
    return any(
        (parent := separator.join(parts[:end])) in paths and parent not in others for end in range(1, len(parts))
    )


# -- the library ---------------------------------------------------------------------------------------------


def library_changes(old: Description, new: Description) -> list[ApiChange]:
    """The library's API changes from ``old`` to ``new``, breaking ones first."""
    return _sorted(_library(old, new))


def _library(old: Description, new: Description) -> Iterator[ApiChange]:
    def change(path: str, message: str, kind: ChangeKind, breaking: bool) -> ApiChange:
        return ApiChange(path, message, kind, breaking, Surface.LIBRARY)

    for path, before in old.items():
        if path not in new and not _under_another(path, old, new, "."):
            yield change(path, f"{before['kind']} removed", REMOVED, True)
    for path, after in new.items():
        if path not in old and not _under_another(path, new, old, "."):
            yield change(path, f"{after['kind']} added", ADDED, False)
    for path in old.keys() & new.keys():
        before, after = old[path], new[path]
        if before["kind"] != after["kind"]:
            yield change(path, f"was {_a(before['kind'])}, now {_a(after['kind'])}", CHANGED, True)
            continue
        for message, kind, breaking in _object_changes(before, after):
            yield change(path, message, kind, breaking)


def _a(noun: str) -> str:
    return f"{'an' if noun[:1] in 'aeiou' else 'a'} {noun}"


def _object_changes(before: Mapping[str, Any], after: Mapping[str, Any]) -> Iterator[tuple[str, ChangeKind, bool]]:
    if before.get("of") != after.get("of"):
        yield f"now re-exports {after.get('of')} instead of {before.get('of')}", CHANGED, True
    for base in before.get("bases", []):
        if base not in after.get("bases", []):
            yield f"no longer a subclass of {base}", CHANGED, True
    for what in ("value", "type", "returns"):
        if before.get(what) != after.get(what):
            yield f"{what} changed: {before.get(what)} -> {after.get(what)}", CHANGED, True
    if "keys" in before:
        yield from _key_changes(before, after)
    if before.get("signature") is not None and after.get("signature") is not None:
        yield from _signature_changes(before["signature"], after["signature"])
    elif before.get("signature") is not None:
        yield "signature no longer known", CHANGED, True


def _key_changes(before: Mapping[str, Any], after: Mapping[str, Any]) -> Iterator[tuple[str, ChangeKind, bool]]:
    old_keys: Mapping[str, Any] = before["keys"]
    new_keys: Mapping[str, Any] = after.get("keys", {})
    old_required, new_required = set(before.get("required", [])), set(after.get("required", []))
    for key, annotation in old_keys.items():
        if key not in new_keys:
            yield f"key `{key}` removed", REMOVED, True
            continue
        if new_keys[key] != annotation:
            yield f"key `{key}` type changed: {annotation} -> {new_keys[key]}", CHANGED, True
        if key in new_required and key not in old_required:
            yield f"key `{key}` became required", CHANGED, True
    for key in new_keys.keys() - old_keys.keys():
        required = key in new_required
        yield f"{'required' if required else 'optional'} key `{key}` added", ADDED, required


def _signature_changes(before: Mapping[str, Any], after: Mapping[str, Any]) -> Iterator[tuple[str, ChangeKind, bool]]:
    old_parameters: list[Mapping[str, Any]] = before["parameters"]
    new_parameters: list[Mapping[str, Any]] = after["parameters"]
    new_by_name = {parameter["name"]: parameter for parameter in new_parameters}
    old_names = {parameter["name"] for parameter in old_parameters}
    new_kinds = {parameter["kind"] for parameter in new_parameters}
    old_positions = [p["name"] for p in old_parameters if p["kind"] in POSITIONAL]
    new_positions = [p["name"] for p in new_parameters if p["kind"] in POSITIONAL]
    for parameter in old_parameters:
        name, kind = parameter["name"], parameter["kind"]
        label = f"parameter `{name}`"
        now = new_by_name.get(name)
        if now is None:
            swallowed = (kind == "KEYWORD_ONLY" and "VAR_KEYWORD" in new_kinds) or (
                kind == "POSITIONAL_ONLY" and "VAR_POSITIONAL" in new_kinds
            )
            if not swallowed:
                yield f"{label} removed", REMOVED, True
            continue
        if kind in VARIADIC or now["kind"] in VARIADIC:
            if kind != now["kind"]:
                yield f"{label} changed kind: {kind} -> {now['kind']}", CHANGED, True
            continue
        if kind != now["kind"] and (kind, now["kind"]) not in WIDENED_KINDS:
            yield f"{label} changed kind: {kind} -> {now['kind']}", CHANGED, True
        moved = (
            name in old_positions and name in new_positions and old_positions.index(name) != new_positions.index(name)
        )
        if kind in POSITIONAL and now["kind"] in POSITIONAL and moved:
            yield f"{label} moved", CHANGED, True
        if parameter["default"] is not None and now["default"] is None:
            yield f"{label} became required", CHANGED, True
        elif parameter["default"] != now["default"] and now["default"] is not None:
            yield f"{label} default changed: {parameter['default']} -> {now['default']}", CHANGED, True
        if parameter["annotation"] != now["annotation"]:
            yield f"{label} type changed: {parameter['annotation']} -> {now['annotation']}", CHANGED, True
    for parameter in new_parameters:
        if parameter["name"] in old_names:
            continue
        required = parameter["default"] is None and parameter["kind"] not in VARIADIC
        if required:
            yield f"required parameter `{parameter['name']}` added", CHANGED, True
        else:
            yield f"optional parameter `{parameter['name']}` added", ADDED, False
    if before.get("returns") != after.get("returns"):
        yield f"return type changed: {before.get('returns')} -> {after.get('returns')}", CHANGED, True


# -- the command line ----------------------------------------------------------------------------------------


def cli_changes(old: Description, new: Description) -> list[ApiChange]:
    """The command line's changes from ``old`` to ``new``, breaking ones first."""
    return _sorted(_cli(old, new))


def _cli(old: Description, new: Description) -> Iterator[ApiChange]:
    def change(path: str, message: str, kind: ChangeKind, breaking: bool) -> ApiChange:
        return ApiChange(path, message, kind, breaking, Surface.CLI)

    for path in old.keys() - new.keys():
        if not _under_another(path, old, new, " "):
            yield change(path, f"{old[path]['kind']} removed", REMOVED, True)
    for path in new.keys() - old.keys():
        if not _under_another(path, new, old, " "):
            yield change(path, f"{new[path]['kind']} added", ADDED, False)
    for path in old.keys() & new.keys():
        for message, kind, breaking in _parameter_changes(old[path]["params"], new[path]["params"]):
            yield change(path, message, kind, breaking)


def _label(parameter: Mapping[str, Any]) -> str:
    if parameter["kind"] != "option":
        return f"argument `{str(parameter['name']).upper()}`"
    opts: list[str] = parameter["opts"]
    return f"option `{next((o for o in opts if o.startswith('--')), opts[0])}`"


def _strings(parameter: Mapping[str, Any]) -> list[str]:
    return [*parameter["opts"], *parameter["secondary"]]


def _match(parameter: Mapping[str, Any], candidates: list[Mapping[str, Any]]) -> Mapping[str, Any] | None:
    """The same parameter in the other version: the same kind, and the same name or a shared option string."""
    for candidate in candidates:
        if candidate["kind"] != parameter["kind"]:
            continue
        if candidate["name"] == parameter["name"] or set(_strings(candidate)) & set(_strings(parameter)):
            return candidate
    return None


def _parameter_changes(
    old: list[Mapping[str, Any]], new: list[Mapping[str, Any]]
) -> Iterator[tuple[str, ChangeKind, bool]]:
    matched: list[Mapping[str, Any]] = []
    for before in old:
        after = _match(before, new)
        if after is None:
            yield f"{_label(before)} removed", REMOVED, True
            continue
        matched.append(after)
        yield from _one_parameter(_label(before), before, after)
    for after in new:
        if not any(after is seen for seen in matched):
            required = bool(after["required"])
            yield f"{'required ' if required else ''}{_label(after)} added", CHANGED if required else ADDED, required


def _one_parameter(
    label: str, before: Mapping[str, Any], after: Mapping[str, Any]
) -> Iterator[tuple[str, ChangeKind, bool]]:
    gone = [s for s in _strings(before) if s not in _strings(after)]
    extra = [s for s in _strings(after) if s not in _strings(before)]
    if gone:
        instead = f" (now {', '.join(f'`{s}`' for s in extra)})" if extra else ""
        yield f"{label}: {', '.join(f'`{s}`' for s in gone)} no longer accepted{instead}", REMOVED, True
    elif extra:
        yield f"{label}: {', '.join(f'`{s}`' for s in extra)} also accepted", ADDED, False
    if before["default"] != after["default"]:
        yield f"{label} default changed: {before['default']} -> {after['default']}", CHANGED, True
    if after["required"] and not before["required"]:
        yield f"{label} became required", CHANGED, True
    elif before["required"] and not after["required"]:
        yield f"{label} is no longer required", CHANGED, False
    yield from _bound_changes(label, before.get("bounds"), after.get("bounds"))
    if before["flag"] != after["flag"]:
        yield f"{label} {'became a flag' if after['flag'] else 'now takes a value'}", CHANGED, True
    # click names a bounded type `integer range`: the bounds are compared on their own, the type without them.
    if str(before["type"]).removesuffix(" range") != str(after["type"]).removesuffix(" range"):
        yield f"{label} type changed: {before['type']} -> {after['type']}", CHANGED, True
    for what in ("nargs", "multiple"):
        if before[what] != after[what]:
            yield f"{label} {what} changed: {before[what]} -> {after[what]}", CHANGED, True
    old_choices, new_choices = before["choices"] or [], after["choices"] or []
    for choice in old_choices:
        if after["choices"] is not None and choice not in new_choices:
            yield f"{label} no longer accepts {choice!r}", REMOVED, True
    for choice in new_choices:
        if before["choices"] is not None and choice not in old_choices:
            yield f"{label} now also accepts {choice!r}", ADDED, False
    for variable in before["envvar"]:
        if variable not in after["envvar"]:
            yield f"{label} is no longer read from ${variable}", REMOVED, True
    for variable in after["envvar"]:
        if variable not in before["envvar"]:
            yield f"{label} is now also read from ${variable}", ADDED, False


def _bound_changes(
    label: str, before: Mapping[str, Any] | None, after: Mapping[str, Any] | None
) -> Iterator[tuple[str, ChangeKind, bool]]:
    """A bound added or tightened refuses (or clamps) values that worked: breaking; one dropped or loosened is not."""
    old, new = before or {}, after or {}
    for end in ("min", "max"):
        was, now = old.get(end), new.get(end)
        open_was, open_now = bool(old.get(f"{end}_open")), bool(new.get(f"{end}_open"))
        if was == now and open_was == open_now:
            continue
        shown = f"{end}imum {_bound_text(was, open_was)} -> {_bound_text(now, open_now)}"
        if _loosened(end, (was, open_was), (now, open_now)):
            yield f"{label} {shown} (loosened)", ADDED, False
        else:
            yield f"{label} {shown} (tightened)", CHANGED, True
    if bool(old.get("clamp")) != bool(new.get("clamp")) and old and new:
        now_clamps = bool(new.get("clamp"))
        message = "now clamps values out of its range" if now_clamps else "now refuses values out of its range"
        yield f"{label} {message}", CHANGED, True


def _loosened(end: str, was: tuple[Any, bool], now: tuple[Any, bool]) -> bool:
    """Whether the ``min`` or ``max`` bound ``now`` (value, open) accepts more than ``was`` did."""
    (old_value, old_open), (new_value, new_open) = was, now
    if new_value is None:
        return True
    if old_value is None:
        return False
    if new_value == old_value:
        return old_open and not new_open
    return bool(new_value < old_value) if end == "min" else bool(new_value > old_value)


def _bound_text(value: object, is_open: bool) -> str:
    if value is None:
        return "none"
    return f"{value} (open)" if is_open else str(value)


# -- the export's columns ------------------------------------------------------------------------------------


def column_changes(old: Mapping[str, Any], new: Mapping[str, Any], prog: str) -> list[ApiChange]:
    """The export's column changes (descriptions made by ``surface_dump.describe_columns``), breaking ones first."""
    return _sorted(_columns(old, new, f"{prog} --columns"))


def _columns(old: Mapping[str, Any], new: Mapping[str, Any], path: str) -> Iterator[ApiChange]:
    def change(message: str, kind: ChangeKind, breaking: bool) -> ApiChange:
        return ApiChange(path, message, kind, breaking, Surface.CLI)

    old_all, new_all = list(old["all"]), list(new["all"])
    accepted = set(new_all) | set(new["aliases"])
    for name in old_all:
        if name not in accepted:
            yield change(f"column `{name}` removed", REMOVED, True)
        elif name not in new_all:
            yield change(f"column `{name}` renamed (the old name is still accepted)", CHANGED, False)
    for name in old["aliases"]:
        if name not in accepted:
            yield change(f"old column name `{name}` no longer accepted", REMOVED, True)
    for name in new_all:
        if name not in old_all:
            yield change(f"column `{name}` added", ADDED, False)
    if list(old["default"]) != list(new["default"]):
        shown = f"{','.join(old['default'])} -> {','.join(new['default'])}"
        yield change(f"default columns changed: {shown}", CHANGED, True)
    kept_old = [name for name in old_all if name in new_all]
    kept_new = [name for name in new_all if name in old_all]
    if kept_old != kept_new:
        yield change("columns of `--columns all` swapped places (read by position, they move)", CHANGED, True)
