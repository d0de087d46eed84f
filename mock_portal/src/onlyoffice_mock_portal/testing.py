"""Run a mock portal on a free loopback port for the duration of a ``with`` block."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from .app import create_app
from .config import PortalConfig
from .server import listening_socket, portal_server

__all__ = ["listening_socket", "running_portal"]


@contextmanager
def running_portal(config: PortalConfig | None = None) -> Iterator[str]:
    """Serve a portal under uvicorn in a background thread; yield its base URL; stop it on exit."""
    config = config or PortalConfig()
    sock = listening_socket()
    server = portal_server(create_app(config), config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 30
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the mock portal did not start")
            time.sleep(0.01)
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()
