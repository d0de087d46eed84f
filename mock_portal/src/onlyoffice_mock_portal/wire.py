"""Bytes exactly as an ONLYOFFICE portal writes them: 7-digit dates, two-decimal money, ``\\/`` escapes."""

from __future__ import annotations

import datetime as dt
import json
import re
from functools import cache
from typing import Any

EPOCH = dt.datetime(1970, 1, 1)
MONEY_KEYS = ("exchangeRate", "cost")
SHARED_KEYS = ("contact", "consignee", "entity", "currency", "createBy")
_MONEY_MARK = "\ue000"  # private-use characters no real value carries
_PIECE_MARK = "\ue001"
_PIECE = re.compile(f'"{_PIECE_MARK}([0-9]+)"')
_MONEY = re.compile(f'"{_MONEY_MARK}(-?[0-9]+\\.[0-9]{{2}})"')


def micros_to_wire(epoch_micros: int, offset_minutes: int) -> str:
    """An instant (microseconds since the Unix epoch) as the portal's local time with 7 digits and offset."""
    local = EPOCH + dt.timedelta(microseconds=epoch_micros, minutes=offset_minutes)
    text = local.isoformat(timespec="microseconds") + "0"
    if offset_minutes == 0:
        return text + "Z"
    sign = "-" if offset_minutes < 0 else "+"
    hours, minutes = divmod(abs(offset_minutes), 60)
    return f"{text}{sign}{hours:02d}:{minutes:02d}"


@cache  # dates repeat a lot (whole days); parsing them once each halves start-up
def wire_to_micros(text: str) -> int:
    """Microseconds since the Unix epoch of a date the portal wrote (any offset, ``Z`` included)."""
    moment = dt.datetime.fromisoformat(text)
    offset = moment.utcoffset() or dt.timedelta(0)
    return (moment.replace(tzinfo=None) - EPOCH - offset) // dt.timedelta(microseconds=1)


def money(value: float) -> str:
    """Mark an amount so that the encoders here write it with exactly two decimals."""
    return f"{_MONEY_MARK}{value:.2f}"


_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def _json_text(value: Any) -> str:
    text = _ENCODER.encode(value)
    return _MONEY.sub(r"\1", text) if _MONEY_MARK in text else text


def dumps(value: Any) -> bytes:
    """JSON like the portal's serializer: raw UTF-8, ``/`` escaped as ``\\/``, marked money as ``1.00``."""
    return _json_text(value).replace("/", "\\/").encode("utf-8")


def encode_invoice(invoice: dict[str, Any], shared: dict[int, str] | None = None) -> bytes:
    """One invoice's JSON, money with two decimals.

    ``shared`` caches the JSON of nested objects by identity (contacts, currencies, users are shared
    by many generated invoices); pass the same dict only while those objects are alive.
    """
    marked = dict(invoice)
    for key in MONEY_KEYS:
        if isinstance(marked.get(key), (int, float)):
            marked[key] = money(float(marked[key]))
    pieces: list[str] = []
    if shared is not None:
        for key in SHARED_KEYS:
            value = marked.get(key)
            if isinstance(value, dict):
                fragment = shared.get(id(value))
                if fragment is None:
                    fragment = shared[id(value)] = _json_text(value)
                marked[key] = f"{_PIECE_MARK}{len(pieces)}"
                pieces.append(fragment)
    text = _PIECE.sub(lambda match: pieces[int(match[1])], _json_text(marked)) if pieces else _json_text(marked)
    return text.replace("/", "\\/").encode("utf-8")
