"""The Python side: griffe's breakages plus changed annotations and additions, on two tiny packages."""

from __future__ import annotations

from pathlib import Path
from textwrap import dedent

import pytest

from tools.breaking.api_diff import compare_packages
from tools.breaking.model import BadInputError, ChangeKind

OLD_MODULE = """
    import enum

    class Status(enum.IntEnum):
        DRAFT = 1
        PAID = 4

    class Invoice:
        total: int
        number: str
        terms: str

    def sync(*, client: object, status: Status | None = None, count: int = 10) -> Invoice | None:
        return None

    def _private(x: int) -> int:
        return x
"""

NEW_MODULE = """
    import enum

    class Status(enum.IntEnum):
        DRAFT = 1
        PAID = 5

    class Invoice:
        total: str
        number: str
        region: str

    def sync(*, client: object, count: int = 25, region: str = "", portal: str) -> Invoice | None:
        return None

    def asyncio(*, client: object) -> None:
        return None

    def _private(y: str) -> str:
        return y
"""


def write_package(root: Path, module_source: str) -> Path:
    package = root / "tinyclient"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text('"""A tiny client."""\n', encoding="utf-8")
    (package / "api.py").write_text(dedent(module_source), encoding="utf-8")
    return root


def test_python_changes_are_named_in_python_terms(tmp_path: Path) -> None:
    old = write_package(tmp_path / "old", OLD_MODULE)
    new = write_package(tmp_path / "new", NEW_MODULE)

    found = {(c.path, c.message, c.kind, c.breaking) for c in compare_packages("tinyclient", old, new)}

    breaking, changed, added, removed = True, ChangeKind.CHANGED, ChangeKind.ADDED, ChangeKind.REMOVED
    assert found == {
        ("tinyclient.api.Invoice.terms", "attribute removed", removed, breaking),
        ("tinyclient.api.Invoice.total", "type changed: int -> str", changed, breaking),
        ("tinyclient.api.Status.PAID", "value changed: 4 -> 5", changed, breaking),
        ("tinyclient.api.sync", "parameter `status`: parameter was removed", removed, breaking),
        ("tinyclient.api.sync", "parameter `count`: parameter default was changed", changed, breaking),
        ("tinyclient.api.sync", "parameter `portal`: parameter was added as required", changed, breaking),
        ("tinyclient.api.sync", "optional parameter `region` added", added, not breaking),
        ("tinyclient.api.Invoice.region", "attribute added", added, not breaking),
        ("tinyclient.api.asyncio", "function added", added, not breaking),
    }


def test_identical_packages_have_no_changes(tmp_path: Path) -> None:
    old = write_package(tmp_path / "old", OLD_MODULE)
    same = write_package(tmp_path / "same", OLD_MODULE)

    assert compare_packages("tinyclient", old, same) == []


def test_a_missing_package_is_bad_input(tmp_path: Path) -> None:
    old = write_package(tmp_path / "old", OLD_MODULE)

    with pytest.raises(BadInputError, match="cannot load tinyclient"):
        compare_packages("tinyclient", old, tmp_path / "empty")
