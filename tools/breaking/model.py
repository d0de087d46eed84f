"""The records a comparison produces, and the one exception that means "bad input"."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class BadInputError(Exception):
    """The comparison cannot run: an unknown git ref, a spec that does not parse, a broken $ref."""


class Audience(StrEnum):
    """Who a spec change breaks."""

    CLIENTS = "breaks clients"
    """Code that builds requests or reads responses with the client."""
    PORTALS = "breaks portals"
    """Portals checked by the contract suite: what a contract run starts to demand."""
    COMPATIBLE = "compatible"
    """Breaks nobody."""


class ChangeKind(StrEnum):
    """What happened to the thing that changed (the Keep a Changelog section it belongs to)."""

    ADDED = "Added"
    CHANGED = "Changed"
    REMOVED = "Removed"


@dataclass(frozen=True)
class SpecChange:
    """One change of the OpenAPI contract.

    ``location`` names where it is (an operation, a parameter, ``Schema.field``), ``message``
    what changed, ``audiences`` whom it breaks (``{COMPATIBLE}`` when nobody).
    """

    location: str
    message: str
    kind: ChangeKind
    audiences: frozenset[Audience]

    @property
    def breaking(self) -> bool:
        """True when the change breaks clients or portals."""
        return bool(self.audiences - {Audience.COMPATIBLE})

    def describe(self) -> str:
        """``location: message``, as printed."""
        return f"{self.location}: {self.message}"


@dataclass(frozen=True)
class ApiChange:
    """One change of the generated package's public Python API, named in Python terms."""

    path: str
    message: str
    kind: ChangeKind
    breaking: bool

    def describe(self) -> str:
        """``python.path: message``, as printed."""
        return f"{self.path}: {self.message}"
