"""What the contract suite runs against (the target the runner hands in, else the in-process mock portal), and
the spec as a schemathesis schema bound to it."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import schemathesis
from schemathesis.config import SchemathesisConfig
from starlette.testclient import TestClient
from starlette.types import ASGIApp

import onlyoffice_crm_spec as spec
from onlyoffice_crm_client import AuthenticatedClient
from onlyoffice_mock_portal.app import create_app
from onlyoffice_mock_portal.config import PortalConfig

from ..interface import Target
from .checks import register_checks

CONFIG_FILE = Path(__file__).with_name("schemathesis.toml")
IN_PROCESS_URL = "http://mock-portal.local"


@dataclass(frozen=True)
class InProcessTarget:
    """A mock portal application tested without sockets (a plain ``pytest`` run, and the suite's own proofs)."""

    app: ASGIApp
    token: str = field(repr=False)
    base_url: str = IN_PROCESS_URL
    is_live: bool = False

    def client(self, token: str | None = None) -> AuthenticatedClient:
        """A generated client of the application, with its token (or ``token``; ``""`` sends none)."""
        token = self.token if token is None else token
        headers = {"Authorization": token} if token else {}
        http: httpx.Client = TestClient(self.app, base_url=self.base_url, headers=headers)
        return AuthenticatedClient(base_url=self.base_url, token=token, prefix="").set_httpx_client(http)


def mock_portal_target() -> InProcessTarget:
    """The default target: a mock portal with its default configuration, in this process."""
    # No cloud rate limit: the suite alone sends more than 500 requests in 10 s in process, and a checker run over
    # HTTP paces itself below the limit instead (runner/ratelimit.py).
    config = PortalConfig(rate_limit=0)
    return InProcessTarget(create_app(config), config.token)


def default_max_examples() -> int:
    """Generated cases per fuzzed operation when the run names none: ``schemathesis.toml``'s ``max-examples``."""
    with CONFIG_FILE.open("rb") as file:
        return int(tomllib.load(file)["generation"]["max-examples"])


def load_schema(target: Target, examples: int | None = None) -> Any:
    """The spec as a schemathesis schema whose requests reach ``target`` (its ``app``) with its token, configured by
    ``schemathesis.toml``, with ``examples`` (else the file's count) per fuzzed operation and the suite's checks."""
    register_checks()
    settings = SchemathesisConfig.from_path(CONFIG_FILE)
    project = settings.projects.default
    if examples is not None:
        project.generation.update(max_examples=examples)
    project.update(headers={"Authorization": target.token})
    if target.is_live:
        # The coverage phase's cases for unexpected methods send PUT, POST, DELETE, PATCH... to the filter's URL:
        # never to a real portal, whose other routes under /crm/invoice/ write data (the gate refuses them too).
        project.phases.coverage.unexpected_methods = set()
    schema: Any = schemathesis.openapi.from_path(spec.spec_path(), config=settings)
    # In-process, always: a target over HTTP is reached through its gateway application, so that every request
    # schemathesis sends (its checks' extra ones included) passes the run's gate; no base URL is set, so the
    # engine's start-up probes of a server's root find no network address and are skipped.
    schema.app = target.app
    if target.is_live:
        # Without the login operation schemathesis finds no sign-in flow to run by itself (a second login).
        schema = schema.exclude(method="POST", path=spec.AUTHENTICATION_PATH)
    return schema
