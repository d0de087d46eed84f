"""Write a file under its name only once it is complete: an error or Ctrl-C leaves the old file (or none)."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def _mode_for(target: Path) -> int:
    """The permission bits the finished file gets: the replaced file's, or what the umask gives a new file."""
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


@contextmanager
def completed_file(target: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``target`` (same folder, so the final rename is atomic).

    When the ``with`` block ends normally the temporary file replaces ``target``; when it raises anything,
    ``KeyboardInterrupt`` included, the temporary file is deleted and ``target`` is left as it was.
    """
    handle, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
        os.chmod(temporary, _mode_for(target))
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise
