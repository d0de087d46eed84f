"""Run a mock portal on a free loopback port for the duration of a ``with`` block."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from .app import create_app
from .config import PortalConfig
from .control import PortalControl
from .server import listening_socket, portal_server

__all__ = ["RunningPortal", "listening_socket", "running_portal", "serve_portal"]


@dataclass(frozen=True)
class RunningPortal:
    """A portal served in the background: its base URL, and its control (reset, invoices, faults, requests)."""

    url: str
    control: PortalControl


@contextmanager
def serve_portal(config: PortalConfig | None = None) -> Iterator[RunningPortal]:
    """Serve a portal under uvicorn in a background thread; yield its URL and control; stop it on exit."""
    config = config or PortalConfig()
    app = create_app(config)
    sock = listening_socket()
    server = portal_server(app, config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 30
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the mock portal did not start")
            time.sleep(0.01)
        yield RunningPortal(f"http://127.0.0.1:{sock.getsockname()[1]}", app.state.control)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


@contextmanager
def running_portal(config: PortalConfig | None = None) -> Iterator[str]:
    """Serve a portal under uvicorn in a background thread; yield its base URL; stop it on exit."""
    with serve_portal(config) as portal:
        yield portal.url
