"""What the contract suite runs against: the in-process mock portal (default), or a server over HTTP.

Environment: ``CONTRACT_BASE_URL`` (a live portal, or a mock portal process), with ``CONTRACT_TOKEN`` or
``CONTRACT_USER_NAME``/``CONTRACT_PASSWORD``; ``CONTRACT_MAX_EXAMPLES`` for a deeper run; ``CONTRACT_RATE_LIMIT``
requests per second over HTTP (default 10, 0 for none). A target over HTTP is read-only (GET of the filter and one
login) unless ``CONTRACT_READ_ONLY=0``, which the runner sets only for the mock portal process it started itself.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
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

from . import checks  # noqa: F401  (registers the custom checks with schemathesis: the one place they are)
from .gate import Policy
from .masking import Secret

CONFIG_FILE = Path(__file__).with_name("schemathesis.toml")
DEFAULT_MAX_EXAMPLES = 30
# The portal allows 500 requests per 10 s; a live run stays at a fifth of that by default.
LIVE_REQUESTS_PER_SECOND = 10
HTTP_TIMEOUT_S = 30


class TargetError(RuntimeError):
    """The target cannot be used; the message says why in one line."""


@dataclass(frozen=True)
class Target:
    """A server under contract: where it is and the token it accepts."""

    base_url: str
    token: str = field(repr=False)
    app: Starlette | None = None
    """The in-process ASGI app when testing the mock without sockets."""
    read_only: bool = True
    """Over HTTP: only GET requests to the filter (and one login) may be sent."""

    @property
    def is_live(self) -> bool:
        """A server over HTTP that must not be sent anything that could change data."""
        return self.app is None and self.read_only

    def client(self, token: str | None = None) -> AuthenticatedClient:
        """A generated client of the target, with its token (or ``token``; ``""`` sends none).

        Over HTTP its requests go through the run's gate (``gate.py``), like every other request of the run."""
        token = Secret(self.token if token is None else token)
        headers: dict[str, str] = {"Authorization": token} if token else {}
        http: httpx.Client
        if self.app is not None:
            http = TestClient(self.app, base_url=self.base_url, headers=headers)
        else:
            transport = httpx.HTTPTransport(retries=2)
            http = httpx.Client(base_url=self.base_url, headers=headers, transport=transport, timeout=HTTP_TIMEOUT_S)
        return AuthenticatedClient(base_url=self.base_url, token=token, prefix="").set_httpx_client(http)


def max_examples() -> int:
    """Examples per fuzzed operation (``CONTRACT_MAX_EXAMPLES``, default 30)."""
    raw = os.environ.get("CONTRACT_MAX_EXAMPLES", str(DEFAULT_MAX_EXAMPLES))
    if not raw.isdigit() or int(raw) < 1:
        raise TargetError(f"CONTRACT_MAX_EXAMPLES must be a positive whole number, not {raw!r}")
    return int(raw)


def rate_limit() -> int:
    """Requests per second over HTTP (``CONTRACT_RATE_LIMIT``, default 10; 0 for none)."""
    raw = os.environ.get("CONTRACT_RATE_LIMIT", str(LIVE_REQUESTS_PER_SECOND))
    if not raw.isdigit():
        raise TargetError(f"CONTRACT_RATE_LIMIT must be a whole number of requests per second, not {raw!r}")
    return int(raw)


def http_policy() -> Policy | None:
    """The gate's policy for a target over HTTP named by the environment; None for the in-process mock."""
    base_url = os.environ.get("CONTRACT_BASE_URL", "").rstrip("/")
    if not base_url:
        return None
    read_only = os.environ.get("CONTRACT_READ_ONLY", "1") != "0"
    return Policy(base_url=base_url, read_only=read_only, requests_per_second=rate_limit())


def log_in(base_url: str, user_name: str, password: str, timeout_s: float = HTTP_TIMEOUT_S) -> Secret:
    """One login with the generated client; the token, or a TargetError saying why not in one line."""
    with Client(base_url=base_url, timeout=httpx.Timeout(timeout_s)) as anonymous:
        try:
            answer = authenticate.sync_detailed(client=anonymous, body=AuthenticationRequest(user_name, password))
        except httpx.HTTPError as error:
            raise TargetError(f"cannot reach {base_url} to log in: {type(error).__name__}") from None
    parsed = answer.parsed
    if isinstance(parsed, AuthenticationResponse) and isinstance(parsed.response.token, str):
        return Secret(parsed.response.token)
    if answer.status_code == 201:
        raise TargetError(f"login as {user_name} needs a second step (two-factor authentication): give TOKEN instead")
    status = answer.status_code
    raise TargetError(f"login to {base_url} as {user_name} failed (HTTP {status}): check USER_NAME and PASSWORD")


@cache
def target() -> Target:
    """The target named by the environment (read once)."""
    base_url = os.environ.get("CONTRACT_BASE_URL", "").rstrip("/")
    if not base_url:
        config = PortalConfig()
        return Target("http://mock-portal.local", Secret(config.token), create_app(config))
    if not base_url.startswith(("http://", "https://")):
        raise TargetError(f"CONTRACT_BASE_URL must start with http:// or https://, not {base_url!r}")
    token = os.environ.get("CONTRACT_TOKEN", "")
    user_name, password = os.environ.get("CONTRACT_USER_NAME", ""), os.environ.get("CONTRACT_PASSWORD", "")
    if not token and user_name:
        token = log_in(base_url, user_name, password)
    if not token:
        raise TargetError("a target over HTTP needs CONTRACT_TOKEN, or CONTRACT_USER_NAME and CONTRACT_PASSWORD")
    return Target(base_url, Secret(token), read_only=os.environ.get("CONTRACT_READ_ONLY", "1") != "0")


def load_schema(current: Target | None = None, examples: int | None = None) -> Any:
    """The spec as a schemathesis schema bound to a target (the environment's by default) and its token,
    configured by ``schemathesis.toml``; ``examples`` (else ``CONTRACT_MAX_EXAMPLES``) per fuzzed operation."""
    current = current or target()
    settings = SchemathesisConfig.from_path(CONFIG_FILE)
    project = settings.projects.default
    project.generation.update(max_examples=examples or max_examples())
    project.update(headers={"Authorization": current.token})
    if current.app is None:
        # No rate_limit here: the run's one limiter (gate.py) spaces schemathesis' requests with all the others.
        project.update(base_url=current.base_url)
    if current.is_live:
        # The coverage phase's cases for unexpected methods send PUT, POST, DELETE, PATCH... to the filter's URL:
        # never to a real portal, whose other routes under /crm/invoice/ write data (the gate refuses them too).
        project.phases.coverage.unexpected_methods = set()
    schema: Any = schemathesis.openapi.from_path(spec.spec_path(), config=settings)
    if current.app is not None:
        schema.app = current.app
    if current.is_live:
        # Without the login operation schemathesis finds no sign-in flow to run by itself (a second login).
        schema = schema.exclude(method="POST", path=spec.AUTHENTICATION_PATH)
    return schema
