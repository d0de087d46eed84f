"""Portal text made safe for a terminal: the one place every command's table, chart and line goes through.

As GNU ``ls`` (``--quoting-style=escape``) and ``git`` (``core.quotePath``) show names on a terminal, every
control character shows as a visible C escape, so that no escape sequence from the data reaches the terminal
(OSC 52 writing the clipboard, OSC 0 the window title, OSC 8 hidden links, colours, cursor moves):

- tab, line feed and carriage return as ``\\t``, ``\\n``, ``\\r``; any other C0 control, DEL and each C1 control
  (U+0080 to U+009F, ``CSI`` included) as ``\\xHH`` (ESC is ``\\x1b``);
- the bidirectional controls (U+061C, U+200E, U+200F, U+202A to U+202E, U+2066 to U+2069), which reorder what follows
  them (the "Trojan Source" trick), as ``<U+202E>``;
- an unpaired surrogate as U+FFFD (:mod:`._surrogates`).

Rich parses ``[...]`` in plain strings as markup; portal text reaches it only as :class:`rich.text.Text`
(:func:`terminal_text`), so ``[link=URL]Pay here[/link]`` or ``[/bold]`` stays the literal text it is.
"""

from __future__ import annotations

import re

from rich.style import StyleType
from rich.text import Text

from ._surrogates import repaired

_SHORT_ESCAPES = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}
BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_UNSAFE = re.compile(f"[\x00-\x1f\x7f-\x9f{BIDI_CONTROLS}]")


def _visible(match: re.Match[str]) -> str:
    character = match.group()
    code = ord(character)
    if character in BIDI_CONTROLS:
        return f"<U+{code:04X}>"
    return _SHORT_ESCAPES.get(character, f"\\x{code:02x}")


def terminal_str(text: str) -> str:
    """``text`` as it may reach a terminal: controls as visible escapes, bidi controls as ``<U+XXXX>``."""
    return _UNSAFE.sub(_visible, repaired(text))


def terminal_text(text: str, style: StyleType = "") -> Text:
    """``text`` for Rich: :func:`terminal_str`, as :class:`~rich.text.Text` (never read as markup)."""
    return Text(terminal_str(text), style=style)
