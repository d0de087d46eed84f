"""Which ``Host`` headers the server answers: a defence against DNS rebinding, as development servers have.

A web page may point a name of its own at 127.0.0.1 and then read what the mock portal answers; the browser then
sends that name as ``Host``. So the server answers only to the address it was published on: a loopback name
(``127.0.0.1``, ``localhost``, ``[::1]``) or the literal address the connection arrived at; and to the hosts given
with ``--allowed-host`` (``name`` for any port, ``name:port`` for one port, ``*`` for any host at all). A request
without ``Host`` (HTTP/1.0) comes from no browser and is answered.

As Vite, webpack's dev server and Django do, the built-in names are compared without their port: no page can
make a browser send one of them for an origin of its own, and a container published on another port
(``-p 127.0.0.1:9000:8080``) is answered at once.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from dataclasses import dataclass

LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")
"""The names of this machine every server answers to, on any port."""
ANY_HOST = "*"
HTTP_PORT = 80
_NAME_CHARACTERS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-._[]:")


@dataclass(frozen=True)
class HostName:
    """A ``Host`` header's value, read: a lower-case name (IPv6 in brackets, no trailing dot) and its port
    (None when not given)."""

    name: str
    port: int | None


def read_host(value: str) -> HostName | None:
    """``value`` as a :class:`HostName`, or None when it is no host (empty, a bad port, stray characters)."""
    text = value.strip().lower()
    if text.startswith("["):
        name, bracket, rest = text.partition("]")
        name += bracket
        if not bracket or (rest and not rest.startswith(":")):
            return None
        port_text = rest[1:] if rest else None
    elif text.count(":") == 1:
        name, _, port_text = text.partition(":")
    else:
        name, port_text = text, None
    name = name.rstrip(".") if not name.startswith("[") else name
    if not name or not set(name) <= _NAME_CHARACTERS or (":" in name and not name.startswith("[")):
        return None
    if port_text is None:
        return HostName(name, None)
    if not port_text.isdigit() or not port_text.isascii() or not 0 < int(port_text) <= 65535:
        return None
    return HostName(name, int(port_text))


def allowed_host(text: str) -> str:
    """An ``--allowed-host`` value, checked and written as it is compared (``*``, ``name`` or ``name:port``);
    raises ValueError for one that is no host."""
    if text.strip() == ANY_HOST:
        return ANY_HOST
    host = read_host(text)
    if host is None:
        raise ValueError(f"{text!r} is no host (give name, name:port, [v6 address]:port or *)")
    return host.name if host.port is None else f"{host.name}:{host.port}"


def _literal(address: str) -> str:
    """The name a client writes for an address the server listens on (IPv6 in brackets)."""
    try:
        parsed = ipaddress.ip_address(address.partition("%")[0])
    except ValueError:
        return address.lower()
    return f"[{parsed.compressed}]" if parsed.version == 6 else parsed.compressed


def is_answered(host_header: str, local: tuple[str, int | None] | None, allowed: Iterable[str]) -> bool:
    """Whether a request with this ``Host`` header, that arrived at ``local`` (address, port), is answered."""
    allowed = tuple(allowed)
    if ANY_HOST in allowed:
        return True
    host = read_host(host_header)
    if host is None:
        return False
    port = HTTP_PORT if host.port is None else host.port
    if host.name in allowed or f"{host.name}:{port}" in allowed:
        return True
    own = LOOPBACK_NAMES if local is None else (*LOOPBACK_NAMES, _literal(local[0]))
    return host.name in own
