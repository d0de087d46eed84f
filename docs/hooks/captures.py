"""Pictures of ``onlyoffice-crm`` as a terminal shows it, captured from the real command against a mock portal.

Each capture runs the installed command in a child process (``python -m onlyoffice_crm_cli``) with colours forced
and a fixed width, and turns what it printed into SVG with Rich (``Text.from_ansi`` and ``Console.export_svg``).
Rich's SVG gives each text run a length of one cell per character, and a browser draws an emoji (or any character
its monospace font lacks) in a fallback font of another width, so the table borders after it shifted; each run is
therefore split at such characters and every piece is held to its width in cells (``cell_aligned``).
The progress bar shows only when standard error is a terminal, so that capture gives the command a
pseudo-terminal and keeps the frame drawn nearest half-way.
"""

from __future__ import annotations

import html
import io
import os
import pty
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from rich.cells import cell_len, split_graphemes
from rich.console import Console
from rich.text import Text

from onlyoffice_mock_portal import PortalConfig
from onlyoffice_mock_portal.testing import RunningPortal, serve_portal

WIDTH = 100
COMMAND_TIMEOUT_S = 120
# Enough invoices, each page slowed down, for the progress bar to be drawn several times.
PROGRESS_INVOICES = 6000
PROGRESS_LATENCY_MS = 250.0
# Rich's live display moves to the start of the line and erases it before drawing each new frame.
FRAME_START = "\r\x1b[2K"
PROGRESS_COUNT = re.compile(r"(\d[\d,]*)/(\d[\d,]*)")
# A run of text as Console.export_svg writes it (the title is written with other attributes, and is left alone).
TEXT_RUN = re.compile(
    r'<text class="(?P<style>[^"]+)" x="(?P<x>[^"]+)" y="(?P<y>[^"]+)" textLength="(?P<length>[^"]+)" '
    r'clip-path="(?P<clip>[^"]+)">(?P<text>[^<]*)</text>'
)
# Characters every monospace font draws one cell wide: printable ASCII, box drawing and block elements (the
# table's grid and the bars). Any other character gets a piece of its own.
GRID_CHARACTERS = re.compile(r"[\x20-\x7e\u00a0\u2500-\u259f]")


@dataclass(frozen=True)
class Capture:
    """One picture: the file name under ``assets/captures/`` and the command line it shows."""

    name: str
    arguments: tuple[str, ...]

    @property
    def title(self) -> str:
        """The command line as a person types it (the window title of the picture)."""
        return " ".join(("onlyoffice-crm", *self.arguments))


TABLE = Capture("invoices-list.svg", ("invoices", "list", "--status", "paid", "--sort", "issued", "--limit", "8"))
CHART = Capture(
    "totals-by-month.svg", ("invoices", "totals", "--by", "month", "--issued", "2024", "--currency", "EUR", "--chart")
)
PROGRESS = Capture("export-progress.svg", ("invoices", "export", "--output", "invoices.csv"))


def capture_all() -> dict[str, str]:
    """Every picture as SVG text, by file name; served by a mock portal that lives for the capture."""
    with tempfile.TemporaryDirectory(prefix="docs-captures-") as folder, serve_portal(_config()) as portal:
        work = Path(folder)
        pictures = {
            capture.name: terminal_svg(_run(capture, portal, work), capture.title) for capture in (TABLE, CHART)
        }
        portal.control.set_faults(latency_ms=PROGRESS_LATENCY_MS)
        pictures[PROGRESS.name] = terminal_svg(
            _progress_frame(_run_on_terminal(PROGRESS, portal, work)), PROGRESS.title
        )
    return pictures


def _config() -> PortalConfig:
    return PortalConfig(invoices=PROGRESS_INVOICES, rate_limit=0)


def _environment(portal: RunningPortal, work: Path) -> dict[str, str]:
    keep = {name: value for name, value in os.environ.items() if not name.startswith(("ONLYOFFICE", "NO_COLOR"))}
    return {
        **keep,
        "ONLYOFFICE_URL": portal.url,
        "ONLYOFFICE_TOKEN": PortalConfig().token,
        "ONLYOFFICE_CRM_CONFIG_DIR": str(work / "config"),
        "COLUMNS": str(WIDTH),
        "LINES": "40",
        "FORCE_COLOR": "1",
        "TERM": "xterm-256color",
    }


def _command(capture: Capture) -> list[str]:
    return [sys.executable, "-m", "onlyoffice_crm_cli", *capture.arguments]


def _run(capture: Capture, portal: RunningPortal, work: Path) -> str:
    """What the command printed on standard output (it must succeed)."""
    done = subprocess.run(
        _command(capture),
        env=_environment(portal, work),
        cwd=work,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=COMMAND_TIMEOUT_S,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"{capture.title} exited {done.returncode}: {done.stderr.strip()}")
    return done.stdout


def _run_on_terminal(capture: Capture, portal: RunningPortal, work: Path) -> str:
    """What the command drew on its standard error, a pseudo-terminal (it must succeed)."""
    controller, terminal = pty.openpty()
    try:
        process = subprocess.Popen(
            _command(capture),
            env=_environment(portal, work),
            cwd=work,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=terminal,
        )
        os.close(terminal)
        drawn = bytearray()
        while True:
            try:
                chunk = os.read(controller, 65536)
            except OSError:  # EIO: the command closed the terminal's last writer (it ended)
                break
            if not chunk:
                break
            drawn.extend(chunk)
        code = process.wait(timeout=COMMAND_TIMEOUT_S)
    finally:
        os.close(controller)
    text = drawn.decode("utf-8", errors="replace")
    if code != 0:
        raise RuntimeError(f"{capture.title} exited {code}: {text.strip()[-300:]}")
    return text


def _progress_frame(drawn: str) -> str:
    """The frame of the progress bar whose count is nearest half of the total."""
    frames = []
    for frame in drawn.split(FRAME_START):
        counts = PROGRESS_COUNT.search(Text.from_ansi(frame).plain)
        if counts is not None:
            done, total = (int(number.replace(",", "")) for number in counts.groups())
            if total:
                frames.append((abs(done / total - 0.5), frame))
    if not frames:
        raise RuntimeError(f"no progress bar was drawn: {drawn[-300:]!r}")
    return min(frames)[1]


def terminal_svg(ansi: str, title: str) -> str:
    """What a terminal shows for ``ansi`` (text with colour codes), as SVG in a window titled ``title``."""
    console = Console(record=True, width=WIDTH, file=io.StringIO(), force_terminal=True, color_system="truecolor")
    console.print(Text.from_ansi(ansi.rstrip("\n")), overflow="ignore", crop=False)
    return cell_aligned(console.export_svg(title=title))


def cell_aligned(svg: str) -> str:
    """Rich's SVG with every text run held to its cells: each grapheme outside ``GRID_CHARACTERS`` (an emoji, a
    status mark, a letter a fallback font may draw) becomes a run of its own, and every run gets the ``x`` of its
    first cell and a ``textLength`` of its width in cells, glyphs scaled to it (``lengthAdjust``)."""
    cell_width = _cell_width(svg)

    def split(run: re.Match[str]) -> str:
        first_cell = round(float(run["x"]) / cell_width)
        return "".join(
            f'<text class="{run["style"]}" x="{(first_cell + offset) * cell_width:.6g}" y="{run["y"]}" '
            f'textLength="{cell_len(piece) * cell_width:.6g}" lengthAdjust="spacingAndGlyphs" '
            f'clip-path="{run["clip"]}">{_escaped(piece)}</text>'
            for offset, piece in _pieces(html.unescape(run["text"]))
            if piece.strip()
        )

    return TEXT_RUN.sub(split, svg)


def _cell_width(svg: str) -> float:
    """The width of a cell in Rich's SVG, from a run whose characters are one cell each (whatever length Rich
    gives a run with a wide character, this one is right)."""
    for run in TEXT_RUN.finditer(svg):
        text = html.unescape(run["text"])
        if len(text) == cell_len(text):
            return float(run["length"]) / len(text)
    raise RuntimeError("no text run of one-cell characters in the SVG Rich wrote: see TEXT_RUN in captures.py")


def _escaped(text: str) -> str:
    """``text`` as Rich writes it into SVG: escaped, each space a no-break space."""
    return html.escape(text).replace(" ", "&#160;").replace("\u00a0", "&#160;")


def _pieces(text: str) -> list[tuple[int, str]]:
    """``text`` cut into pieces, each with its first cell: runs of grid characters, and each other grapheme alone
    (a grapheme of no width stays with the piece before it)."""
    spans, _ = split_graphemes(text)
    pieces: list[tuple[int, str]] = []
    cell = 0
    grid_run = False
    for start, end, width in spans:
        grapheme = text[start:end]
        on_grid = GRID_CHARACTERS.fullmatch(grapheme) is not None
        if pieces and (width == 0 or (on_grid and grid_run)):
            first, piece = pieces[-1]
            pieces[-1] = (first, piece + grapheme)
        else:
            pieces.append((cell, grapheme))
            grid_run = on_grid
        cell += width
    return pieces
