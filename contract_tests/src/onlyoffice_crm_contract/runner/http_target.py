"""A target over HTTP (a live portal, or the mock portal process the runner started), every client of which sends
through the run's gate; and the run's one login."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import httpx

from onlyoffice_crm import PASSWORD_VARIABLE, TOKEN_VARIABLE, USER_NAME_VARIABLE
from onlyoffice_crm_client import AuthenticatedClient, Client
from onlyoffice_crm_client.api.authentication import authenticate
from onlyoffice_crm_client.models import AuthenticationRequest, AuthenticationResponse

from .gate import Gate, GatedTransport, RefusingAsyncTransport
from .gateway import Gateway
from .masking import Secret

HTTP_TIMEOUT_S = 30.0


class TargetError(RuntimeError):
    """The target cannot be used; the message says why in one line."""


def gated_client(gate: Gate, base_url: str = "", headers: dict[str, str] | None = None) -> httpx.Client:
    """An ``httpx`` client whose every request passes ``gate``."""
    transport = GatedTransport(gate, httpx.HTTPTransport(retries=2))
    return httpx.Client(base_url=base_url, headers=headers, transport=transport, timeout=HTTP_TIMEOUT_S)


@dataclass(frozen=True)
class HttpTarget:
    """A server under contract over HTTP: where it is, the token it accepts, and the run's gate."""

    base_url: str
    token: Secret = field(repr=False)
    gate: Gate = field(repr=False)

    @property
    def is_live(self) -> bool:
        """Read-only as the gate's policy says: only GET requests to the filter (and one login) may be sent."""
        return self.gate.policy.read_only

    @cached_property
    def app(self) -> Gateway:
        """The gateway schemathesis sends its requests to (``gateway.py``)."""
        return Gateway(self.base_url, gated_client(self.gate))

    def close(self) -> None:
        """Close the gateway's client, if one was made."""
        if "app" in self.__dict__:
            self.app.http.close()

    def client(self, token: str | None = None) -> AuthenticatedClient:
        """A generated client of the target, with its token (or ``token``; ``""`` sends none), sending through
        the gate; its async side refuses to send."""
        secret = Secret(self.token if token is None else token)
        headers: dict[str, str] = {"Authorization": secret} if secret else {}
        client = AuthenticatedClient(base_url=self.base_url, token=secret, prefix="")
        client.set_httpx_client(gated_client(self.gate, self.base_url, headers))
        return client.set_async_httpx_client(
            httpx.AsyncClient(base_url=self.base_url, headers=headers, transport=RefusingAsyncTransport())
        )


def log_in(gate: Gate, base_url: str, user_name: str, password: str, timeout_s: float = HTTP_TIMEOUT_S) -> Secret:
    """One login through ``gate`` with the generated client; the token, or a TargetError saying why not."""
    transport = GatedTransport(gate)
    with Client(base_url=base_url, timeout=httpx.Timeout(timeout_s), httpx_args={"transport": transport}) as anonymous:
        try:
            answer = authenticate.sync_detailed(client=anonymous, body=AuthenticationRequest(user_name, password))
        except httpx.HTTPError as error:
            raise TargetError(f"cannot reach {base_url} to log in: {type(error).__name__}") from None
    parsed = answer.parsed
    if isinstance(parsed, AuthenticationResponse) and isinstance(parsed.response.token, str):
        return Secret(parsed.response.token)
    if answer.status_code == 201:
        raise TargetError(
            f"login as {user_name} needs a second step (two-factor authentication): give {TOKEN_VARIABLE} instead"
        )
    status = answer.status_code
    raise TargetError(
        f"login to {base_url} as {user_name} failed (HTTP {status}): check {USER_NAME_VARIABLE} and {PASSWORD_VARIABLE}"
    )
