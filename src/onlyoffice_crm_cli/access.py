"""Which portal a command talks to and with which credentials; portal errors as one line and an exit code.

Order of precedence: ``ONLYOFFICE_URL`` with ``ONLYOFFICE_TOKEN``; ``ONLYOFFICE_URL`` with
``ONLYOFFICE_USER_NAME`` and ``ONLYOFFICE_PASSWORD`` (a login per run); the token saved by
``onlyoffice-crm login`` (for ``ONLYOFFICE_URL`` when set, else for the portal logged in to last).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from enum import Enum
from urllib.parse import urlsplit

from onlyoffice_crm import (
    AuthenticationError,
    BadRequestError,
    NotFoundError,
    PaymentRequiredError,
    PermissionDeniedError,
    Portal,
    PortalConnectionError,
    PortalError,
    PortalTimeoutError,
    RateLimitError,
    ServerError,
)

from .exit_codes import ExitCode
from .problems import CliError, NotLoggedInError, UsageError
from .token_store import saved_login

URL_ENV = "ONLYOFFICE_URL"
TOKEN_ENV = "ONLYOFFICE_TOKEN"
USER_NAME_ENV = "ONLYOFFICE_USER_NAME"
PASSWORD_ENV = "ONLYOFFICE_PASSWORD"


def normalize_url(text: str) -> str:
    """``portal.example.com/`` -> ``https://portal.example.com``; anything that is no web address is a usage error."""
    candidate = text.strip()
    if candidate and "://" not in candidate:
        candidate = "https://" + candidate
    parts = urlsplit(candidate)
    if parts.scheme not in {"http", "https"} or not parts.hostname or parts.query or parts.fragment:
        raise UsageError(f"{text!r} is not a portal address: give one like https://portal.example.com.")
    return candidate.rstrip("/")


class CredentialSource(Enum):
    """Where the credentials of a run came from (it decides what to tell the user when the portal refuses them)."""

    ENV_TOKEN = "env-token"
    ENV_PASSWORD = "env-password"
    SAVED = "saved"
    LOGIN = "login"


@dataclass
class PortalAccess:
    """The portal a command is using, for error messages."""

    url: str | None = None
    source: CredentialSource | None = None


def open_portal(access: PortalAccess, timeout: float) -> Portal:
    """A :class:`Portal` for this run, filling ``access`` in; raise :class:`NotLoggedInError` when there is none."""
    env_url = os.environ.get(URL_ENV, "").strip()
    url = normalize_url(env_url) if env_url else None
    token = os.environ.get(TOKEN_ENV, "").strip()
    user_name = os.environ.get(USER_NAME_ENV, "").strip()
    password = os.environ.get(PASSWORD_ENV, "")
    if url and token:
        access.url, access.source = url, CredentialSource.ENV_TOKEN
        return Portal(url, token, timeout=timeout)
    if url and user_name and password:
        access.url, access.source = url, CredentialSource.ENV_PASSWORD
        return Portal.login(url, user_name, password, timeout=timeout)
    saved = saved_login()
    if saved is not None and (url is None or url == saved.url):
        saved_token = saved.store.load(saved.url)
        if saved_token:
            access.url, access.source = saved.url, CredentialSource.SAVED
            return Portal(saved.url, saved_token, timeout=timeout)
    where = url or "https://your-portal.example.com"
    raise NotLoggedInError(
        f"Not logged in{f' to {url}' if url else ''}: run `onlyoffice-crm login {where}` "
        f"(or set {URL_ENV} with {TOKEN_ENV}, or with {USER_NAME_ENV} and {PASSWORD_ENV})."
    )


def explain(error: PortalError, access: PortalAccess) -> CliError:
    """The portal's refusal or failure as one line with what to do, and its exit code."""
    url = access.url or "the portal"
    login_again = f"run `onlyoffice-crm login {access.url or 'URL'}`"
    if isinstance(error, AuthenticationError):
        reason = {
            CredentialSource.ENV_TOKEN: f"{url} rejected the token in {TOKEN_ENV}: set a valid one or unset it.",
            CredentialSource.ENV_PASSWORD: (
                f"{url} rejected the user name or password in {USER_NAME_ENV}/{PASSWORD_ENV}: correct them."
            ),
            CredentialSource.LOGIN: f"{url} rejected the user name or password: check them and try again.",
        }.get(access.source or CredentialSource.SAVED, f"{url} rejected the saved token (expired?): {login_again}.")
        return CliError(reason, ExitCode.NOT_LOGGED_IN)
    if isinstance(error, PortalTimeoutError):
        return CliError(f"{url} did not answer in time: try again later, or give a larger --timeout.")
    if isinstance(error, PortalConnectionError):
        return CliError(f"Cannot reach {url}: check the address and your network ({error.message}).")
    if isinstance(error, PermissionDeniedError):
        return CliError(f"{url} denies this user access to CRM invoices (403): ask the portal's administrator.")
    if isinstance(error, PaymentRequiredError):
        return CliError(f"{url} is not paid for (402): the portal's owner must renew the subscription.")
    if isinstance(error, NotFoundError):
        return CliError(f"{url} has no CRM invoice API (404): check the address and that the CRM module is on.")
    if isinstance(error, RateLimitError):
        return CliError(f"{url} is limiting requests ({error.status_code}) and retries ran out: try again in a minute.")
    if isinstance(error, BadRequestError):
        return CliError(f"{url} rejected the request: {error.message.rstrip('.')}.")
    if isinstance(error, ServerError):
        return CliError(
            f"{url} failed (HTTP {error.status_code}): try again later; if it lasts, tell its administrator."
        )
    return CliError(f"{url} answered something unexpected: {error}.")
