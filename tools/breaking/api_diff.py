"""Compare the public Python API of two copies of a package, statically, with griffe.

``griffe.find_breaking_changes`` names removed objects and parameters, parameters that became
required or moved, and changed parameter defaults. It does not compare annotations or attribute
values (griffe 2 dropped that check), so a field whose type changed (``total: int`` -> ``total:
str``) and an enum member whose value changed are added here, as are additions, which break
nobody but belong in the changelog. An attrs class (``@define``, as the generated models are) has a
constructor griffe does not see, built from its annotated attributes: a new attribute without a default is a
new required parameter of that constructor, which breaks every caller that builds the model. Nothing is
imported: both copies are parsed from source.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import griffe

from .model import ApiChange, BadInputError, ChangeKind


def load_package(package: str, search_path: Path) -> griffe.Object | griffe.Alias:
    """Parse ``package`` found under ``search_path`` (and only there)."""
    try:
        return griffe.load(package, search_paths=[search_path], allow_inspection=False, store_source=False)
    except (ImportError, griffe.LoadingError) as error:
        raise BadInputError(f"cannot load {package} from {search_path}: {error}") from error


def compare_packages(package: str, old_path: Path, new_path: Path) -> list[ApiChange]:
    """Breaking changes (griffe's and changed annotations) then additions, from ``old`` to ``new``."""
    old, new = load_package(package, old_path), load_package(package, new_path)
    changes = [_from_breakage(breakage) for breakage in griffe.find_breaking_changes(old, new)]
    changes.extend(_walk(old, new))
    unique = {(change.path, change.message): change for change in changes}
    return sorted(unique.values(), key=lambda change: (not change.breaking, change.path, change.message))


def _from_breakage(breakage: griffe.Breakage) -> ApiChange:
    """Name a griffe breakage in Python terms: the object, its kind, the parameter."""
    obj = breakage.obj
    kind = griffe.BreakageKind
    if breakage.kind is kind.OBJECT_REMOVED:
        return ApiChange(obj.path, f"{_kind_name(obj)} removed", ChangeKind.REMOVED, breaking=True)
    if breakage.kind is kind.OBJECT_CHANGED_KIND:
        message = f"was a {breakage.old_value.value}, now a {breakage.new_value.value}"
        return ApiChange(obj.path, message, ChangeKind.CHANGED, breaking=True)
    parameter = breakage.old_value if isinstance(breakage.old_value, griffe.Parameter) else breakage.new_value
    if isinstance(parameter, griffe.Parameter):
        message = f"parameter `{parameter.name}`: {breakage.kind.value.lower()}"
        removed = breakage.kind is kind.PARAMETER_REMOVED
        return ApiChange(obj.path, message, ChangeKind.REMOVED if removed else ChangeKind.CHANGED, breaking=True)
    message = f"{breakage.kind.value.lower()}: {breakage.old_value!s} -> {breakage.new_value!s}"
    return ApiChange(obj.path, message, ChangeKind.CHANGED, breaking=True)


def _kind_name(obj: griffe.Object | griffe.Alias) -> str:
    if obj.is_alias:
        return "re-export"
    return str(obj.kind.value)


def _public_members(obj: griffe.Object | griffe.Alias) -> dict[str, griffe.Object | griffe.Alias]:
    return {name: member for name, member in obj.members.items() if member.is_public}


def _walk(old: griffe.Object | griffe.Alias, new: griffe.Object | griffe.Alias) -> Iterator[ApiChange]:
    """Added public objects and parameters, and changed annotations, under ``new``."""
    old_members = _public_members(old)
    for name, new_member in _public_members(new).items():
        old_member = old_members.get(name)
        if old_member is None:
            yield ApiChange(new_member.path, f"{_kind_name(new_member)} added", ChangeKind.ADDED, breaking=False)
            continue
        if old_member.is_alias or new_member.is_alias or old_member.kind is not new_member.kind:
            continue  # re-exports are compared where they are defined; kind changes are griffe's
        if new_member.is_module or new_member.is_class:
            yield from _walk(old_member, new_member)
            if isinstance(old_member, griffe.Class) and isinstance(new_member, griffe.Class):
                yield from _constructor_changes(old_member, new_member)
        elif isinstance(new_member, griffe.Attribute) and isinstance(old_member, griffe.Attribute):
            yield from _annotation_change(new_member.path, "type", old_member.annotation, new_member.annotation)
            yield from _value_change(new_member.path, old_member.value, new_member.value)
        elif isinstance(new_member, griffe.Function) and isinstance(old_member, griffe.Function):
            yield from _function_changes(old_member, new_member)


ATTRS_DECORATORS = frozenset({"define", "frozen", "mutable", "attrs.define", "attrs.frozen", "attr.s", "attr.attrs"})
ATTRS_FIELDS = frozenset({"field", "attrs.field", "attr.ib"})


def _is_attrs_class(cls: griffe.Class) -> bool:
    """Decorated with attrs' ``define`` (or ``frozen``, ...), under its own name or a private alias such as
    ``_attrs_define``."""
    for decorator in cls.decorators:
        expression = decorator.value
        name = str(getattr(expression, "function", expression))
        if name in ATTRS_DECORATORS or name.startswith("_attrs_"):
            return True
    return False


def _field_call(call: griffe.ExprCall) -> bool:
    name = str(call.function)
    return name in ATTRS_FIELDS or name.startswith("_attrs_field")


def constructor_parameters(cls: griffe.Class) -> dict[str, bool] | None:
    """The parameters attrs builds ``__init__`` from, in order, each with whether it is required; ``None`` for a
    class attrs does not define."""
    if not _is_attrs_class(cls):
        return None
    parameters: dict[str, bool] = {}
    for name, member in cls.members.items():
        if not isinstance(member, griffe.Attribute) or member.annotation is None:
            continue
        if "ClassVar" in str(member.annotation):
            continue
        value = member.value
        if isinstance(value, griffe.ExprCall) and _field_call(value):
            keywords = {
                str(argument.name): str(argument.value)
                for argument in value.arguments
                if isinstance(argument, griffe.ExprKeyword)
            }
            if keywords.get("init") == "False":
                continue
            parameters[name.lstrip("_")] = "default" not in keywords and "factory" not in keywords
        else:
            parameters[name.lstrip("_")] = value is None
    return parameters


def _constructor_changes(old: griffe.Class, new: griffe.Class) -> Iterator[ApiChange]:
    """A required parameter the attrs constructor gained, or one that lost its default: callers that build the
    class break (a removed attribute is reported as such, by griffe)."""
    before, after = constructor_parameters(old), constructor_parameters(new)
    if before is None or after is None:
        return
    for name, required in after.items():
        if not required:
            continue
        if name not in before:
            yield ApiChange(new.path, f"constructor: required parameter `{name}` added", ChangeKind.CHANGED, True)
        elif not before[name]:
            yield ApiChange(new.path, f"constructor: parameter `{name}` became required", ChangeKind.CHANGED, True)


def _function_changes(old: griffe.Function, new: griffe.Function) -> Iterator[ApiChange]:
    old_parameters = {parameter.name: parameter for parameter in old.parameters}
    for parameter in new.parameters:
        before = old_parameters.get(parameter.name)
        if before is None:
            if not parameter.required:  # a new required one is griffe's breakage
                message = f"optional parameter `{parameter.name}` added"
                yield ApiChange(new.path, message, ChangeKind.ADDED, breaking=False)
            continue
        what = f"parameter `{parameter.name}` type"
        yield from _annotation_change(new.path, what, before.annotation, parameter.annotation)
    yield from _annotation_change(new.path, "return type", old.returns, new.returns)


def _annotation_change(path: str, what: str, old: object, new: object) -> Iterator[ApiChange]:
    """A changed annotation breaks type-checked callers either way (a wider return, a narrower argument)."""
    before, after = _annotation_text(old), _annotation_text(new)
    if before != after:
        yield ApiChange(path, f"{what} changed: {before} -> {after}", ChangeKind.CHANGED, breaking=True)


def _value_change(path: str, old: object, new: object) -> Iterator[ApiChange]:
    """A changed value (an enum member's, a default) changes what callers compare against or get."""
    if old is not None and new is not None and str(old) != str(new):
        yield ApiChange(path, f"value changed: {old!s} -> {new!s}", ChangeKind.CHANGED, breaking=True)


def _annotation_text(annotation: object) -> str:
    return "(none)" if annotation is None else str(annotation)
