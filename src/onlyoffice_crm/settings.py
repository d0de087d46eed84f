"""Checking a portal's address and credentials, from arguments or the environment."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass

import httpx

__all__ = ["EnvCredentials", "check_base_url", "check_text", "check_token", "credentials_from_env"]

URL_VARIABLE = "ONLYOFFICE_URL"
TOKEN_VARIABLE = "ONLYOFFICE_TOKEN"
USER_NAME_VARIABLE = "ONLYOFFICE_USER_NAME"
PASSWORD_VARIABLE = "ONLYOFFICE_PASSWORD"
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


def check_base_url(value: object) -> str:
    """The portal's address, ``http(s)://host[:port][/path]``, without a trailing slash."""
    text = check_text("base_url", value).strip()
    try:
        url = httpx.URL(text)
    except (httpx.InvalidURL, ValueError) as error:
        raise ValueError(f"base_url: {text!r} is not a URL ({error})") from error
    if url.scheme not in {"http", "https"} or not url.host:
        raise ValueError(f"base_url: {text!r} is not an http(s) URL of a portal")
    return text.rstrip("/")


@dataclass(frozen=True)
class EnvCredentials:
    """What the environment gives: the URL and either a token or a user name and password."""

    base_url: str
    token: str | None
    user_name: str | None
    password: str | None


def credentials_from_env(environ: Mapping[str, str] | None = None) -> EnvCredentials:
    """Read ``ONLYOFFICE_URL`` and ``ONLYOFFICE_TOKEN``, or ``ONLYOFFICE_USER_NAME`` and ``ONLYOFFICE_PASSWORD``.

    Raises:
        ValueError: a variable is missing (the message names it).
    """
    env = os.environ if environ is None else environ
    base_url = env.get(URL_VARIABLE, "").strip()
    if not base_url:
        raise ValueError(f"{URL_VARIABLE} is not set")
    token = env.get(TOKEN_VARIABLE, "").strip() or None
    user_name = env.get(USER_NAME_VARIABLE, "").strip() or None
    password = env.get(PASSWORD_VARIABLE) or None
    if token is None and (user_name is None or password is None):
        raise ValueError(f"set {TOKEN_VARIABLE}, or both {USER_NAME_VARIABLE} and {PASSWORD_VARIABLE}")
    try:
        url = check_base_url(base_url)
    except ValueError as error:
        raise ValueError(f"{URL_VARIABLE}: {error}") from None
    return EnvCredentials(url, token, user_name, password)
