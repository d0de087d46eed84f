"""Secrets kept out of everything a contract run prints or writes, at the source.

A token travels as a :class:`Secret`: a ``str`` (so HTTP libraries send it unchanged) whose ``repr`` is the mask, so
that a failure report, a hypothesis example or a dataclass ``repr`` can never show it. Recorded requests and
responses copy every header and login field *except* the secret ones, which are written as the mask.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

MASK = "***"
SECRET_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie", "set-cookie"})
SECRET_JSON_KEYS = frozenset({"password", "token", "passwordhash", "code"})
ENV_PLACEHOLDER = "$TOKEN"


class Secret(str):
    """A credential: sent as itself, shown as ``***`` by ``repr`` (and so in every dataclass, attrs or report)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return repr(MASK)


def masked_headers(headers: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """``headers`` with the value of every credential-bearing header replaced by the mask."""
    return [(name, MASK if name.lower() in SECRET_HEADERS else value) for name, value in headers]


def _masked_json(node: Any) -> Any:
    if isinstance(node, dict):
        return {
            key: MASK if key.lower() in SECRET_JSON_KEYS and node[key] is not None else _masked_json(node[key])
            for key in node
        }
    if isinstance(node, list):
        return [_masked_json(item) for item in node]
    return node


def masked_json_body(body: bytes) -> str:
    """A login request or response body with its password and token fields masked (``""`` when not JSON: a
    body that cannot be read cannot be masked field by field, so nothing of it is kept)."""
    try:
        document = json.loads(body)
    except ValueError:
        return ""
    return json.dumps(_masked_json(document), ensure_ascii=False)


def curl_command(method: str, url: str) -> str:
    """A command repeating a request, with the token read from the environment, never written out."""
    verb = "" if method.upper() == "GET" else f"-X {method.upper()} "
    quoted = url.replace("'", "'\\''")
    return f"curl {verb}-H \"Authorization: {ENV_PLACEHOLDER}\" '{quoted}'"
