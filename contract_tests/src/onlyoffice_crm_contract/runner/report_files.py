"""Writing one report: scrubbed, to a new temporary file in the report folder, then renamed over the report.

The temporary file is created with ``O_CREAT|O_EXCL|O_NOFOLLOW`` (mode ``0666`` less the umask, as any new file),
so nothing planted in the folder is opened or followed; the rename replaces whatever has the report's name, a
symbolic link included, and never writes where a link points. A reader never sees half a report. A failure
leaves the old report and no temporary file.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from .scrubbing import Scrubber

REPORT_MODE = 0o666
"""Less the umask, as the shell's ``>`` makes a file: reports are shared as any file is."""
_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)


def _replace(path: Path, data: bytes) -> None:
    temporary = path.parent / f".{path.name}.{secrets.token_hex(6)}.tmp"
    descriptor = os.open(temporary, _FLAGS, REPORT_MODE)
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def write_text_report(path: Path, text: str, scrubber: Scrubber) -> None:
    """Write ``text``, scrubbed, as UTF-8."""
    _replace(path, scrubber.scrub(text).encode("utf-8"))


def write_json_report(path: Path, document: Any, scrubber: Scrubber, indent: int = 2) -> None:
    """Write ``document`` as JSON (UTF-8), each of its strings scrubbed."""
    # Scrubbed string by string, not as serialized text: the file stays JSON whatever a secret looks like.
    text = json.dumps(scrubber.scrub_json(document), ensure_ascii=False, indent=indent) + "\n"
    _replace(path, text.encode("utf-8"))


def write_xml_report(path: Path, root: ET.Element, scrubber: Scrubber) -> None:
    """Write the XML tree under ``root`` (UTF-8, with a declaration), each text and attribute value scrubbed."""
    scrubber.scrub_xml(root)
    _replace(path, ET.tostring(root, encoding="utf-8", xml_declaration=True))
