"""Checking a portal's address and credentials, from arguments or the environment."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass

import httpx

__all__ = [
    "PASSWORD_VARIABLE",
    "TOKEN_VARIABLE",
    "URL_VARIABLE",
    "USER_NAME_VARIABLE",
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
_VISIBLE_ASCII = re.compile(r"[!-~]+")


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
            to write one.
    """
    text = check_text("base_url", value).strip()
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


@dataclass(frozen=True)
class EnvCredentials:
    """What the environment gives: the URL and either a token or a user name and password."""

    base_url: str
    token: str | None
    user_name: str | None
    password: str | None


def env_settings(environ: Mapping[str, str] | None = None, *, default_scheme: str | None = None) -> EnvSettings:
    """Read ``ONLYOFFICE_URL``, ``ONLYOFFICE_TOKEN``, ``ONLYOFFICE_USER_NAME`` and ``ONLYOFFICE_PASSWORD``,
    each possibly unset (``default_scheme``: as for :func:`check_base_url`).

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
    return EnvCredentials(found.base_url, found.token, found.user_name, found.password)
