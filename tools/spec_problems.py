"""What is wrong with the spec, each problem on a line of its own as ``FILE:LINE: problem`` (compilers' form, which
editors and CI logs link to the line): first as YAML, then as OpenAPI (openapi-spec-validator, the validator
``make lint`` runs). ``make generate`` and ``make check-generated`` print these instead of the generator's own
output when the spec is broken."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from pathlib import Path
from typing import Any

import yaml
from openapi_spec_validator.shortcuts import get_validator_cls
from openapi_spec_validator.validation.exceptions import OpenAPIValidationError
from openapi_spec_validator.versions.exceptions import OpenAPIVersionNotFound

ROOT = Path(__file__).resolve().parent.parent


def shown_path(spec: Path) -> str:
    """The spec's path as a reader in the repository's root names it."""
    resolved = spec.resolve()
    return str(resolved.relative_to(ROOT)) if resolved.is_relative_to(ROOT) else str(spec)


def spec_problems(spec: Path) -> list[str]:
    """Every problem found in ``spec`` as ``FILE:LINE: problem``; empty when it is valid YAML and valid OpenAPI."""
    where = shown_path(spec)
    try:
        text = spec.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        return [f"{where}: cannot be read: {error}"]
    try:
        tree = yaml.compose(text, Loader=yaml.SafeLoader)
        document = yaml.safe_load(text)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = f":{mark.line + 1}" if mark is not None else ""
        context = ""
        if error.context and error.context_mark is not None:
            context = f" ({error.context} from line {error.context_mark.line + 1})"
        return [f"{where}{line}: not valid YAML: {error.problem or error.context}{context}"]
    except yaml.YAMLError as error:
        return [f"{where}: not valid YAML: {error}"]
    if not isinstance(document, dict) or tree is None:
        return [f"{where}:1: an OpenAPI document is a mapping, not {type(document).__name__}"]
    try:
        validator = get_validator_cls(document)(document)
    except OpenAPIVersionNotFound:
        return [f"{where}:1: no supported `openapi` version (3.0.x or 3.1.x) at the top"]
    problems = []
    for found in validator.iter_errors():
        path = list(found.absolute_path) if isinstance(found, OpenAPIValidationError) else []
        first_line = found.message.splitlines()[0] if found.message else "invalid"
        at = " / ".join(map(str, path))
        problems.append(f"{where}:{line_of(tree, path)}: {first_line}" + (f" (at {at})" if at else ""))
    return problems


def line_of(node: yaml.Node, path: Sequence[Hashable]) -> int:
    """The 1-based line of what ``path`` (keys and list indexes) names in a composed YAML tree; the line of its
    nearest existing parent when the path goes further than the document (a missing key)."""
    for key in path:
        child = _child(node, key)
        if child is None:
            break
        node = child
    return int(node.start_mark.line) + 1


def _child(node: yaml.Node, key: Any) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if str(key_node.value) == str(key):
                return value_node  # type: ignore[no-any-return]
    if isinstance(node, yaml.SequenceNode) and isinstance(key, int) and 0 <= key < len(node.value):
        return node.value[key]  # type: ignore[no-any-return]
    return None
