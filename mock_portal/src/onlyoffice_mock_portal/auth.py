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


def credentials_match(config: PortalConfig, user_name: str, password: str) -> bool:
    """Compare both parts in constant time (no early exit on a wrong user name)."""
    return _same(user_name, config.user_name) & _same(password, config.password)


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
