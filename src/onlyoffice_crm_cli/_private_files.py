"""Reading and writing the files of the config folder the way ssh treats ``~/.ssh``.

A file is read only when nobody else could have written it, and a secret only when nobody else can read it:

- the file is a regular file, never a symbolic link (opened with ``O_NOFOLLOW``), owned by the user (or root);
- a secret file has no permission bit for the group or others (``0600``); any other file none to write;
- its folder, and each folder above it up to the user's home (or ``/`` outside home), is owned by the user or
  root and writable by nobody else; above the config folder itself a world-writable folder with the sticky bit
  (``/tmp``) is accepted, since others cannot rename or delete what is in it.

Writes go to a new file beside the target (``O_CREAT|O_EXCL|O_NOFOLLOW``, mode ``0600``), are flushed to disk
and then renamed over it, so the target is never half-written and never a link's destination. Other systems
(Windows) keep the plain behaviour: their permissions are ACLs.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
from pathlib import Path

from ._errors import CliError

POSIX = os.name == "posix"
MAX_SIZE = 1 << 20
"""Bytes read at most: what onlyoffice-crm writes is a few hundred."""


class UnsafeFileError(CliError):
    """A config file or folder that someone else could have written, or read: refused, not used."""


def _trusted(uid: int) -> bool:
    return uid in {os.geteuid(), 0}


def _owner_problem(place: Path, status: os.stat_result) -> str | None:
    if _trusted(status.st_uid):
        return None
    return f"{place} belongs to another user (uid {status.st_uid})"


def _folders_to_check(folder: Path) -> list[Path]:
    """``folder`` (resolved) and the folders above it, up to the home folder when it is inside it, else ``/``."""
    real = Path(os.path.realpath(folder))
    try:
        home: Path | None = Path(os.path.realpath(Path.home()))
    except (RuntimeError, KeyError):  # no HOME and no passwd entry (a container's random uid)
        home = None
    inside = home is not None and (real == home or home in real.parents)
    stop = home if home is not None and inside else Path(real.anchor)
    chain = [real]
    for parent in real.parents:
        if parent == stop or stop in parent.parents:
            chain.append(parent)
    return chain


def _folder_problem(place: Path, status: os.stat_result, *, own: bool) -> str | None:
    if not stat.S_ISDIR(status.st_mode):
        return f"{place} is not a folder"
    owner = _owner_problem(place, status)
    if owner:
        return owner
    mode = stat.S_IMODE(status.st_mode)
    if mode & 0o022 and (own or not mode & stat.S_ISVTX):
        return f"others can write to the folder {place} (mode {mode:04o}): run `chmod go-w {place}`"
    return None


def check_folder(folder: Path) -> None:
    """Refuse ``folder`` when it, or a folder above it, is not the user's own (see the module's rules)."""
    if not POSIX:
        return
    for index, place in enumerate(_folders_to_check(folder)):
        problem = _folder_problem(place, os.stat(place), own=index == 0)
        if problem:
            raise UnsafeFileError(f"Refusing to use {folder}: {problem}.")


def _open_folder(folder: Path) -> int:
    """A descriptor of ``folder`` after checking it and the folders above it."""
    check_folder(folder)
    descriptor = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    problem = _folder_problem(folder, os.fstat(descriptor), own=True)  # the folder opened, not a swapped one
    if problem:
        os.close(descriptor)
        raise UnsafeFileError(f"Refusing to use {folder}: {problem}.")
    return descriptor


def _file_problem(path: Path, status: os.stat_result, *, secret: bool) -> str | None:
    if not stat.S_ISREG(status.st_mode):
        return f"{path} is not a regular file"
    owner = _owner_problem(path, status)
    if owner:
        return owner
    mode = stat.S_IMODE(status.st_mode)
    if secret and mode & 0o077:
        return f"others can read or write {path} (mode {mode:04o}): run `chmod 600 {path}` if it is yours"
    if mode & 0o022:
        return f"others can write {path} (mode {mode:04o}): run `chmod go-w {path}` if it is yours"
    return None


def read_private_text(path: Path, *, secret: bool) -> str | None:
    """The text of ``path``, or ``None`` when it (or its folder) does not exist.

    Raises:
        UnsafeFileError: a symbolic link, not a regular file, someone else's, or open to others (see above).
        OSError: it cannot be read.
    """
    if not POSIX:
        try:
            return path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
    try:
        folder = _open_folder(path.parent)
    except FileNotFoundError:
        return None
    try:
        try:
            # O_NONBLOCK: a FIFO put there does not hang the command; it is refused below.
            flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
            descriptor = os.open(path.name, flags, dir_fd=folder)
        except FileNotFoundError:
            return None
        except OSError as error:
            if error.errno == errno.ELOOP:
                raise UnsafeFileError(
                    f"Refusing to use {path}: it is a symbolic link (never followed): delete it and log in again."
                ) from None
            raise
        with os.fdopen(descriptor, "rb") as stream:
            problem = _file_problem(path, os.fstat(stream.fileno()), secret=secret)
            if problem:
                raise UnsafeFileError(f"Refusing to use {path}: {problem}.")
            data = stream.read(MAX_SIZE + 1)
    finally:
        os.close(folder)
    if len(data) > MAX_SIZE:
        raise ValueError(f"larger than {MAX_SIZE:,} bytes")
    return data.decode("utf-8")


def write_private_text(path: Path, text: str) -> None:
    """Replace ``path`` with ``text``, mode ``0600``, never half-written and never through a link.

    Raises:
        UnsafeFileError: the folder (or one above it) is open to others (see above).
        OSError: it cannot be written.
    """
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    if not POSIX:
        temporary = path.with_name(f".{path.name}.{secrets.token_hex(8)}.part")
        try:
            temporary.write_text(text, encoding="utf-8")
            os.replace(temporary, path)
        finally:
            with contextlib.suppress(OSError):
                temporary.unlink()
        return
    folder = _open_folder(path.parent)
    part_name = f".{path.name}.{secrets.token_hex(8)}.part"
    try:
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
        descriptor = os.open(part_name, flags, 0o600, dir_fd=folder)
        try:
            with os.fdopen(descriptor, "wb") as stream:
                stream.write(text.encode("utf-8"))
                stream.flush()
                os.fsync(stream.fileno())
            os.replace(part_name, path.name, src_dir_fd=folder, dst_dir_fd=folder)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(part_name, dir_fd=folder)
            raise
        os.fsync(folder)  # the rename itself survives a crash
    finally:
        os.close(folder)


def delete_private_file(path: Path) -> None:
    """Remove ``path`` (the entry itself, never what a link points to); nothing when it is gone."""
    if not POSIX:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
        return
    folder = _open_folder(path.parent)
    try:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path.name, dir_fd=folder)
    finally:
        os.close(folder)
