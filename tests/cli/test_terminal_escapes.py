"""What reaches a real terminal from hostile portal text (issue 27): ``invoices list``, ``invoices totals`` and an
export to standard output run in a pseudo-terminal, as a person runs them, against invoices seeded through the
mock portal whose texts carry OSC 52 (writes the clipboard), OSC 0 (sets the window title), OSC 8 (a hidden link),
colour codes, NUL, C1 controls and bidi overrides. The bytes read from the terminal hold none of them, only their
visible escapes."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pexpect  # type: ignore[import-untyped]  # pexpect ships no type hints
import pytest

from onlyoffice_mock_portal import MockPortal

CLIPBOARD = "CB\x1b]52;c;aGVsbG8=\x07"
TITLE = "\x1b]0;pwned\x07Ti"
HIDDEN_LINK = "\x1b]8;;http://evil.example/\x1b\\Pay\x1b]8;;\x1b\\"
COLOUR = "\x1b[31mRED\x1b[0m"
CONTROLS = "N\x00U\x9b2J\x7fL"
BIDI = "abc\u202edcba\u2066x\u2069"
RICH_OWN = re.compile(rb"\x1b\[(?:[0-9;]*m|\?25[lh]|2K|[0-9]*[ABG])")
"""What Rich itself writes: styles (bold, dim, the spinner's green), hiding the cursor, redrawing the spinner."""
ROWS, COLUMNS = 30, 250


def run_in_terminal(portal: MockPortal, home: Path, *args: str) -> bytes:
    """The bytes ``onlyoffice-crm ARGS`` writes to a pseudo-terminal (exit code checked)."""
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(home),
        "TERM": "xterm-256color",
        "LANG": "C.UTF-8",
        "ONLYOFFICE_CRM_CONFIG_DIR": str(home / "config"),
        "ONLYOFFICE_URL": portal.url,
        "ONLYOFFICE_TOKEN": portal.token,
    }
    command = str(Path(sys.executable).with_name("onlyoffice-crm"))
    child = pexpect.spawn(command, list(args), env=env, dimensions=(ROWS, COLUMNS), timeout=30)
    child.expect(pexpect.EOF)
    child.close()
    raw: bytes = child.before
    assert child.exitstatus == 0, raw.decode("utf-8", "replace")
    return raw


def assert_inert(raw: bytes) -> str:
    """No control character of the data is in ``raw`` (Rich's own codes aside); the text shown."""
    shown = RICH_OWN.sub(b"", raw).decode("utf-8")
    assert "\x1b" not in shown  # no OSC, no CSI from the data: Rich's own codes were the only escapes
    assert not re.search("[\x00\x07\x7f\x80-\x9f\u202a-\u202e\u2066-\u2069]", shown), repr(shown)
    assert b"\x1b[31m" not in raw  # the data's colour (Rich draws nothing in red here)
    return shown


@pytest.mark.timeout(60)
def test_list_and_totals_show_controls_from_the_portal_as_visible_escapes(
    onlyoffice_portal: MockPortal, tmp_path: Path
) -> None:
    status = {"id": 2, "title": TITLE}
    currency = {"title": "X", "symbol": "X", "abbreviation": COLOUR, "cultureName": "", "isConvertable": True,
                "isBasic": False}  # fmt: skip
    onlyoffice_portal.set_invoices(
        [
            onlyoffice_portal.invoice(number=CLIPBOARD, status=status, contact=HIDDEN_LINK),
            onlyoffice_portal.invoice(number=CONTROLS, currency=currency, contact=BIDI),
        ]
    )

    listed = assert_inert(run_in_terminal(onlyoffice_portal, tmp_path, "invoices", "list"))
    totals = assert_inert(run_in_terminal(onlyoffice_portal, tmp_path, "invoices", "totals", "--by", "contact"))
    exported = assert_inert(run_in_terminal(onlyoffice_portal, tmp_path, "invoices", "export", "--columns", "all"))

    assert "CB\\x1b]52;c;aGVsbG8=\\x07" in listed
    assert "\\x1b]0;pwned\\x07Ti" in listed
    assert "\\x1b]8;;http://evil.example/\\x1b\\Pay\\x1b]8;;\\x1b\\" in listed
    assert "\\x1b[31mRED\\x1b[0m" in listed
    assert "N\\x00U\\x9b2J\\x7fL" in listed
    assert "abc<U+202E>dcba<U+2066>x<U+2069>" in listed
    assert "\\x1b]8;;http://evil.example/\\x1b\\Pay\\x1b]8;;\\x1b\\" in totals
    assert "abc<U+202E>dcba<U+2066>x<U+2069>" in totals
    assert "\\x1b[31mRED\\x1b[0m" in totals
    assert "CB\\x1b]52;c;aGVsbG8=\\x07," in exported  # CSV on a terminal, as ls shows names
    assert "abc<U+202E>dcba<U+2066>x<U+2069>" in exported
