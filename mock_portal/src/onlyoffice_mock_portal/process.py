"""Start and stop the mock portal as a process: the one helper the contract runner, the benchmarks and the tests use."""

from __future__ import annotations

import queue
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

STARTUP_TIMEOUT_S = 60.0
_LISTENING = re.compile(r"Mock portal listening on (http://\S+)")


class MockPortalError(RuntimeError):
    """The mock portal did not start; the message says what it said, in one line."""


def _drain(stream: IO[str], lines: queue.Queue[str]) -> None:
    for line in stream:
        lines.put(line)


def stop(process: subprocess.Popen[str]) -> None:
    """Terminate ``process`` (kill it when it has not stopped within 10 s)."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@dataclass(frozen=True)
class PortalProcess:
    """A mock portal running in a process of its own."""

    url: str
    """Its base URL, on 127.0.0.1."""
    pid: int

    def rss_mb(self) -> float:
        """The process's resident memory in MB (Linux ``/proc``), NaN where that cannot be read."""
        try:
            status = Path(f"/proc/{self.pid}/status").read_text()
        except OSError:
            return float("nan")
        kilobytes = next((line.split()[1] for line in status.splitlines() if line.startswith("VmRSS:")), "nan")
        return float(kilobytes) / 1024


@contextmanager
def mock_portal_process(*arguments: str, timeout_s: float = STARTUP_TIMEOUT_S) -> Iterator[PortalProcess]:
    """Run ``onlyoffice-mock-portal --host 127.0.0.1 --port 0 ARGUMENTS`` and yield it once it listens; stop it
    when the block ends (also on an exception or Ctrl-C). Its output is read, never shown: it prints the token.
    Raises :class:`MockPortalError` when it does not start within ``timeout_s``."""
    cli = Path(sys.executable).with_name("onlyoffice-mock-portal")
    command = [str(cli)] if cli.exists() else [sys.executable, "-m", "onlyoffice_mock_portal.cli"]
    command += ["--host", "127.0.0.1", "--port", "0", *arguments]
    # A session of its own: a Ctrl-C (or a hang-up) meant for the caller's process group does not stop it under
    # the caller, which stops it when the block ends.
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True
    )
    try:
        output: queue.Queue[str] = queue.Queue()
        errors: queue.Queue[str] = queue.Queue()
        for stream, lines in ((process.stdout, output), (process.stderr, errors)):
            if stream is not None:
                threading.Thread(target=_drain, args=(stream, lines), daemon=True).start()
        try:
            line = output.get(timeout=timeout_s)
        except queue.Empty:
            line = ""
        match = _LISTENING.match(line)
        if match is None:
            said = [errors.get_nowait() for _ in range(errors.qsize())] or [f"no answer within {timeout_s:g} s"]
            raise MockPortalError(f"the mock portal did not start: {said[-1].strip()}")
        yield PortalProcess(match.group(1), process.pid)
    finally:
        stop(process)
