"""The spec changes whose cost is measured: one patch of the spec each, in ``changes/``, first line its summary."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

CHANGES_FOLDER = Path(__file__).resolve().parent / "changes"
SPEC_PATH = "openapi/onlyoffice-crm-invoices.yaml"


class ChangeError(Exception):
    """A change is unknown, or its patch is not a patch of the spec alone."""


@dataclass(frozen=True)
class Change:
    """One committed spec change: its name (the patch's file name without ``.patch``), summary and patch file."""

    name: str
    summary: str
    patch: Path

    def touched_paths(self) -> list[str]:
        """The files the patch changes (``+++ b/...`` lines)."""
        lines = self.patch.read_text(encoding="utf-8").splitlines()
        return [line.removeprefix("+++ b/").strip() for line in lines if line.startswith("+++ b/")]


def load(patch: Path) -> Change:
    """The change a patch file holds; :class:`ChangeError` when it changes anything but the spec."""
    text = patch.read_text(encoding="utf-8")
    summary = text.split("\n", 1)[0].strip()
    change = Change(patch.name.removesuffix(".patch"), summary, patch)
    if not summary or summary.startswith(("---", "diff ")):
        raise ChangeError(f"{patch.name}: the first line must say what the change does")
    if change.touched_paths() != [SPEC_PATH]:
        raise ChangeError(f"{patch.name}: a change patches {SPEC_PATH} and nothing else")
    return change


def all_changes(folder: Path = CHANGES_FOLDER) -> list[Change]:
    """Every change in ``folder``, in the order of the file names."""
    return [load(patch) for patch in sorted(folder.glob("*.patch"))]


def select(names: list[str], folder: Path = CHANGES_FOLDER) -> list[Change]:
    """The changes named (a name or its number prefix, ``1`` for ``1-number-prefix-filter``), or all of them."""
    changes = all_changes(folder)
    if not names:
        return changes
    chosen = []
    for name in names:
        found = [c for c in changes if c.name == name or c.name.split("-", 1)[0] == name]
        if not found:
            raise ChangeError(f"no change {name!r}; known: {', '.join(c.name for c in changes)}")
        chosen.extend(found)
    return chosen
