"""Which portal a command talks to and with which credentials; portal errors as one line and an exit code.

Order of precedence: ``ONLYOFFICE_URL`` with ``ONLYOFFICE_TOKEN``; ``ONLYOFFICE_URL`` with
``ONLYOFFICE_USER_NAME`` and ``ONLYOFFICE_PASSWORD`` (a login per run); the token saved by
``onlyoffice-crm login`` (for ``ONLYOFFICE_URL`` when set, else for the portal logged in to last).
"""

from __future__ import annotations

import ipaddress
import os
import re
import sys
from dataclasses import dataclass, field
from enum import Enum
from urllib.parse import urlsplit

from onlyoffice_crm import (
    PASSWORD_VARIABLE,
    TOKEN_VARIABLE,
    URL_VARIABLE,
    USER_NAME_VARIABLE,
    AuthenticationError,
    BadRequestError,
    CredentialsInUrlError,
    IpBlockedError,
    NoCrmAccessError,
    NotFoundError,
    PaymentRequiredError,
    PermissionDeniedError,
    Portal,
    PortalConnectionError,
    PortalError,
    PortalNotFoundError,
    PortalTimeoutError,
    PortalUnavailableError,
    PortalUnpaidError,
    RateLimitError,
    ServerError,
    UnexpectedResponseError,
    check_base_url,
    check_token,
    env_settings,
)

from ._errors import CliError, NotLoggedInError, UsageError
from ._exit_codes import ExitCode
from ._terminal_text import terminal_str
from ._time_zone import portal_time_zone
from ._token_store import saved_login

URL_ENV = URL_VARIABLE
TOKEN_ENV = TOKEN_VARIABLE
USER_NAME_ENV = USER_NAME_VARIABLE
PASSWORD_ENV = PASSWORD_VARIABLE
ALLOW_INSECURE_HTTP_ENV = "ONLYOFFICE_ALLOW_INSECURE_HTTP"
"""Set to 1 to log in over plain http:// to another machine (``login --allow-insecure-http``, or the login per run
of ``ONLYOFFICE_USER_NAME`` and ``ONLYOFFICE_PASSWORD``)."""


CREDENTIALS_IN_URL = (
    "The portal address holds a user name or password (user:password@host), which would show in your shell's "
    "history and in every message naming the portal: give the address without them; login asks for the password "
    "(or takes --password-stdin)."
)


def normalize_url(text: str) -> str:
    """``portal.example.com/`` -> ``https://portal.example.com`` (the library's URL check, assuming https as a
    browser does); anything that is no web address is a usage error. An address with credentials in it is refused
    without quoting it."""
    try:
        return check_base_url(text, default_scheme="https")
    except CredentialsInUrlError:
        raise UsageError(CREDENTIALS_IN_URL) from None
    except (TypeError, ValueError):
        raise UsageError(
            f"{text!r} is not a portal address: give one like https://portal.example.com (http:// for a portal "
            "without TLS)."
        ) from None


def is_loopback(host: str) -> bool:
    """Whether ``host`` is this machine: ``localhost`` (and names under ``.localhost``, RFC 6761), 127.0.0.0/8, ::1."""
    name = host.strip("[]").rstrip(".").lower()
    if name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(name)
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_loopback


def insecure_http_allowed() -> bool:
    """Whether :data:`ALLOW_INSECURE_HTTP_ENV` is set to a true value (1, true, yes, on)."""
    return os.environ.get(ALLOW_INSECURE_HTTP_ENV, "").strip().lower() in {"1", "true", "yes", "on"}


def refuse_clear_login(url: str, *, allowed: bool, how_to_allow: str) -> None:
    """A login over plain ``http://`` to another machine: refused (exit 2) unless ``allowed``, and a warning on
    stderr even then (the password and the token would cross the network in clear text)."""
    if not sends_in_clear(url):
        return
    if not allowed:
        raise UsageError(
            f"{url} is plain http:// to another machine: the password and the token would cross the network in "
            f"clear text. Use https://, or {how_to_allow} if you accept that."
        )
    print(
        f"Warning: {url} is not encrypted: the password and the token cross the network in clear text "
        f"({how_to_allow.removeprefix('give ').removeprefix('set ')}).",
        file=sys.stderr,
    )


def sends_in_clear(url: str) -> bool:
    """Whether ``url`` (checked) is plain ``http://`` to a host that is not this machine: what is sent there
    (a password, a token) crosses the network readable by anyone on the way."""
    parts = urlsplit(url)
    return parts.scheme.lower() == "http" and not is_loopback(parts.hostname or "")


class CredentialSource(Enum):
    """Where the credentials of a run came from (it decides what to tell the user when the portal refuses them)."""

    ENV_TOKEN = "env-token"
    ENV_PASSWORD = "env-password"
    SAVED = "saved"
    LOGIN = "login"


@dataclass
class PortalAccess:
    """The portal a command is using, for error messages, and the secrets no message may show."""

    url: str | None = None
    source: CredentialSource | None = None
    secrets: list[str] = field(default_factory=list, repr=False)

    def hide(self, text: str) -> str:
        """``text`` with every secret of this run replaced by ``***`` (for text a portal or a library wrote)."""
        forms = {form for secret in self.secrets if secret for form in (secret, escaped(secret))}
        for form in sorted(forms, key=len, reverse=True):  # the longest first: a secret inside another goes with it
            text = text.replace(form, "***")
        return text

    def shown(self, text: str) -> str:
        """Text from a portal or a library, fit for a one-line message: secrets hidden, on one line."""
        return one_line(self.hide(text))


def is_sendable_token(token: str) -> bool:
    """Whether the library will send ``token`` as the ``Authorization`` header (visible ASCII, no space or line
    break): checked before any request, so a token that never could work is not retried for seconds."""
    try:
        check_token(token)
    except (TypeError, ValueError):
        return False
    return True


UNSENDABLE = "has a space, a line break, a control character or non-ASCII text, which no token has"


def open_portal(access: PortalAccess, timeout: float, time_zone: str | None = None) -> Portal:
    """A :class:`Portal` for this run, filling ``access`` in; raise :class:`NotLoggedInError` when there is none.

    ``time_zone`` is ``--time-zone`` (else ``ONLYOFFICE_TIME_ZONE`` is read), checked before any request.
    """
    try:
        found = env_settings(default_scheme="https")
    except ValueError as error:
        raise UsageError(f"{error}.") from None
    zone = portal_time_zone(time_zone, found.time_zone)
    url, token, user_name, password = found.base_url, found.token, found.user_name, found.password
    if url and token:
        access.url, access.source = url, CredentialSource.ENV_TOKEN
        access.secrets.append(token)
        if not is_sendable_token(token):
            raise NotLoggedInError(f"{TOKEN_ENV} {UNSENDABLE}: set it to the token itself.")
        return Portal(url, token, timeout=timeout, time_zone=zone)
    if url and user_name and password:
        access.url, access.source = url, CredentialSource.ENV_PASSWORD
        access.secrets.append(password)
        refuse_clear_login(url, allowed=insecure_http_allowed(), how_to_allow=f"set {ALLOW_INSECURE_HTTP_ENV}=1")
        portal = Portal.login(url, user_name, password, timeout=timeout, time_zone=zone)
        access.secrets.append(portal.token)
        return portal
    saved = saved_login()
    if saved is not None and (url is None or url == saved.url):
        saved_token = saved.store.load(saved.url)
        if saved_token:
            access.url, access.source = saved.url, CredentialSource.SAVED
            access.secrets.append(saved_token)
            if not is_sendable_token(saved_token):
                raise NotLoggedInError(
                    f"The token saved for {saved.url} {UNSENDABLE}: run `onlyoffice-crm login {saved.url}`."
                )
            return Portal(saved.url, saved_token, timeout=timeout, time_zone=zone)
    where = url or "https://your-portal.example.com"
    raise NotLoggedInError(
        f"Not logged in{f' to {url}' if url else ''}: run `onlyoffice-crm login {where}` "
        f"(or set {URL_ENV} with {TOKEN_ENV}, or with {USER_NAME_ENV} and {PASSWORD_ENV})."
    )


def explain(error: PortalError, access: PortalAccess) -> CliError:
    """The portal's refusal or failure as one line with what to do, and its exit code.

    A fault in the portal's answer (:class:`UnexpectedResponseError` and its subclasses: too large, inconsistent,
    unreadable) is exit 1 like any portal failure; text that came from the portal never shows a secret.
    """
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
        detail = re.sub(r"^cannot connect to \S+: ", "", access.shown(error.message))
        if "does not answer in TLS" in detail:  # the library's hint to write http://
            return CliError(f"Cannot reach {url}: {detail}.")
        return CliError(f"Cannot reach {url}: check the address and your network ({detail}).")
    in_front = in_front_of_the_api(error, url)
    if in_front is not None:
        return in_front
    if isinstance(error, PermissionDeniedError):
        return CliError(f"{url} denies this user access to CRM invoices (403): ask the portal's administrator.")
    if isinstance(error, PaymentRequiredError):
        return CliError(f"{url} is not paid for (402): the portal's owner must renew the subscription.")
    if isinstance(error, NotFoundError):
        return CliError(f"{url} has no CRM invoice API (404): check the address and that the CRM module is on.")
    if isinstance(error, RateLimitError):
        return CliError(f"{url} is limiting requests ({error.status_code}) and retries ran out: try again in a minute.")
    if isinstance(error, BadRequestError):
        return CliError(f"{url} rejected the request: {access.shown(error.message).rstrip('.')}.")
    if isinstance(error, ServerError):
        return CliError(
            f"{url} failed (HTTP {error.status_code}): try again later; if it lasts, tell its administrator."
        )
    if isinstance(error, UnexpectedResponseError):
        return CliError(
            f"{url} sent an answer that cannot be right ({access.shown(str(error)).rstrip('.')}): "
            "try again later; if it lasts, tell its administrator."
        )
    return CliError(f"{url} answered something unexpected: {access.shown(str(error))}.")


def in_front_of_the_api(error: PortalError, url: str) -> CliError | None:
    """A refusal that says who may not read invoices, or why the portal answers no one (an empty 402, 403, 404 or
    503 from ``Global.asax``, in front of the API), as one line with what to do; ``None`` for any other error."""
    if isinstance(error, NoCrmAccessError):
        return CliError(
            f"{url} gives this account no access to the CRM (403; a guest never has it): log in as a user with CRM "
            "access, or ask the portal's administrator to give this one the CRM module."
        )
    if isinstance(error, IpBlockedError):
        return CliError(
            f"{url} refuses requests from this machine's IP address (403, the portal's IP restrictions): ask its "
            "administrator to allow this address, or run from an allowed one."
        )
    if isinstance(error, PortalUnpaidError):
        return CliError(
            f"{url} refuses every request because the portal is not paid for (402): its owner must renew the "
            "subscription."
        )
    if isinstance(error, PortalNotFoundError):
        return CliError(
            f"{url} has no portal (404: unknown, removed or suspended): check the address; a suspended portal "
            "answers again only once its owner restores it."
        )
    if isinstance(error, PortalUnavailableError):
        return CliError(
            f"{url} is unavailable while the portal is migrated, moved or restored from a backup (503): try again "
            "later, it can take hours."
        )
    return None


def escaped(text: str) -> str:
    """``text`` as ``repr`` shows it inside quotes (``\\n`` for a line break): how an error message may quote it."""
    return repr(text)[1:-1]


def one_line(text: str) -> str:
    """``text`` with its line breaks and other control characters (C0, DEL, C1) as spaces: a message stays one
    line; bidi controls and unpaired surrogates as :func:`~._terminal_text.terminal_str` shows them."""
    spaced = "".join(" " if ord(c) < 32 or 127 <= ord(c) < 160 else c for c in text)
    return terminal_str(" ".join(spaced.split()))
