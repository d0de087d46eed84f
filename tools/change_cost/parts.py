"""Which part of the kit a test belongs to, by where the test lives: the longest matching path prefix wins."""

from __future__ import annotations

from enum import StrEnum


class Part(StrEnum):
    """A part of the kit, as the change-cost tables name it."""

    SPEC = "spec"
    GENERATED = "generated client"
    LIBRARY = "library"
    CLI = "CLI"
    MOCK = "mock portal"
    CONTRACT = "contract suite"
    DOCS = "docs"
    PACKAGING = "packaging"
    TOOLS = "release tools"
    OTHER = "other"


PART_OF_PATH: dict[str, Part] = {
    "tests/spec/": Part.SPEC,
    "tests/vendor/": Part.GENERATED,
    "tests/client/": Part.GENERATED,
    "tests/generation/": Part.GENERATED,
    "tests/library/": Part.LIBRARY,
    "tests/cli/": Part.CLI,
    "tests/mock_portal/": Part.MOCK,
    "tests/plugin/": Part.MOCK,
    "tests/contract_driver/": Part.CONTRACT,
    "contract_tests/": Part.CONTRACT,
    "tests/docs/": Part.DOCS,
    "tests/packaging/": Part.PACKAGING,
    "tests/breaking/": Part.TOOLS,
}
"""Test paths (a folder ends with ``/``) and their parts; ``make generate`` failing counts as the generated client."""


def part_of(test_id: str) -> Part:
    """The part of a pytest node id (``tests/cli/test_x.py::test_y[a]``), :attr:`Part.OTHER` when none matches."""
    path = test_id.split("::", 1)[0]
    matches = [
        prefix for prefix in PART_OF_PATH if path == prefix or (prefix.endswith("/") and path.startswith(prefix))
    ]
    return PART_OF_PATH[max(matches, key=len)] if matches else Part.OTHER
