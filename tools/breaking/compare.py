"""One comparison at a git ref against the working tree: the spec, the generated package's API (griffe), and
the library's API and the command line as they are imported (:mod:`tools.breaking.runtime_source`)."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from openapi_spec_validator import validate
from openapi_spec_validator.validation.exceptions import OpenAPIValidationError
from referencing.exceptions import Unresolvable

from . import api_diff, git_source, runtime_source, spec_diff
from .model import ApiChange, Audience, BadInputError, ChangeKind, SpecChange, Surface
from .runtime_diff import cli_changes, column_changes, library_changes
from .versioning import Bump, Version, bump_between, required_bump

SPEC_PATH = "openapi/onlyoffice-crm-invoices.yaml"
PACKAGE = "onlyoffice_crm_client"
PACKAGE_ROOT = "generated"
LIBRARY_PACKAGE = "onlyoffice_crm"
CLI_PACKAGE = "onlyoffice_crm_cli"
CLI_PROG = "onlyoffice-crm"
SOURCE_ROOT = "src"


@dataclass(frozen=True)
class Report:
    """What changed from ``base`` to the working tree, for clients, portals, Python code and command lines."""

    base: str
    base_commit: str
    old_version: Version
    new_version: Version
    spec_changes: list[SpecChange]
    api_changes: list[ApiChange]
    specs_differ: bool
    api_notes: tuple[str, ...] = ()

    def spec_changes_for(self, audience: Audience) -> list[SpecChange]:
        """The spec changes that concern ``audience``."""
        return [change for change in self.spec_changes if audience in change.audiences]

    @property
    def breaking(self) -> bool:
        """Whether anything breaks clients, portals or Python callers."""
        return any(change.breaking for change in self.spec_changes) or any(c.breaking for c in self.api_changes)

    @property
    def additions(self) -> bool:
        """Whether anything was added (that breaks nobody)."""
        changes: list[SpecChange | ApiChange] = [*self.spec_changes, *self.api_changes]
        return any(change.kind is ChangeKind.ADDED and not change.breaking for change in changes)

    @property
    def required_bump(self) -> Bump:
        """The version bump these changes need."""
        changed = self.specs_differ or bool(self.api_changes)
        return required_bump(breaking=self.breaking, additions=self.additions, changed=changed)

    @property
    def actual_bump(self) -> Bump:
        """The bump the spec's ``info.version`` made since ``base``."""
        return bump_between(self.old_version, self.new_version)

    @property
    def suggested_version(self) -> Version:
        """The working tree's version when it moved far enough, else the smallest one that does."""
        if self.actual_bump >= self.required_bump:
            return self.new_version
        return self.old_version.bumped(self.required_bump)


def parse_spec(text: str, where: str) -> dict[str, Any]:
    """Parse and validate a spec; :class:`BadInputError` (naming ``where``) when it is not valid OpenAPI."""
    try:
        document = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        at = f" at line {mark.line + 1}" if mark is not None else ""
        raise BadInputError(f"the spec {where} does not parse{at}: {getattr(error, 'problem', error)}") from error
    if not isinstance(document, dict):
        raise BadInputError(f"the spec {where} is not a YAML mapping")
    try:
        validate(document)
    except OpenAPIValidationError as error:
        message = " ".join(error.message.split())[:200]
        raise BadInputError(f"the spec {where} is not valid OpenAPI at {error.json_path}: {message}") from error
    except Unresolvable as error:
        raise BadInputError(f"the spec {where} has a $ref that points nowhere: {getattr(error, 'ref', '?')}") from error
    return document


def compare(repo: Path, base: str, *, label: str | None = None) -> Report:
    """Compare the spec, the generated package, the library and the command line at ``base`` with the
    working tree of ``repo``; ``label`` names ``base`` in the report (default: ``base`` itself)."""
    commit = git_source.resolve_commit(repo, base)
    old_spec = parse_spec(git_source.read_text(repo, commit, SPEC_PATH), f"at {base}")
    spec_file = repo / SPEC_PATH
    if not spec_file.is_file():
        raise BadInputError(f"{SPEC_PATH} is missing from the working tree")
    new_spec = parse_spec(spec_file.read_text(encoding="utf-8"), "in the working tree")
    old_version = Version.parse(spec_diff.spec_version(old_spec))
    new_version = Version.parse(spec_diff.spec_version(new_spec))
    spec_changes = spec_diff.classify(old_spec, new_spec)
    api_changes, note = _compare_package(repo, commit, base)
    runtime_changes, runtime_notes = _compare_runtime(repo, commit, base)
    return Report(
        base=label or base,
        base_commit=commit,
        old_version=old_version,
        new_version=new_version,
        spec_changes=spec_changes,
        api_changes=[*api_changes, *runtime_changes],
        specs_differ=_without_version(old_spec) != _without_version(new_spec),
        api_notes=tuple(filter(None, [note, *runtime_notes])),
    )


def _compare_package(repo: Path, commit: str, base: str) -> tuple[list[ApiChange], str]:
    package_path = f"{PACKAGE_ROOT}/{PACKAGE}"
    if not (repo / package_path).is_dir():
        raise BadInputError(f"{package_path} is missing from the working tree: run `make generate`")
    if not git_source.has_path(repo, commit, package_path):
        return [], f"{package_path} does not exist at {base}: the Python API was not compared"
    with tempfile.TemporaryDirectory(prefix="breaking-") as scratch:
        git_source.export_folder(repo, commit, package_path, Path(scratch))
        changes = api_diff.compare_packages(PACKAGE, Path(scratch) / PACKAGE_ROOT, repo / PACKAGE_ROOT)
    return changes, ""


def _compare_runtime(repo: Path, commit: str, base: str) -> tuple[list[ApiChange], list[str]]:
    """The library's and the command line's changes (each compared when both trees have it), and notes."""
    changes: list[ApiChange] = []
    notes: list[str] = []
    compared: dict[Surface, str] = {}
    for package, surface in ((LIBRARY_PACKAGE, Surface.LIBRARY), (CLI_PACKAGE, Surface.CLI)):
        path = f"{SOURCE_ROOT}/{package}"
        in_base, in_tree = git_source.has_path(repo, commit, path), (repo / path).is_dir()
        if in_base and in_tree:
            compared[surface] = package
        elif in_base:
            changes.append(ApiChange(package, f"{path} removed", ChangeKind.REMOVED, True, surface))
        elif in_tree:
            notes.append(f"{path} does not exist at {base}: the {surface.heading} was not compared")
    if not compared:
        return changes, notes
    library, cli = compared.get(Surface.LIBRARY), compared.get(Surface.CLI)
    with tempfile.TemporaryDirectory(prefix="breaking-") as scratch:
        for folder in runtime_source.SOURCE_FOLDERS:
            if git_source.has_path(repo, commit, folder):
                git_source.export_folder(repo, commit, folder, Path(scratch))
        old = runtime_source.describe(Path(scratch), f"at {base}", library=library, cli=cli, prog=CLI_PROG)
    new = runtime_source.describe(repo, "in the working tree", library=library, cli=cli, prog=CLI_PROG)
    if old.library is not None and new.library is not None:
        changes.extend(library_changes(old.library, new.library))
    if old.cli is not None and new.cli is not None:
        changes.extend(cli_changes(old.cli, new.cli))
    if old.columns is not None and new.columns is not None:
        changes.extend(column_changes(old.columns, new.columns, CLI_PROG))
    elif old.columns is not None:
        changes.append(
            ApiChange(f"{CLI_PROG} --columns", "the export's columns are gone", ChangeKind.REMOVED, True, Surface.CLI)
        )
    return changes, notes


def _without_version(document: dict[str, Any]) -> dict[str, Any]:
    info = {key: value for key, value in (document.get("info") or {}).items() if key != "version"}
    return {**document, "info": info}
