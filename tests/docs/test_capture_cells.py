"""The pictures of the command (docs/hooks/captures.py) keep a terminal's grid: each run of text is held to the
cells it takes, so that an emoji or a status mark drawn in a fallback font of another width does not shift the
table borders after it."""

from __future__ import annotations

import functools
import importlib.util
import io
import sys
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import pytest
from rich.box import HEAVY_HEAD
from rich.cells import cell_len, split_graphemes
from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parents[2]
HOOK_NAME = "docs_captures_hook"
SVG = "{http://www.w3.org/2000/svg}"
BORDERS = frozenset("│┃┏┳┓┡╇┩└┴┘━─")
# Contacts as the mock portal writes them: a wide emoji, an emoji made wide by a variation selector, a narrow
# status mark, letters outside ASCII.
CONTACTS = ("Northwind Traders", "Smiley 😀 Studio", "Tick ☑️ Ltd", "✔ Paid up", "Jiří Élan")


@dataclass(frozen=True)
class Run:
    """One ``<text>`` of the terminal: where it starts, how long it is drawn, how, and what it says."""

    x: float
    y: float
    length: float
    adjust: str | None
    text: str


@functools.cache
def captures_hook() -> ModuleType:
    """docs/hooks/captures.py, which the site's build runs to draw the pictures (registered under its own name
    while it runs, as its dataclasses need)."""
    spec = importlib.util.spec_from_file_location(HOOK_NAME, ROOT / "docs" / "hooks" / "captures.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[HOOK_NAME] = module
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules[HOOK_NAME]
    return module


def table_ansi() -> str:
    """A table like ``invoices list`` prints, in colour, one contact per row."""
    table = Table("Number", "Contact", "Amount", box=HEAVY_HEAD, header_style="bold")
    for number, contact in enumerate(CONTACTS, start=1):
        table.add_row(f"INV-{number:06d}", contact, f"{number * 1000:,}.00")
    console = Console(file=io.StringIO(), width=60, force_terminal=True, color_system="truecolor")
    console.print(table)
    output = console.file
    assert isinstance(output, io.StringIO)
    return output.getvalue()


def terminal_runs(svg: str) -> list[Run]:
    """The text runs of the terminal (not the window's title)."""
    runs = []
    for element in ElementTree.fromstring(svg).iter(f"{SVG}text"):
        if "textLength" in element.attrib:
            runs.append(
                Run(
                    x=float(element.attrib["x"]),
                    y=float(element.attrib["y"]),
                    length=float(element.attrib["textLength"]),
                    adjust=element.attrib.get("lengthAdjust"),
                    text=(element.text or "").replace("\u00a0", " "),
                )
            )
    return runs


@pytest.fixture(scope="module")
def runs() -> list[Run]:
    return terminal_runs(captures_hook().terminal_svg(table_ansi(), "onlyoffice-crm invoices list"))


@pytest.fixture(scope="module")
def cell_width(runs: list[Run]) -> float:
    top_border = runs[0]
    assert set(top_border.text) <= BORDERS
    return top_border.length / cell_len(top_border.text)


def test_every_run_is_drawn_as_wide_as_its_cells(runs: list[Run], cell_width: float) -> None:
    for run in runs:
        assert run.length == pytest.approx(cell_len(run.text) * cell_width, abs=0.01), run
        assert run.adjust == "spacingAndGlyphs", run


def test_a_character_outside_the_grid_fonts_is_a_run_of_its_own(runs: list[Run]) -> None:
    grid = captures_hook().GRID_CHARACTERS
    assert {"😀", "☑️", "✔", "ř", "É"} <= {run.text for run in runs}
    for run in runs:
        graphemes, _ = split_graphemes(run.text)
        assert len(graphemes) == 1 or all(grid.fullmatch(character) for character in run.text), run


def test_the_table_borders_are_drawn_in_the_same_columns_on_every_row(runs: list[Run], cell_width: float) -> None:
    # A browser spreads a run over its textLength, each character an equal share (the font is monospace).
    columns_by_row: dict[float, set[float]] = {}
    for run in runs:
        share = run.length / cell_width / len(run.text)
        for index, character in enumerate(run.text):
            if character in "│┃":
                columns_by_row.setdefault(run.y, set()).add(round(run.x / cell_width + index * share, 2))
    assert len(columns_by_row) == 1 + len(CONTACTS)  # the header and each contact
    assert len({frozenset(columns) for columns in columns_by_row.values()}) == 1, columns_by_row
