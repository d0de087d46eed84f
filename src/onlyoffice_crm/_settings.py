"""Checking a portal's address and credentials, from arguments or the environment."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass

import httpx

__all__ = [
    "PASSWORD_VARIABLE",
    "TIME_ZONE_VARIABLE",
    "TOKEN_VARIABLE",
    "URL_VARIABLE",
    "USER_NAME_VARIABLE",
    "CredentialsInUrlError",
    "EnvCredentials",
    "EnvSettings",
    "check_base_url",
    "check_text",
    "check_token",
    "credentials_from_env",
    "env_settings",
]

URL_VARIABLE = "ONLYOFFICE_URL"
"""The environment variable that holds the portal's address (:func:`env_settings`, ``Portal.from_env``)."""
TOKEN_VARIABLE = "ONLYOFFICE_TOKEN"
"""The environment variable that holds a token (it wins over a user name and password)."""
USER_NAME_VARIABLE = "ONLYOFFICE_USER_NAME"
"""The environment variable that holds the user name (an e-mail) to log in with."""
PASSWORD_VARIABLE = "ONLYOFFICE_PASSWORD"
"""The environment variable that holds the password to log in with."""
TIME_ZONE_VARIABLE = "ONLYOFFICE_TIME_ZONE"
"""The environment variable that holds the portal's IANA time zone (``Europe/London``), which the API never tells:
``Portal.from_env`` takes it as ``time_zone=`` unless that is given."""
_VISIBLE_ASCII = re.compile(r"[!-~]+")
_AUTHORITY = re.compile(r"^(?:[A-Za-z][A-Za-z0-9+.-]*://)?(?P<authority>[^/?#]*)")


class CredentialsInUrlError(ValueError):
    """A portal address with a user name or password in it (``http://bob:secret@host``): refused, and its message
    never quotes the address (as curl, git and docker hide such credentials)."""

    def __init__(self) -> None:
        super().__init__(
            "base_url: the address holds a user name or password (user:password@host), which would show wherever "
            "the address is shown: write the address without them and log in with the user name and password"
        )


def check_text(name: str, value: object) -> str:
    """A required non-empty string argument."""
    if not isinstance(value, str):
        raise TypeError(f"{name}: expected a str, got {type(value).__name__}")
    if not value.strip():
        raise ValueError(f"{name}: empty")
    return value


def check_token(value: object) -> str:
    """A token that can be sent as the ``Authorization`` header value, without surrounding whitespace.

    The token is sent raw, so it must be visible ASCII (``!`` to ``~``): a newline, a NUL, a space or
    any other character could split or corrupt the request. The error never includes the token.

    Raises:
        TypeError: ``value`` is not a str.
        ValueError: the token is empty or not a valid header value.
    """
    if not isinstance(value, str):
        raise TypeError(f"token: expected a str, got {type(value).__name__}")
    token = value.strip()
    if not _VISIBLE_ASCII.fullmatch(token):
        raise ValueError(
            "token: not a valid HTTP header value (it must be non-empty visible ASCII, without spaces, "
            "control characters or line breaks)"
        )
    return token


def check_base_url(value: object, *, default_scheme: str | None = None) -> str:
    """The portal's address, ``http(s)://host[:port][/path]``, without a trailing slash.

    ``default_scheme`` (the CLI passes ``"https"``) is put before an address written without one
    (``portal.example.com``); without it such an address is refused with a hint to write the scheme.

    Raises:
        TypeError: not a str.
        ValueError: not an http(s) address of a portal (a query or fragment included); the message says how
            to write one. An address with a user name or password in it (``http://bob:secret@host``) is refused
            with :class:`CredentialsInUrlError`, which does not quote it.
    """
    text = check_text("base_url", value).strip()
    authority = _AUTHORITY.match(text)
    if authority is not None and "@" in authority.group("authority"):  # before any message could quote it
        raise CredentialsInUrlError
    candidate = text
    if "://" not in text:
        if default_scheme is None:
            raise ValueError(
                f"base_url: {text!r} has no scheme: write https://{text} (or http://{text} for a portal without TLS)"
            )
        candidate = f"{default_scheme}://{text}"
    try:
        url = httpx.URL(candidate)
    except (httpx.InvalidURL, ValueError) as error:
        raise ValueError(f"base_url: {text!r} is not a URL ({error})") from error
    if url.userinfo:
        raise CredentialsInUrlError
    if url.scheme not in {"http", "https"} or not url.host or url.query or url.fragment:
        raise ValueError(f"base_url: {text!r} is not a portal address: write one like https://portal.example.com")
    return candidate.rstrip("/")


@dataclass(frozen=True)
class EnvSettings:
    """What the environment gives, each ``None`` when unset or blank (the URL is checked when set)."""

    base_url: str | None
    token: str | None
    user_name: str | None
    password: str | None
    time_zone: str | None = None
    """``ONLYOFFICE_TIME_ZONE`` as written (checked when a portal object takes it)."""


@dataclass(frozen=True)
class EnvCredentials:
    """What the environment gives: the URL and either a token or a user name and password, and the time zone."""

    base_url: str
    token: str | None
    user_name: str | None
    password: str | None
    time_zone: str | None = None


def env_settings(environ: Mapping[str, str] | None = None, *, default_scheme: str | None = None) -> EnvSettings:
    """Read ``ONLYOFFICE_URL``, ``ONLYOFFICE_TOKEN``, ``ONLYOFFICE_USER_NAME``, ``ONLYOFFICE_PASSWORD`` and
    ``ONLYOFFICE_TIME_ZONE``, each possibly unset (``default_scheme``: as for :func:`check_base_url`).

    Raises:
        ValueError: ``ONLYOFFICE_URL`` is set but no portal address (the message names it).
    """
    env = os.environ if environ is None else environ
    text = env.get(URL_VARIABLE, "").strip()
    base_url = None
    if text:
        try:
            base_url = check_base_url(text, default_scheme=default_scheme)
        except ValueError as error:
            raise ValueError(f"{URL_VARIABLE}: {error}") from None
    return EnvSettings(
        base_url=base_url,
        token=env.get(TOKEN_VARIABLE, "").strip() or None,
        user_name=env.get(USER_NAME_VARIABLE, "").strip() or None,
        password=env.get(PASSWORD_VARIABLE) or None,
        time_zone=env.get(TIME_ZONE_VARIABLE, "").strip() or None,
    )


def credentials_from_env(environ: Mapping[str, str] | None = None) -> EnvCredentials:
    """Read ``ONLYOFFICE_URL`` and ``ONLYOFFICE_TOKEN``, or ``ONLYOFFICE_USER_NAME`` and ``ONLYOFFICE_PASSWORD``.

    Raises:
        ValueError: a variable is missing, or the URL is no portal address (the message names it).
    """
    env = os.environ if environ is None else environ
    if not env.get(URL_VARIABLE, "").strip():
        raise ValueError(f"{URL_VARIABLE} is not set")
    found = env_settings(env)
    assert found.base_url is not None
    if found.token is None and (found.user_name is None or found.password is None):
        raise ValueError(f"set {TOKEN_VARIABLE}, or both {USER_NAME_VARIABLE} and {PASSWORD_VARIABLE}")
    return EnvCredentials(found.base_url, found.token, found.user_name, found.password, found.time_zone)
