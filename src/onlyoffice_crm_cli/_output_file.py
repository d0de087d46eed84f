"""Where an export goes, and writing it without damaging what the command does not own.

- A new or regular file is written in a private temporary folder beside it (``.NAME.XXXX.part/``, mode 0700,
  where XlsxWriter's own temporary files go too) and renamed over it only when complete; the folder is removed
  whatever happens (an error, a full disk, Ctrl-C, SIGTERM, SIGHUP), so an old file stays as it was.
- A symbolic link to a regular file: the file it points to is replaced, the link stays a link (as the shell's
  ``>`` writes through it).
- A character device or a FIFO (``/dev/null``, a named pipe, ``/dev/stdout``), or a link to one, is written into
  as it is, like curl does: never replaced by a regular file, no temporary file beside it.
- A read-only file (no write bit for the user in its mode, so also for root) is refused; so are folders, block
  devices and sockets.
"""

from __future__ import annotations

import errno
import os
import shutil
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import BinaryIO

from ._errors import CliError


class TargetKind(Enum):
    """How an export reaches its target."""

    FILE = "file"
    """A regular file, or none yet: replaced atomically when complete."""
    STREAM = "stream"
    """A character device or a FIFO: written into as it is."""


@dataclass(frozen=True)
class ExportTarget:
    """The ``--output`` of an export, checked."""

    given: Path
    """As the user wrote it (for messages)."""
    path: Path
    """Where the bytes go: ``given``, or for a link to a regular file the file it points to."""
    kind: TargetKind


def _writable_by_mode(status: os.stat_result) -> bool:
    """Whether the mode gives the user a write bit: the owner's for the owner (and root), else the group's or others'.

    The mode is read rather than ``os.access`` asked, so that root, who may write anything, still leaves a file
    someone made read-only alone.
    """
    mode = status.st_mode
    if os.name != "posix" or os.geteuid() in {status.st_uid, 0}:
        return bool(mode & stat.S_IWUSR)
    if status.st_gid in {os.getegid(), *os.getgroups()}:
        return bool(mode & stat.S_IWGRP)
    return bool(mode & stat.S_IWOTH)


def _refuse_read_only(given: Path, path: Path) -> None:
    try:
        status = os.stat(path)
    except FileNotFoundError:
        return
    if stat.S_ISREG(status.st_mode) and not _writable_by_mode(status):
        raise CliError(
            f"{given} is read-only (mode {stat.S_IMODE(status.st_mode):04o}): it was not replaced. "
            "Give another --output, or make it writable first (chmod u+w)."
        )


def export_target(given: Path) -> ExportTarget:
    """Check ``--output``: a new or regular file, or a character device or FIFO; anything else is refused.

    Raises:
        CliError: read-only, a folder, a block device or a socket, or it cannot be examined (exit code 1).
    """
    try:
        status = os.stat(given)  # follows links: what the name leads to decides
    except FileNotFoundError:
        path = Path(os.path.realpath(given)) if given.is_symlink() else given
        if not path.parent.is_dir():  # said now, not after the portal was asked for every invoice
            raise CliError(f"Cannot write {given}: {os.strerror(errno.ENOENT)}.") from None
        return ExportTarget(given, path, TargetKind.FILE)
    except OSError as error:
        raise CliError(f"Cannot write {given}: {error.strerror or error}.") from None
    mode = status.st_mode
    if stat.S_ISREG(mode):
        path = Path(os.path.realpath(given)) if given.is_symlink() else given
        _refuse_read_only(given, path)
        return ExportTarget(given, path, TargetKind.FILE)
    if stat.S_ISCHR(mode) or stat.S_ISFIFO(mode):
        return ExportTarget(given, given, TargetKind.STREAM)
    if stat.S_ISDIR(mode):
        raise CliError(f"{given} is a folder: give a file name for --output.")
    raise CliError(f"{given} is a block device or a socket, not a file: it was not written; give another --output.")


def _mode_for(target: Path) -> int:
    """The permission bits the finished file gets: the replaced file's, or what the umask gives a new file."""
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


@contextmanager
def completed_file(target: Path, *, given: Path | None = None) -> Iterator[Path]:
    """Yield a path to write in a private folder beside ``target`` (same file system: the rename is atomic).

    When the ``with`` block ends normally the file replaces ``target``; the folder (with anything else written
    there, such as XlsxWriter's temporary files) is removed in every case, ``KeyboardInterrupt`` and
    :class:`~onlyoffice_crm_cli._errors.Stopped` included, and ``target`` is left as it was on any failure.
    ``given`` is the name to use in messages (default ``target``).
    """
    shown = given if given is not None else target
    _refuse_read_only(shown, target)
    folder = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part"))  # mode 0700
    try:
        temporary = folder / target.name
        yield temporary
        _refuse_read_only(shown, target)  # made read-only while the export ran
        os.chmod(temporary, _mode_for(target))
        os.replace(temporary, target)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def opened_stream(target: Path) -> Iterator[BinaryIO]:
    """``target`` (a character device or a FIFO) opened for writing as it is: not created, not truncated.

    Opening a FIFO waits for a reader, as with the shell's ``>``.
    """
    descriptor = os.open(target, os.O_WRONLY | os.O_NOCTTY | os.O_CLOEXEC)
    stream = os.fdopen(descriptor, "wb")
    with stream:
        if stat.S_ISREG(os.fstat(descriptor).st_mode):  # became a regular file since it was checked
            raise CliError(f"{target} changed into a regular file while starting: it was not written; try again.")
        yield stream


@contextmanager
def private_folder() -> Iterator[Path]:
    """A private temporary folder in the system's temporary folder, removed in every case.

    For an xlsx workbook bound for a stream (standard output, a device, a FIFO): it is assembled here first,
    since a zip file is finished only at its end.
    """
    folder = Path(tempfile.mkdtemp(prefix="onlyoffice-crm-"))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
