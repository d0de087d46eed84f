"""What the contract suite runs against: the in-process mock portal (default), or a server over HTTP.

Environment: ``CONTRACT_BASE_URL`` (a live portal or a mock portal process), with ``CONTRACT_TOKEN`` or
``CONTRACT_USER_NAME``/``CONTRACT_PASSWORD``; ``CONTRACT_MAX_EXAMPLES`` for a deeper run;
``CONTRACT_RATE_LIMIT`` requests per second over HTTP (default 10, 0 for none: the local mock portal).
"""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import httpx
import schemathesis
from schemathesis.config import SchemathesisConfig
from starlette.applications import Starlette
from starlette.testclient import TestClient

import onlyoffice_crm_spec as spec
from onlyoffice_crm_client import AuthenticatedClient, Client
from onlyoffice_crm_client.api.authentication import authenticate
from onlyoffice_crm_client.models import AuthenticationRequest, AuthenticationResponse
from onlyoffice_mock_portal.app import create_app
from onlyoffice_mock_portal.config import PortalConfig

from . import checks  # noqa: F401  (registers the custom checks with schemathesis)

CONFIG_FILE = Path(__file__).with_name("schemathesis.toml")
DEFAULT_MAX_EXAMPLES = 30
# The portal allows 500 requests per 10 s; a live run stays at a fifth of that by default.
LIVE_REQUESTS_PER_SECOND = 10


class TargetError(RuntimeError):
    """The target cannot be used; the message says why in one line."""


@dataclass(frozen=True)
class Target:
    """A server under contract: where it is and the token it accepts."""

    base_url: str
    token: str
    app: Starlette | None = None
    """The in-process ASGI app when testing the mock without sockets."""
    rate_limit: float = 0
    """Requests per second over HTTP; 0 for no limit."""

    @property
    def is_live(self) -> bool:
        return self.app is None

    def client(self, token: str | None = None) -> AuthenticatedClient:
        """A generated client of the target, with its token (or ``token``; ``""`` sends none)."""
        token = self.token if token is None else token
        headers = {"Authorization": token} if token else {}
        http: httpx.Client
        if self.app is not None:
            http = TestClient(self.app, base_url=self.base_url, headers=headers)
        else:
            transport: httpx.BaseTransport = httpx.HTTPTransport(retries=2)
            if self.rate_limit:
                transport = RateLimitedTransport(transport, self.rate_limit)
            http = httpx.Client(base_url=self.base_url, headers=headers, transport=transport, timeout=30)
        return AuthenticatedClient(base_url=self.base_url, token=token, prefix="").set_httpx_client(http)


class RateLimitedTransport(httpx.BaseTransport):
    """Spaces requests at least ``1/rate`` seconds apart (thread-safe)."""

    def __init__(self, inner: httpx.BaseTransport, rate: float) -> None:
        self._inner, self._interval, self._next, self._lock = inner, 1.0 / rate, 0.0, threading.Lock()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        with self._lock:
            now = time.monotonic()
            wait, self._next = max(0.0, self._next - now), max(now, self._next) + self._interval
        time.sleep(wait)
        return self._inner.handle_request(request)


def max_examples() -> int:
    raw = os.environ.get("CONTRACT_MAX_EXAMPLES", str(DEFAULT_MAX_EXAMPLES))
    if not raw.isdigit() or int(raw) < 1:
        raise TargetError(f"CONTRACT_MAX_EXAMPLES must be a positive whole number, not {raw!r}")
    return int(raw)


def _log_in(base_url: str, user_name: str, password: str) -> str:
    with Client(base_url=base_url, timeout=httpx.Timeout(30)) as anonymous:
        try:
            answer = authenticate.sync(client=anonymous, body=AuthenticationRequest(user_name, password))
        except httpx.HTTPError as error:
            raise TargetError(f"cannot reach {base_url}: {error}") from None
    if not isinstance(answer, AuthenticationResponse) or not isinstance(answer.response.token, str):
        raise TargetError(f"login to {base_url} as {user_name} failed (two-factor authentication is not supported)")
    return answer.response.token


@cache
def target() -> Target:
    """The target named by the environment (read once)."""
    base_url = os.environ.get("CONTRACT_BASE_URL", "").rstrip("/")
    if not base_url:
        config = PortalConfig()
        return Target("http://mock-portal.local", config.token, create_app(config))
    if not base_url.startswith(("http://", "https://")):
        raise TargetError(f"CONTRACT_BASE_URL must start with http:// or https://, not {base_url!r}")
    token = os.environ.get("CONTRACT_TOKEN", "")
    user_name, password = os.environ.get("CONTRACT_USER_NAME", ""), os.environ.get("CONTRACT_PASSWORD", "")
    if not token and user_name:
        token = _log_in(base_url, user_name, password)
    if not token:
        raise TargetError("a live target needs CONTRACT_TOKEN, or CONTRACT_USER_NAME and CONTRACT_PASSWORD")
    rate = os.environ.get("CONTRACT_RATE_LIMIT", str(LIVE_REQUESTS_PER_SECOND))
    if not rate.isdigit():
        raise TargetError(f"CONTRACT_RATE_LIMIT must be a whole number of requests per second, not {rate!r}")
    return Target(base_url, token, rate_limit=int(rate))


def load_schema(current: Target | None = None, examples: int | None = None) -> Any:
    """The spec as a schemathesis schema bound to a target (the environment's by default) and its token,
    configured by ``schemathesis.toml``; ``examples`` (else ``CONTRACT_MAX_EXAMPLES``) per fuzzed operation."""
    current = current or target()
    settings = SchemathesisConfig.from_path(CONFIG_FILE)
    project = settings.projects.default
    project.generation.update(max_examples=examples or max_examples())
    project.update(headers={"Authorization": current.token})
    if current.is_live:
        rate_limit = f"{current.rate_limit:g}/s" if current.rate_limit else None
        project.update(base_url=current.base_url, rate_limit=rate_limit)
        # unsupported_method (and the coverage phase's cases for it) send PUT, POST, DELETE, PATCH... to the
        # filter's URL: never to a real portal, whose other routes under /crm/invoice/ write data.
        project.checks.unsupported_method.enabled = False
        project.phases.coverage.unexpected_methods = set()
    schema = schemathesis.openapi.from_path(spec.spec_path(), config=settings)
    if current.app is not None:
        schema.app = current.app
    return schema
