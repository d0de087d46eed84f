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


# The shape of the generated models: attrs builds `__init__` from the annotated attributes.
OLD_MODEL = """
    from typing import Any

    from attrs import define as _attrs_define
    from attrs import field as _attrs_field

    from .types import UNSET, Unset

    @_attrs_define
    class Invoice:
        id: int
        cost: float
        note: str | Unset = UNSET
        language: str | Unset = UNSET
        additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    class Plain:
        id: int
"""


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "        cost: float\n",
            "        cost: float\n        discount: float | None\n",
            {
                ("tinyclient.api.Invoice", "constructor: required parameter `discount` added", True),
                ("tinyclient.api.Invoice.discount", "attribute added", False),
            },
        ),
        (
            "        language: str | Unset = UNSET\n",
            "        language: str\n",
            {
                ("tinyclient.api.Invoice", "constructor: parameter `language` became required", True),
                ("tinyclient.api.Invoice.language", "type changed: str | Unset -> str", True),
            },
        ),
        (
            "        language: str | Unset = UNSET\n",
            "        language: str | Unset = UNSET\n        region: str | Unset = UNSET\n",
            {("tinyclient.api.Invoice.region", "attribute added", False)},
        ),
        (
            "        additional_properties",
            "        extra: list[str] = _attrs_field(factory=list)\n"
            "        seen: int = _attrs_field(init=False, default=0)\n"
            "        additional_properties",
            {
                ("tinyclient.api.Invoice.extra", "attribute added", False),
                ("tinyclient.api.Invoice.seen", "attribute added", False),
            },
        ),
        (
            "    class Plain:\n        id: int\n",
            "    class Plain:\n        id: int\n        total: int\n",
            {("tinyclient.api.Plain.total", "attribute added", False)},
        ),
    ],
    ids=[
        "required field added",
        "optional field became required",
        "optional field added",
        "fields with a factory or outside the constructor added",
        "a class attrs does not define",
    ],
)
def test_an_attrs_models_constructor_breaks_when_it_gains_a_required_parameter(
    tmp_path: Path, old: str, new: str, expected: set[tuple[str, str, bool]]
) -> None:
    before = write_package(tmp_path / "old", OLD_MODEL)
    assert old in OLD_MODEL
    after = write_package(tmp_path / "new", OLD_MODEL.replace(old, new, 1))

    found = {(c.path, c.message, c.breaking) for c in compare_packages("tinyclient", before, after)}

    assert found == expected
