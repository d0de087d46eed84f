"""``invoices export -o TARGET`` never damages what it does not own.

Devices are made with ``os.mknod`` in ``tmp_path`` (root only), never the real ``/dev``: a "null" (1, 3) swallows
everything, a "full" (1, 7) fails every write with ENOSPC. A full disk on a regular file is a real ``EFBIG`` from
the kernel: ``RLIMIT_FSIZE`` in a child process with ``SIGXFSZ`` ignored.
"""

from __future__ import annotations

import csv
import errno
import io
import os
import resource
import signal
import stat
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from onlyoffice_crm_cli import _export
from onlyoffice_crm_cli._errors import Stopped, stops_on_signals
from onlyoffice_mock_portal.config import PortalConfig
from onlyoffice_mock_portal.testing import running_portal

from .conftest import MockPortal, invoke

ROOT = os.geteuid() == 0
needs_root = pytest.mark.skipif(not ROOT, reason="os.mknod of a character device needs root")
NULL, FULL = os.makedev(1, 3), os.makedev(1, 7)
FORMATS = ["csv", "xlsx"]


def device(folder: Path, name: str, number: int) -> Path:
    path = folder / name
    os.mknod(path, stat.S_IFCHR | 0o666, number)
    return path


def names_in(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir())


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """An empty folder for the targets (apart from ``config``)."""
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


@pytest.fixture
def system_temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The system's temporary folder, for this test: an empty folder that must stay empty."""
    folder = tmp_path / "system-temp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


@needs_root
@pytest.mark.parametrize("export_format", FORMATS)
def test_a_device_is_written_into_not_replaced(
    logged_in: MockPortal, out: Path, system_temp: Path, export_format: str
) -> None:
    null = device(out, "null", NULL)
    link = out / "stdout-like"
    link.symlink_to(null)
    for target in (null, link):
        result = invoke("invoices", "export", "-f", export_format, "-o", str(target))
        assert result.exit_code == 0, result.output
        assert result.stderr == f"Wrote {len(logged_in.wire_invoices):,} invoices to {target}.\n"
    assert stat.S_ISCHR(null.lstat().st_mode)
    assert null.lstat().st_rdev == NULL
    assert link.is_symlink()
    assert names_in(out) == ["null", "stdout-like"]  # no temporary file beside it
    assert names_in(system_temp) == []


@needs_root
@pytest.mark.parametrize("export_format", FORMATS)
def test_a_full_device_is_one_line_and_exit_1(
    logged_in: MockPortal, out: Path, system_temp: Path, export_format: str
) -> None:
    full = device(out, "full", FULL)
    result = invoke("invoices", "export", "-f", export_format, "-o", str(full))
    assert result.exit_code == 1
    assert result.stderr == f"Error: Cannot write {full}: No space left on device.\n"
    assert stat.S_ISCHR(full.lstat().st_mode)
    assert names_in(out) == ["full"]
    assert names_in(system_temp) == []  # the xlsx assembled for the device is gone too


@pytest.mark.timeout(60)
def test_a_fifo_is_written_into_and_stays_a_fifo(logged_in: MockPortal, out: Path) -> None:
    fifo = out / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    result = invoke("invoices", "export", "--columns", "number", "-o", str(fifo))
    reader.join(timeout=30)
    assert result.exit_code == 0, result.output
    numbers = [row[0] for row in csv.reader(io.StringIO(received[0].decode(), newline=""))]
    assert numbers == ["number", *sorted(invoice["number"] for invoice in logged_in.wire_invoices)]
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert names_in(out) == ["pipe"]


@pytest.mark.parametrize("export_format", FORMATS)
def test_a_link_to_a_file_replaces_the_file_and_stays_a_link(
    logged_in: MockPortal, out: Path, tmp_path: Path, export_format: str
) -> None:
    real_folder = tmp_path / "real"
    real_folder.mkdir()
    real = real_folder / "report"
    real.write_text("old")
    real.chmod(0o640)
    link = out / "report-link"
    link.symlink_to(real)
    result = invoke("invoices", "export", "-f", export_format, "-o", str(link))
    assert result.exit_code == 0, result.output
    assert link.is_symlink()
    assert link.resolve() == real
    assert real.read_bytes() != b"old"
    assert stat.S_IMODE(real.stat().st_mode) == 0o640  # the replaced file's permissions
    assert names_in(out) == ["report-link"]
    assert names_in(real_folder) == ["report"]  # the temporary folder was beside the real file, and is gone


@pytest.mark.parametrize("export_format", FORMATS)
@pytest.mark.parametrize("mode", [0o444, 0o400, 0o044])
def test_a_read_only_file_is_refused_also_for_root(out: Path, export_format: str, mode: int) -> None:
    # No portal: the target is checked first (a request would fail with "Not logged in", exit 3).
    target = out / f"report.{export_format}"
    target.write_text("keep me")
    target.chmod(mode)
    link = out / "link"
    link.symlink_to(target)
    for given in (target, link):
        result = invoke("invoices", "export", "-f", export_format, "-o", str(given))
        assert result.exit_code == 1
        assert result.stderr == (
            f"Error: {given} is read-only (mode {mode:04o}): it was not replaced. "
            "Give another --output, or make it writable first (chmod u+w).\n"
        )
    assert target.read_text() == "keep me"
    assert names_in(out) == ["link", target.name]


def test_a_file_made_read_only_during_the_export_is_not_replaced(
    logged_in: MockPortal, out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = out / "report.csv"
    target.write_text("keep me")
    original = _export.write_rows

    def write_then_protect(*args: Any) -> int:
        count = original(*args)
        target.chmod(0o444)
        return count

    monkeypatch.setattr(_export, "write_rows", write_then_protect)
    result = invoke("invoices", "export", "-o", str(target))
    assert result.exit_code == 1
    assert "is read-only (mode 0444)" in result.stderr
    assert target.read_text() == "keep me"
    assert names_in(out) == ["report.csv"]


def test_folders_block_devices_and_sockets_are_refused(out: Path) -> None:
    result = invoke("invoices", "export", "-o", str(out))
    assert result.exit_code == 1
    assert result.stderr == f"Error: {out} is a folder: give a file name for --output.\n"
    import socket

    with socket.socket(socket.AF_UNIX) as listener:
        listener.bind(str(out / "sock"))
        result = invoke("invoices", "export", "-o", str(out / "sock"))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {out / 'sock'} is a block device or a socket, not a file")


def test_no_space_left_on_a_regular_file_is_one_line(
    logged_in: MockPortal, out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = out / "report.csv"
    target.write_text("last month's report")
    original = _export.write_rows

    def half_then_full(export_format: Any, stream: Any, names: Any, rows: Iterator[Any], *options: Any) -> int:
        original(export_format, stream, names, (row for _, row in zip(range(100), rows, strict=False)))
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(_export, "write_rows", half_then_full)
    result = invoke("invoices", "export", "-o", str(target))
    assert result.exit_code == 1
    assert result.stderr == f"Error: Cannot write {target}: No space left on device.\n"
    assert target.read_text() == "last month's report"
    assert names_in(out) == ["report.csv"]


# ---------------------------------------------------------------- in a real process: file size limits and signals


def limit_file_size() -> None:
    """In the child: files may not grow beyond 256 KiB, and a write beyond is EFBIG instead of a SIGXFSZ kill."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (256 * 1024, 256 * 1024))


def export_command(export_format: str) -> list[str]:
    return [sys.executable, "-m", "onlyoffice_crm_cli", "invoices", "export", "-f", export_format]


@pytest.mark.timeout(120)
@pytest.mark.parametrize("export_format", FORMATS)
def test_a_file_too_large_for_the_disk_is_one_line_and_leaves_nothing(
    mock_portal: MockPortal, tmp_path: Path, out: Path, export_format: str
) -> None:
    target = out / f"all.{export_format}"
    system_temp = tmp_path / "system-temp"
    system_temp.mkdir()
    env = {
        **os.environ,
        "ONLYOFFICE_URL": mock_portal.url,
        "ONLYOFFICE_TOKEN": mock_portal.config.token,
        "TMPDIR": str(system_temp),
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    command = [*export_command(export_format), "--columns", "all", "-o", str(target)]
    finished = subprocess.run(
        command, env=env, capture_output=True, text=True, timeout=100, preexec_fn=limit_file_size, check=False
    )
    assert finished.returncode == 1, finished.stderr
    assert finished.stderr == f"Error: Cannot write {target}: File too large.\n"
    assert names_in(out) == []
    assert names_in(system_temp) == []  # XlsxWriter's temporary files (the rows) were beside the target, and gone


@pytest.fixture(scope="module")
def big_portal() -> Iterator[tuple[str, str]]:
    """A portal large enough that an export is still running when the signal comes."""
    config = PortalConfig(invoices=40_000, seed=5)
    with running_portal(config) as url:
        yield url, config.token


@pytest.mark.timeout(120)
@pytest.mark.parametrize(
    ("signal_number", "code", "name", "export_format"),
    [
        (signal.SIGTERM, 143, "SIGTERM", "csv"),
        (signal.SIGHUP, 129, "SIGHUP", "csv"),
        (signal.SIGTERM, 143, "SIGTERM", "xlsx"),
    ],
)
def test_sigterm_and_sighup_clean_up_like_ctrl_c(
    big_portal: tuple[str, str], tmp_path: Path, signal_number: int, code: int, name: str, export_format: str
) -> None:
    url, token = big_portal
    folder = tmp_path / "target"
    folder.mkdir()
    target = folder / f"all.{export_format}"
    target.write_text("last month's report")
    system_temp = tmp_path / "system-temp"
    system_temp.mkdir()
    env = {**os.environ, "ONLYOFFICE_URL": url, "ONLYOFFICE_TOKEN": token, "TMPDIR": str(system_temp)}
    command = [*export_command(export_format), "--columns", "all", "-o", str(target)]
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        # Wait until rows are being written into the temporary folder beside the target.
        while not any(path.stat().st_size > 0 for path in folder.glob(f".all.{export_format}.*.part/*")):
            assert process.poll() is None, process.communicate()
            time.sleep(0.005)
        process.send_signal(signal_number)
        _stdout, stderr = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == code, stderr
    assert stderr == f"Stopped by {name}: {target} is unchanged.\n"
    assert target.read_text() == "last month's report"
    assert names_in(folder) == [target.name]
    assert names_in(system_temp) == []


def signalled_block() -> None:
    """Inside :func:`stops_on_signals`: SIGHUP (ignored as under nohup), then SIGTERM, then SIGTERM again."""
    with stops_on_signals():
        assert signal.getsignal(signal.SIGHUP) is signal.SIG_IGN  # nohup's choice is kept
        os.kill(os.getpid(), signal.SIGHUP)  # ignored: nothing happens
        try:
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(5)  # the handler raises before this ends
        finally:
            os.kill(os.getpid(), signal.SIGTERM)  # a second one during the cleanup is not raised again


def test_stops_on_signals_raises_once_keeps_ignored_signals_and_restores_handlers() -> None:
    def previous_handler(signal_number: int, frame: object) -> None:
        raise AssertionError("the command's own handler should be in place")

    old_term = signal.signal(signal.SIGTERM, previous_handler)
    old_hup = signal.signal(signal.SIGHUP, signal.SIG_IGN)
    try:
        with pytest.raises(Stopped) as stopped:
            signalled_block()
        assert stopped.value.code == 143
        assert stopped.value.signal_name == "SIGTERM"
        assert signal.getsignal(signal.SIGTERM) is previous_handler
        assert signal.getsignal(signal.SIGHUP) is signal.SIG_IGN
    finally:
        signal.signal(signal.SIGTERM, old_term)
        signal.signal(signal.SIGHUP, old_hup)
