"""Classify the differences between two OpenAPI 3.1 documents: whom each one breaks.

The rules follow from which side produces a value. A response schema is written by the portal
and read by clients; a request schema (parameters, request bodies) is written by clients and read
by the portal. So the same edit has a direction:

==========================  ==========================  ==========================
edit                        in a response               in a request
==========================  ==========================  ==========================
widened (accepts more)      breaks clients (they may    breaks portals (a contract
                            receive what they do not    run will send it and expect
                            handle)                     it to be accepted)
narrowed (accepts less)     breaks portals (what they   breaks clients (what they
                            send may now be invalid)    send may now be rejected)
==========================  ==========================  ==========================

Widening: a type added to a type list, ``null`` allowed, a format/pattern/enum/bound/const
dropped or loosened, a field no longer required. Narrowing is the opposite. On top of that,
anything that changes the generated Python surface breaks clients whatever the direction: a
removed or renamed operation, parameter, field or enum value, a changed type or format, a
``$ref`` to another schema. Additions break nobody (a new operation, optional parameter or
optional field, a new status code), except a new *required* parameter or request field (clients)
and a new *required* response field (portals). One exception, for this project: a new enum value
in a response breaks no client, because the generated client reads response enums as open enums
(see the README's forward-compatibility table), but it warns clients: code that handles each value it
knows meets one it does not; in a request it breaks portals. A name added to an object's ``required``
list narrows it, with or without a property of that name: in a response every portal that does not
send it then fails the contract.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from .model import Audience, BadInputError, ChangeKind, SpecChange

JsonObject = Mapping[str, Any]
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
CLIENTS = Audience.CLIENTS
PORTALS = Audience.PORTALS
WARNS_CLIENTS = Audience.WARNS_CLIENTS
COMPATIBLE = Audience.COMPATIBLE
ADDED, CHANGED, REMOVED = ChangeKind.ADDED, ChangeKind.CHANGED, ChangeKind.REMOVED
# Bounds where a larger value accepts less, and where a smaller one does.
LOWER_BOUNDS = ("minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties")
UPPER_BOUNDS = ("maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties")


class Direction(Enum):
    """Which side writes the value a schema describes."""

    REQUEST = "request"
    RESPONSE = "response"

    @property
    def widened(self) -> Audience:
        """Whom it breaks when the schema starts to accept more."""
        return CLIENTS if self is Direction.RESPONSE else PORTALS

    @property
    def narrowed(self) -> Audience:
        """Whom it breaks when the schema starts to accept less."""
        return PORTALS if self is Direction.RESPONSE else CLIENTS


def classify(old: JsonObject, new: JsonObject) -> list[SpecChange]:
    """Every difference between the ``old`` and ``new`` documents that matters to someone.

    Raises :class:`BadInputError` when either document is not an OpenAPI document with paths,
    or a ``$ref`` points nowhere.
    """
    for name, document in (("old", old), ("new", new)):
        if not isinstance(document, Mapping) or not isinstance(document.get("paths", {}), Mapping):
            raise BadInputError(f"the {name} spec is not an OpenAPI document (no `paths` mapping)")
    differ = _Differ(old, new)
    differ.compare_operations()
    return differ.changes()


def spec_version(document: JsonObject) -> str:
    """The document's ``info.version`` (raises :class:`BadInputError` when it has none)."""
    info = document.get("info") if isinstance(document, Mapping) else None
    version = info.get("version") if isinstance(info, Mapping) else None
    if not isinstance(version, str):
        raise BadInputError("the spec has no info.version string")
    return version


@dataclass
class _Operation:
    path: str
    method: str
    body: JsonObject
    path_parameters: list[Any]

    @property
    def label(self) -> str:
        return f"{self.method.upper()} {self.path}"


@dataclass
class _Differ:
    old: JsonObject
    new: JsonObject
    found: dict[tuple[str, str], tuple[ChangeKind, set[Audience]]] = field(default_factory=dict)
    seen: set[tuple[str | None, str | None, Direction]] = field(default_factory=set)

    # -- recording -------------------------------------------------------------------------------

    def add(self, location: str, message: str, kind: ChangeKind, *audiences: Audience) -> None:
        """Record a change; the same change reached twice (request and response) merges audiences."""
        _, known = self.found.setdefault((location, message), (kind, set()))
        known.update(audiences or (COMPATIBLE,))

    def changes(self) -> list[SpecChange]:
        result = []
        for (location, message), (kind, audiences) in self.found.items():
            breaking = audiences - {COMPATIBLE}
            result.append(SpecChange(location, message, kind, frozenset(breaking or audiences)))
        return sorted(result, key=lambda change: (change.location, change.message))

    # -- references ------------------------------------------------------------------------------

    @staticmethod
    def resolve(document: JsonObject, node: Any) -> tuple[Any, str | None]:
        """Follow ``$ref`` chains inside ``document``; returns the target and the last ref."""
        ref: str | None = None
        hops = 0
        while isinstance(node, Mapping) and isinstance(node.get("$ref"), str):
            ref = node["$ref"]
            if not ref.startswith("#/") or hops > 50:
                raise BadInputError(f"unsupported or circular $ref {ref!r}")
            target: Any = document
            for part in ref[2:].split("/"):
                part = part.replace("~1", "/").replace("~0", "~")
                if not isinstance(target, Mapping) or part not in target:
                    raise BadInputError(f"$ref {ref!r} points nowhere")
                target = target[part]
            node, hops = target, hops + 1
        return node, ref

    # -- operations ------------------------------------------------------------------------------

    def operations(self, document: JsonObject) -> dict[tuple[str, str], _Operation]:
        found: dict[tuple[str, str], _Operation] = {}
        for path, item in (document.get("paths") or {}).items():
            item, _ = self.resolve(document, item)
            if not isinstance(item, Mapping):
                raise BadInputError(f"path {path!r} is not an object")
            for method in HTTP_METHODS:
                if isinstance(item.get(method), Mapping):
                    found[(path, method)] = _Operation(path, method, item[method], list(item.get("parameters", [])))
        return found

    def compare_operations(self) -> None:
        old_ops, new_ops = self.operations(self.old), self.operations(self.new)
        moved_to: set[tuple[str, str]] = set()
        new_by_id = {op.body.get("operationId"): key for key, op in new_ops.items() if op.body.get("operationId")}
        for key, old_op in old_ops.items():
            if key in new_ops:
                self.compare_operation(old_op, new_ops[key])
                continue
            target = new_by_id.get(old_op.body.get("operationId"))
            if target is not None and target not in old_ops:
                moved_to.add(target)
                new_op = new_ops[target]
                self.add(old_op.label, f"moved to {new_op.label}", CHANGED, CLIENTS, PORTALS)
                self.compare_operation(old_op, new_op)
            else:
                self.add(old_op.label, "operation removed", REMOVED, CLIENTS)
        for key, new_op in new_ops.items():
            if key not in old_ops and key not in moved_to:
                self.add(new_op.label, "operation added", ADDED, COMPATIBLE)

    def compare_operation(self, old: _Operation, new: _Operation) -> None:
        label = new.label
        old_id, new_id = old.body.get("operationId"), new.body.get("operationId")
        if old_id != new_id:
            self.add(label, f"operationId {old_id} renamed to {new_id} (the Python function moves)", CHANGED, CLIENTS)
        self.compare_security(label, self.security(self.old, old), self.security(self.new, new))
        self.compare_parameters(label, self.parameters(self.old, old), self.parameters(self.new, new))
        self.compare_request_body(label, old.body.get("requestBody"), new.body.get("requestBody"))
        self.compare_responses(label, old.body.get("responses") or {}, new.body.get("responses") or {})

    @staticmethod
    def security(document: JsonObject, op: _Operation) -> set[frozenset[str]]:
        requirements = op.body.get("security", document.get("security", []))
        return {frozenset(requirement) for requirement in requirements or [{}]}

    def compare_security(self, label: str, old: set[frozenset[str]], new: set[frozenset[str]]) -> None:
        anonymous = frozenset[str]()
        if anonymous in old and anonymous not in new:
            self.add(label, "now requires authentication", CHANGED, CLIENTS)
        elif anonymous in new and anonymous not in old:
            self.add(label, "now answers without authentication", CHANGED, PORTALS)
        # Going to or from anonymous access is reported above, not scheme by scheme.
        for requirement in sorted(old - new - {anonymous} if anonymous not in new else (), key=sorted):
            self.add(label, f"security scheme {' + '.join(sorted(requirement))} no longer accepted", REMOVED, CLIENTS)
        for requirement in sorted(new - old - {anonymous} if anonymous not in old else (), key=sorted):
            self.add(label, f"security scheme {' + '.join(sorted(requirement))} accepted", ADDED, PORTALS)

    # -- parameters ------------------------------------------------------------------------------

    def parameters(self, document: JsonObject, op: _Operation) -> dict[str, JsonObject]:
        by_name: dict[str, JsonObject] = {}
        for raw in [*op.path_parameters, *op.body.get("parameters", [])]:
            parameter, _ = self.resolve(document, raw)
            if not isinstance(parameter, Mapping) or not isinstance(parameter.get("name"), str):
                raise BadInputError(f"a parameter of {op.label} has no name")
            by_name[parameter["name"]] = parameter  # operation-level ones override path-level ones
        return by_name

    def compare_parameters(self, label: str, old: dict[str, JsonObject], new: dict[str, JsonObject]) -> None:
        removed = [name for name in old if name not in new]
        added = [name for name in new if name not in old]
        renamed = self.renamed(removed, added, old, new, key=lambda p: (p.get("in"), p.get("schema")))
        for before, after in renamed.items():
            self.add(label, f"parameter `{before}` renamed to `{after}`", CHANGED, CLIENTS)
        for name in removed:
            if name not in renamed:
                self.add(label, f"{old[name].get('in')} parameter `{name}` removed", REMOVED, CLIENTS)
        for name in added:
            if name in renamed.values():
                continue
            if new[name].get("required"):
                self.add(label, f"new required {new[name].get('in')} parameter `{name}`", ADDED, CLIENTS)
            else:
                self.add(label, f"new optional {new[name].get('in')} parameter `{name}`", ADDED, COMPATIBLE)
        for name in old.keys() & new.keys():
            self.compare_parameter(f"{label} parameter `{name}`", old[name], new[name])

    def compare_parameter(self, where: str, old: JsonObject, new: JsonObject) -> None:
        if old.get("in") != new.get("in"):
            self.add(where, f"moved from {old.get('in')} to {new.get('in')}", CHANGED, CLIENTS, PORTALS)
        self.compare_required(
            where, "parameter", bool(old.get("required")), bool(new.get("required")), Direction.REQUEST
        )
        self.compare_schema(where, old.get("schema", {}), new.get("schema", {}), Direction.REQUEST)

    def compare_required(self, where: str, what: str, old: bool, new: bool, direction: Direction) -> None:
        if old == new:
            return
        if new:
            self.add(where, f"{what} is now required", CHANGED, direction.narrowed)
        else:
            self.add(where, f"{what} is now optional", CHANGED, direction.widened)

    def renamed(
        self, removed: list[str], added: list[str], old: Mapping[str, Any], new: Mapping[str, Any], key: Any
    ) -> dict[str, str]:
        """One removed and one added name with the same definition: a rename, not two changes."""
        if len(removed) == 1 and len(added) == 1 and key(old[removed[0]]) == key(new[added[0]]):
            return {removed[0]: added[0]}
        return {}

    # -- request bodies and responses ------------------------------------------------------------

    def compare_request_body(self, label: str, old_raw: Any, new_raw: Any) -> None:
        where = f"{label} request body"
        old, _ = self.resolve(self.old, old_raw)
        new, _ = self.resolve(self.new, new_raw)
        if old is None and new is None:
            return
        if old is None:
            required = bool(new.get("required"))
            self.add(
                where, f"added ({'required' if required else 'optional'})", ADDED, CLIENTS if required else COMPATIBLE
            )
            return
        if new is None:
            self.add(where, "removed", REMOVED, CLIENTS)
            return
        self.compare_required(
            where, "the body", bool(old.get("required")), bool(new.get("required")), Direction.REQUEST
        )
        self.compare_content(where, old.get("content") or {}, new.get("content") or {}, Direction.REQUEST)

    def compare_responses(self, label: str, old: JsonObject, new: JsonObject) -> None:
        for status in old.keys() - new.keys():
            self.add(label, f"status {status} removed (a portal still answering it fails)", REMOVED, PORTALS)
        for status in new.keys() - old.keys():
            self.add(label, f"status {status} added", ADDED, COMPATIBLE)
        for status in old.keys() & new.keys():
            where = f"{label} {status}"
            old_response, _ = self.resolve(self.old, old[status])
            new_response, _ = self.resolve(self.new, new[status])
            self.compare_headers(where, old_response.get("headers") or {}, new_response.get("headers") or {})
            old_content, new_content = old_response.get("content") or {}, new_response.get("content") or {}
            self.compare_content(where, old_content, new_content, Direction.RESPONSE)

    def compare_headers(self, where: str, old: JsonObject, new: JsonObject) -> None:
        for name in old.keys() - new.keys():
            self.add(where, f"header {name} removed", REMOVED, CLIENTS)
        for name in new.keys() - old.keys():
            header, _ = self.resolve(self.new, new[name])
            required = bool(header.get("required"))
            self.add(
                where,
                f"header {name} added{' (required)' if required else ''}",
                ADDED,
                PORTALS if required else COMPATIBLE,
            )
        for name in old.keys() & new.keys():
            old_header, _ = self.resolve(self.old, old[name])
            new_header, _ = self.resolve(self.new, new[name])
            header_where = f"{where} header {name}"
            self.compare_required(
                header_where,
                "header",
                bool(old_header.get("required")),
                bool(new_header.get("required")),
                Direction.RESPONSE,
            )
            self.compare_schema(
                header_where, old_header.get("schema", {}), new_header.get("schema", {}), Direction.RESPONSE
            )

    def compare_content(self, where: str, old: JsonObject, new: JsonObject, direction: Direction) -> None:
        for media in old.keys() - new.keys():
            # Clients lose the type they send or parse; in a response, portals may no longer send it.
            audiences = (CLIENTS,) if direction is Direction.REQUEST else (CLIENTS, PORTALS)
            self.add(where, f"content type {media} removed", REMOVED, *audiences)
        for media in new.keys() - old.keys():
            self.add(where, f"content type {media} added", ADDED, direction.widened)
        for media in old.keys() & new.keys():
            old_schema = (old[media] or {}).get("schema", {})
            new_schema = (new[media] or {}).get("schema", {})
            self.compare_schema(f"{where} {media}", old_schema, new_schema, direction)

    # -- schemas ---------------------------------------------------------------------------------

    def split_nullable(self, document: JsonObject, schema: Any) -> tuple[Any, bool]:
        """The schema without its ``null`` alternative, and whether it had one."""
        resolved, _ = self.resolve(document, schema)
        if not isinstance(resolved, Mapping):
            raise BadInputError(f"a schema is not an object: {resolved!r}")
        types = resolved.get("type")
        if isinstance(types, list) and "null" in types:
            rest = [t for t in types if t != "null"]
            return {**resolved, "type": rest[0] if len(rest) == 1 else rest}, True
        for keyword in ("anyOf", "oneOf"):
            branches = resolved.get(keyword)
            if not isinstance(branches, list):
                continue
            others = [b for b in branches if self.resolve(document, b)[0] != {"type": "null"}]
            if len(others) == len(branches):
                continue
            if len(others) == 1:
                return others[0], True
            return {**{k: v for k, v in resolved.items() if k != keyword}, keyword: others}, True
        return schema, False

    def compare_schema(self, where: str, old_schema: Any, new_schema: Any, direction: Direction) -> None:
        old_core, old_nullable = self.split_nullable(self.old, old_schema)
        new_core, new_nullable = self.split_nullable(self.new, new_schema)
        if new_nullable and not old_nullable:
            self.add(where, "became nullable", CHANGED, direction.widened)
        elif old_nullable and not new_nullable:
            self.add(where, "is no longer nullable", CHANGED, direction.narrowed)
        old, old_ref = self.resolve(self.old, old_core)
        new, new_ref = self.resolve(self.new, new_core)
        if old_ref != new_ref and (old_ref or new_ref):
            message = f"now {_ref_name(new_ref)} instead of {_ref_name(old_ref)}"
            self.add(where, message, CHANGED, CLIENTS)  # another generated class or type
        elif old_ref is not None:
            where = _ref_name(old_ref)  # a shared component: report it once, under its own name
        key = (old_ref, new_ref, direction)
        if old_ref is not None or new_ref is not None:
            if key in self.seen:
                return
            self.seen.add(key)
        if not isinstance(old, Mapping) or not isinstance(new, Mapping):
            raise BadInputError(f"{where}: a schema is not an object")
        self.compare_types(where, old, new, direction)
        self.compare_format(where, old.get("format"), new.get("format"), direction)
        self.compare_enum(where, old, new, direction)
        self.compare_constraints(where, old, new, direction)
        self.compare_properties(where, old, new, direction)
        if "items" in old or "items" in new:
            self.compare_schema(f"{where}[]", old.get("items", {}), new.get("items", {}), direction)
        self.compare_alternatives(where, old, new, direction)

    def compare_types(self, where: str, old: JsonObject, new: JsonObject, direction: Direction) -> None:
        old_types, new_types = _types(old), _types(new)
        if old_types == new_types:
            return
        before = "/".join(sorted(old_types)) or "any type"
        after = "/".join(sorted(new_types)) or "any type"
        audiences = {CLIENTS}  # the Python type changes either way
        audiences.update(_direction_audiences(_accepts(old_types), _accepts(new_types), direction))
        self.add(where, f"type {before} changed to {after}", CHANGED, *audiences)

    def compare_format(self, where: str, old: Any, new: Any, direction: Direction) -> None:
        if old == new:
            return
        if old is None:
            self.add(where, f"format {new} added", CHANGED, CLIENTS, direction.narrowed)
        elif new is None:
            self.add(where, f"format {old} removed", CHANGED, CLIENTS, direction.widened)
        else:
            self.add(where, f"format {old} changed to {new}", CHANGED, CLIENTS, PORTALS)

    def compare_enum(self, where: str, old: JsonObject, new: JsonObject, direction: Direction) -> None:
        if "enum" not in old and "enum" not in new:
            return
        if "enum" not in new:
            self.add(where, "is no longer an enum", CHANGED, CLIENTS, direction.widened)
            return
        if "enum" not in old:
            self.add(where, "became an enum", CHANGED, CLIENTS, direction.narrowed)
            return
        old_values, new_values = list(old["enum"]), list(new["enum"])
        removed = [value for value in old_values if value not in new_values]
        added = [value for value in new_values if value not in old_values]
        if removed:
            self.add(where, f"{_values(removed)} removed", REMOVED, CLIENTS, direction.narrowed)
        if added:
            if direction is Direction.RESPONSE:
                message = f"{_values(added)} added (the client keeps unknown values; code matching each may not)"
                self.add(where, message, ADDED, WARNS_CLIENTS)
            else:
                self.add(where, f"{_values(added)} added", ADDED, PORTALS)

    def compare_constraints(self, where: str, old: JsonObject, new: JsonObject, direction: Direction) -> None:
        for keyword in ("pattern", "const"):
            before, after = old.get(keyword), new.get(keyword)
            if before == after:
                continue
            if before is None:
                self.add(where, f"{keyword} {after!r} added", CHANGED, direction.narrowed)
            elif after is None:
                self.add(where, f"{keyword} {before!r} removed", CHANGED, direction.widened)
            else:
                self.add(where, f"{keyword} {before!r} changed to {after!r}", CHANGED, PORTALS, CLIENTS)
        for keyword in (*LOWER_BOUNDS, *UPPER_BOUNDS):
            before, after = old.get(keyword), new.get(keyword)
            if before == after:
                continue
            if before is None:
                narrowed = True
            elif after is None:
                narrowed = False
            else:
                narrowed = after > before if keyword in LOWER_BOUNDS else after < before
            verb = "tightened" if narrowed else "loosened"
            audience = direction.narrowed if narrowed else direction.widened
            self.add(where, f"{keyword} {verb}: {before} -> {after}", CHANGED, audience)
        old_extra, new_extra = old.get("additionalProperties", True), new.get("additionalProperties", True)
        if old_extra is not False and new_extra is False:
            self.add(where, "no longer allows additional properties", CHANGED, direction.narrowed)
        elif old_extra is False and new_extra is not False:
            self.add(where, "now allows additional properties", CHANGED, direction.widened)

    def compare_properties(self, where: str, old: JsonObject, new: JsonObject, direction: Direction) -> None:
        old_props: JsonObject = old.get("properties") or {}
        new_props: JsonObject = new.get("properties") or {}
        old_required, new_required = set(old.get("required") or []), set(new.get("required") or [])
        removed = [name for name in old_props if name not in new_props]
        added = [name for name in new_props if name not in old_props]
        renamed = self.renamed(removed, added, old_props, new_props, key=lambda schema: schema)
        for before, after in renamed.items():
            self.add(where, f"field `{before}` renamed to `{after}`", CHANGED, CLIENTS)
        for name in removed:
            if name not in renamed:
                self.add(where, f"field `{name}` removed", REMOVED, CLIENTS)
        for name in added:
            required = name in new_required
            if direction is Direction.RESPONSE:
                audience = PORTALS if required else COMPATIBLE
            else:
                audience = CLIENTS if required else COMPATIBLE
            if name in renamed.values():
                if audience is not COMPATIBLE:
                    self.add(where, f"field `{name}` is required", ADDED, audience)
                continue
            self.add(where, f"new {'required' if required else 'optional'} field `{name}`", ADDED, audience)
        for name in old_props.keys() & new_props.keys():
            field_where = f"{where}.{name}"
            self.compare_required(field_where, "field", name in old_required, name in new_required, direction)
            self.compare_schema(field_where, old_props[name], new_props[name], direction)
        # Names in `required` without a property of their own: they still demand (or stop demanding) the name.
        for name in sorted(new_required - old_required - new_props.keys() - old_props.keys()):
            self.add(where, f"`{name}` is now required (a name without a property)", CHANGED, direction.narrowed)
        for name in sorted(old_required - new_required - new_props.keys() - old_props.keys()):
            self.add(where, f"`{name}` is no longer required (a name without a property)", CHANGED, direction.widened)

    def compare_alternatives(self, where: str, old: JsonObject, new: JsonObject, direction: Direction) -> None:
        for keyword in ("anyOf", "oneOf", "allOf"):
            before, after = old.get(keyword) or [], new.get(keyword) or []
            if not before and not after:
                continue
            if len(before) != len(after):
                self.add(
                    where,
                    f"{keyword} now has {len(after)} alternatives instead of {len(before)}",
                    CHANGED,
                    CLIENTS,
                    PORTALS,
                )
                continue
            for index, (old_branch, new_branch) in enumerate(zip(before, after, strict=True)):
                self.compare_schema(f"{where} {keyword}[{index}]", old_branch, new_branch, direction)


def _ref_name(ref: str | None) -> str:
    """``#/components/schemas/Invoice`` -> ``Invoice``; ``None`` -> ``an inline schema``."""
    return ref.rsplit("/", 1)[-1] if ref else "an inline schema"


def _values(values: list[Any]) -> str:
    """``enum value 5`` or ``enum values 'a', 'b'``."""
    listed = ", ".join(repr(value) for value in values)
    return f"enum value {listed}" if len(values) == 1 else f"enum values {listed}"


def _types(schema: JsonObject) -> set[str]:
    """The JSON types a schema names, without ``null`` (nullability is compared on its own)."""
    declared = schema.get("type")
    names: Iterable[Any] = declared if isinstance(declared, list) else [declared] if declared else []
    return {str(name) for name in names if name != "null"}


def _accepts(types: set[str]) -> set[str] | None:
    """What a type set accepts: an integer is a number; ``None`` means any type."""
    if not types:
        return None
    return types | {"integer"} if "number" in types else set(types)


def _direction_audiences(old: set[str] | None, new: set[str] | None, direction: Direction) -> set[Audience]:
    if old is None or (new is not None and new < old):
        return {direction.narrowed}
    if new is None or new > old:
        return {direction.widened}
    return {CLIENTS, PORTALS}
