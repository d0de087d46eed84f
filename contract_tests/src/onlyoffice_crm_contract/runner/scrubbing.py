"""The one scrubbing function of a contract run: the token, the password, the user name and a login's token are
replaced by the mask wherever they appear in what the checker writes or prints, in every form a server or a
report may give them.

A portal may quote a request back (an error page that shows the request's headers, a JSON answer that echoes the
query), so a secret can reach a body, a header, a failure message or a test id in any of these forms:

- as it is, JSON-escaped (with ``/`` written ``\\/``, as ONLYOFFICE's serializer does, and ``\\uXXXX``),
  HTML-escaped (``&amp;``, ``&quot;``, ``&#39;``, ``&#x27;``), as a Python ``repr`` shows it;
- percent-encoded (upper- or lower-case hexadecimal; ``%20`` or ``+`` for a space);
- base64 (standard or URL-safe) at any offset of the encoded bytes, as in ``Basic`` authorization: the run of
  characters that only the secret's bytes determine is masked.

Every report writer (``report_files.py``) and the run's standard output and error (``scrubbed_output``) pass
their text through :meth:`Scrubber.scrub`; documents are scrubbed string by string before they are serialized,
so that a HAR stays JSON and a JUnit report stays XML whatever the secret is. Values shorter than
:data:`SHORTEST_SCRUBBED` characters are not scrubbed: masking every ``a`` would leave no report to read, and such
a value protects nothing.
"""

from __future__ import annotations

import base64
import html
import json
import re
import sys
import threading
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any, TextIO
from urllib.parse import quote, quote_plus

from .masking import MASK

SHORTEST_SCRUBBED = 3
"""Values with fewer characters are left alone (see the module's description)."""
_PERCENT = re.compile(r"%[0-9A-F]{2}")


def _json_forms(value: str) -> set[str]:
    escaped = {json.dumps(value, ensure_ascii=flag)[1:-1] for flag in (False, True)}
    return escaped | {form.replace("/", "\\/") for form in escaped}


def _html_forms(value: str) -> set[str]:
    minimal = html.escape(value, quote=False)
    return {minimal, html.escape(value), minimal.replace('"', "&quot;").replace("'", "&#39;")}


def _url_forms(value: str) -> set[str]:
    encoded = {quote(value, safe=""), quote(value), quote_plus(value), quote_plus(value, safe="/")}
    return encoded | {_PERCENT.sub(lambda hit: hit.group().lower(), form) for form in encoded}


def _base64_cores(value: str) -> set[str]:
    """For each offset of the secret in a base64 stream (0, 1 or 2 bytes after a 3-byte boundary), the characters
    that only its bytes decide."""
    data = value.encode("utf-8")
    cores = set()
    for offset in range(3):
        for encode in (base64.b64encode, base64.urlsafe_b64encode):
            encoded = encode(b"\0" * offset + data).decode("ascii")
            first, last = -(-8 * offset // 6), 8 * (offset + len(data)) // 6
            cores.add(encoded[first:last])
    return {core for core in cores if len(core) >= SHORTEST_SCRUBBED}


def forms(value: str) -> set[str]:
    """Every form of ``value`` the scrubber masks."""
    plain = {value, repr(value)[1:-1], ascii(value)[1:-1]}
    plain |= _json_forms(value) | _html_forms(value)
    escaped = {form for each in plain for form in _url_forms(each)}
    return {form for form in plain | escaped | _base64_cores(value) if len(form) >= SHORTEST_SCRUBBED}


class Scrubber:
    """The secrets of one run, and the function that masks them in a text."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        self._forms: set[str] = set()
        self._pattern: re.Pattern[str] | None = None
        self._lock = threading.Lock()
        self.add(*secrets)

    def add(self, *secrets: str) -> None:
        """Scrub ``secrets`` too from now on (blank and too short values are ignored)."""
        new = {form for secret in secrets if len(secret.strip()) >= SHORTEST_SCRUBBED for form in forms(secret)}
        with self._lock:
            if new - self._forms:
                self._forms = self._forms | new  # a new set: a write may be iterating over the old one
                longest_first = sorted(self._forms, key=len, reverse=True)
                self._pattern = re.compile("|".join(re.escape(form) for form in longest_first))

    def scrub(self, text: str) -> str:
        """``text`` with every form of every secret replaced by the mask."""
        pattern = self._pattern
        return text if pattern is None else pattern.sub(MASK, text)

    def unsafe_tail(self, text: str) -> int:
        """How many of the last characters of ``text`` may begin a secret that the text to come completes (the
        longest end of ``text`` that begins a form of a secret)."""
        longest = 0
        for form in self._forms:
            for size in range(min(len(form) - 1, len(text)), longest, -1):
                if text.endswith(form[:size]):
                    longest = size
                    break
        return longest

    def scrub_json(self, node: Any) -> Any:
        """A JSON document with every string value in it scrubbed (its keys are the report's own structure: no
        report keys a value by what a portal sent)."""
        if isinstance(node, str):
            return self.scrub(node)
        if isinstance(node, dict):
            return {key: self.scrub_json(value) for key, value in node.items()}
        if isinstance(node, list):
            return [self.scrub_json(item) for item in node]
        return node

    def scrub_xml(self, element: ET.Element) -> None:
        """Scrub, in place, the text, tail and attribute values of ``element`` and everything under it."""
        for node in element.iter():
            node.text = None if node.text is None else self.scrub(node.text)
            node.tail = None if node.tail is None else self.scrub(node.tail)
            for name, value in node.attrib.items():
                node.attrib[name] = self.scrub(value)

    def github_mask_commands(self, secret: str) -> list[str]:
        """The ``::add-mask::`` workflow commands that hide ``secret`` (and its escaped forms) in a GitHub
        Actions log."""
        shown = sorted(form for form in forms(secret) if "\n" not in form and "\r" not in form)
        return [f"::add-mask::{form}" for form in shown]


class ScrubbedStream:
    """A text stream that writes what it is given scrubbed to ``raw``, at once (pytest's progress dots show as they
    come), except an end that may begin a secret: that waits for the text that follows, or for :meth:`finish`, so
    that a secret written in two pieces is still masked."""

    def __init__(self, raw: TextIO, scrubber: Scrubber) -> None:
        self.raw, self.scrubber = raw, scrubber
        self._pending = ""
        self._lock = threading.RLock()

    def write(self, text: str) -> int:
        """Write ``text`` scrubbed, but for an end that may begin a secret (kept for the next write)."""
        with self._lock:
            waiting = self._pending + text
            ready = len(waiting) - self.scrubber.unsafe_tail(waiting)
            if ready:
                self.raw.write(self.scrubber.scrub(waiting[:ready]))
            self._pending = waiting[ready:]
        return len(text)

    def writelines(self, lines: Iterable[str]) -> None:
        """Write each of ``lines``."""
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        """Flush what was written (an end that may begin a secret still waits)."""
        self.raw.flush()

    def finish(self) -> None:
        """Write the partial line too, scrubbed, and flush."""
        with self._lock:
            if self._pending:
                self.raw.write(self.scrubber.scrub(self._pending))
                self._pending = ""
        self.raw.flush()

    def write_unscrubbed(self, line: str) -> None:
        """Write one line as it is (a workflow command that must name the secret it hides)."""
        with self._lock:
            self.raw.write(line + "\n")
            self.raw.flush()

    def isatty(self) -> bool:
        """As the raw stream."""
        return self.raw.isatty()

    def fileno(self) -> int:
        """As the raw stream."""
        return self.raw.fileno()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.raw, name)  # encoding, errors, buffer...


@contextmanager
def scrubbed_output(scrubber: Scrubber) -> Iterator[tuple[ScrubbedStream, ScrubbedStream]]:
    """Within the block, ``sys.stdout`` and ``sys.stderr`` (and so pytest's terminal output, which is set up inside
    it) write scrubbed lines."""
    saved = sys.stdout, sys.stderr
    out, err = ScrubbedStream(sys.stdout, scrubber), ScrubbedStream(sys.stderr, scrubber)
    sys.stdout, sys.stderr = out, err
    try:
        yield out, err
    finally:
        sys.stdout, sys.stderr = saved
        out.finish()
        err.finish()
