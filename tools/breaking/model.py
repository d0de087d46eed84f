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
    WARNS_CLIENTS = "warns clients"
    """Breaks nobody's build, but code that handles each value it knows may meet one it does not: a value added
    to a response enum, which the client keeps as it is (an open enum)."""
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
        """True when the change breaks clients or portals (a warning does not)."""
        return bool(self.audiences & {Audience.CLIENTS, Audience.PORTALS})

    def describe(self) -> str:
        """``location: message``, as printed."""
        return f"{self.location}: {self.message}"


class Surface(StrEnum):
    """A public face of the distribution that a change can break, besides the HTTP contract."""

    CLIENT = "onlyoffice_crm_client"
    """The generated package's Python API."""
    LIBRARY = "onlyoffice_crm"
    """The library's Python API."""
    CLI = "onlyoffice-crm"
    """The command line: its commands and options."""

    @property
    def heading(self) -> str:
        """``Python API of onlyoffice_crm`` or ``Command line onlyoffice-crm``, as printed."""
        return f"Command line {self.value}" if self is Surface.CLI else f"Python API of {self.value}"


@dataclass(frozen=True)
class ApiChange:
    """One change of a public Python API (named in Python terms) or of the command line (by its command)."""

    path: str
    message: str
    kind: ChangeKind
    breaking: bool
    surface: Surface = Surface.CLIENT

    def describe(self) -> str:
        """``python.path: message``, as printed."""
        return f"{self.path}: {self.message}"
