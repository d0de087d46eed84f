"""Bytes exactly as an ONLYOFFICE portal writes them: 7-digit dates, two-decimal money, the server's string escapes.

Strings follow ``JsonStringConverter.GetEscapedJsonString``: ``"``, ``\\`` and ``/`` get a backslash, control
characters and UTF-16 surrogates (so characters outside the BMP, as a pair) and U+FFFE/U+FFFF are written as
``\\u`` with four lower-case hex digits; everything else is raw UTF-8.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from typing import Any

EPOCH = dt.datetime(1970, 1, 1)
DAY_MICROS = 86_400_000_000
_NEEDS_ESCAPE = re.compile('["\\\\/\x00-\x1f\ud800-\udfff\ufffe\uffff\U00010000-\U0010ffff]')


def _escape(match: re.Match[str]) -> str:
    char = match[0]
    if char in '"\\/':
        return "\\" + char
    code = ord(char)
    if code > 0xFFFF:  # outside the BMP: the UTF-16 surrogate pair, each escaped
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
    return f"\\u{code:04x}"


def json_string(text: str) -> str:
    """A JSON string literal (quotes included) escaped as the portal's string converter does."""
    return '"' + _NEEDS_ESCAPE.sub(_escape, text) + '"'


def money_text(cents: int, *, zero_as_short: bool = False) -> str:
    """An amount in cents with two decimals; ``0.0`` for zero when ``zero_as_short`` (a cost without lines)."""
    if cents == 0 and zero_as_short:
        return "0.0"
    sign = "-" if cents < 0 else ""
    whole, fraction = divmod(abs(cents), 100)
    return f"{sign}{whole}.{fraction:02d}"


def micros_to_wire(epoch_micros: int, offset_minutes: int) -> str:
    """An instant (microseconds since the Unix epoch) as the portal's local time with 7 digits and offset."""
    local = EPOCH + dt.timedelta(microseconds=epoch_micros, minutes=offset_minutes)
    text = local.isoformat(timespec="microseconds") + "0"
    if offset_minutes == 0:
        return text + "Z"
    sign = "-" if offset_minutes < 0 else "+"
    hours, minutes = divmod(abs(offset_minutes), 60)
    return f"{text}{sign}{hours:02d}:{minutes:02d}"


@lru_cache(maxsize=1 << 16)  # whole days repeat a lot: a few thousand distinct values in seeded data
def day_to_wire(epoch_micros: int, offset_minutes: int) -> str:
    """:func:`micros_to_wire`, cached: for values that repeat (issue and due dates)."""
    return micros_to_wire(epoch_micros, offset_minutes)


def wire_to_micros(text: str) -> int:
    """Microseconds since the Unix epoch of a date the portal wrote (any offset, ``Z`` included).

    Raises ValueError for a text that is no date.
    """
    moment = dt.datetime.fromisoformat(text)
    offset = moment.utcoffset() or dt.timedelta(0)
    return (moment.replace(tzinfo=None) - EPOCH - offset) // dt.timedelta(microseconds=1)


def encode_value(value: Any) -> str:
    """Any JSON value as the portal writes it (compact, its string escapes)."""
    if isinstance(value, str):
        return json_string(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, dict):
        return "{" + ",".join(f"{json_string(str(key))}:{encode_value(item)}" for key, item in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(encode_value(item) for item in value) + "]"
    raise TypeError(f"cannot encode {type(value).__name__}")


def dumps(value: Any) -> bytes:
    """JSON like the portal's serializer, as UTF-8 bytes (lone surrogates are escaped, so always encodable)."""
    return encode_value(value).encode("utf-8")
