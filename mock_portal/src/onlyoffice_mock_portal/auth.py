"""Who may call the API: the portal's token in a header or cookie, or Basic credentials."""

from __future__ import annotations

import base64
import binascii
import hmac

from starlette.requests import Request

from .config import PortalConfig


def _same(given: str, expected: str) -> bool:
    # "surrogatepass": a lone surrogate (JSON allows "\ud800") is just another wrong value, never an error.
    return hmac.compare_digest(given.encode("utf-8", "surrogatepass"), expected.encode("utf-8", "surrogatepass"))


def _default(name: str) -> str:
    default = PortalConfig.__dataclass_fields__[name].default
    assert isinstance(default, str)
    return default


DEFAULT_TOKEN = _default("token")
DEFAULT_PASSWORD = _default("password")
"""The documented password: it logs in only to a portal with the documented token, :data:`DEFAULT_TOKEN`."""


def login_password(config: PortalConfig) -> str | None:
    """The password that logs in, or None when none does: the documented default password stops working once a
    custom token is set (else anyone who read the docs could log in and be handed that token); a password of
    one's own (``--password``) always works."""
    if config.password == DEFAULT_PASSWORD and config.token != DEFAULT_TOKEN:
        return None
    return config.password


def credentials_match(config: PortalConfig, user_name: str, password: str) -> bool:
    """Compare both parts in constant time (no early exit on a wrong user name); False for any password when
    :func:`login_password` is None."""
    expected = login_password(config)
    same_password = _same(password, config.password if expected is None else expected)
    return _same(user_name, config.user_name) & same_password & (expected is not None)


def is_authorized(request: Request, config: PortalConfig) -> bool:
    """``Authorization: <token>``, ``Bearer <token>`` (case-sensitive), ``Basic`` or ``asc_auth_key``."""
    header = request.headers.get("authorization")
    if header is not None:
        if header.startswith("Basic "):
            try:
                user_name, _, password = base64.b64decode(header[6:], validate=True).decode().partition(":")
            except (binascii.Error, UnicodeDecodeError):
                return False
            return credentials_match(config, user_name, password)
        token = header[7:] if header.startswith("Bearer ") else header
        if _same(token, config.token):
            return True
    cookie = request.cookies.get("asc_auth_key")
    return cookie is not None and _same(cookie, config.token)
