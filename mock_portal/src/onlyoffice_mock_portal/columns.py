"""The portal's invoices as compact columns: the model the store, the renderer, the generator and the data file
share.

One numpy array per invoice field; strings that repeat are codes into small lists; nested objects that
invoices share (contacts, currencies, employees, opportunities, statuses) are rows of :class:`SharedTable`,
each kept as its JSON fragment, encoded once. No per-invoice Python object is kept.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np
import numpy.typing as npt

from .fields import field_named
from .wire import encode_value
from .zone import PortalZone

Int32s = npt.NDArray[np.int32]
Int64s = npt.NDArray[np.int64]
Bools = npt.NDArray[np.bool_]


class DataFileError(ValueError):
    """The data file cannot be served; the message says why in one line."""


@dataclass
class SharedTable:
    """Nested objects many invoices point at, each kept as its wire JSON fragment (encoded once)."""

    fragments: list[str]

    @classmethod
    def of(cls, objects: list[Any]) -> SharedTable:
        """A table of these wire objects, in this order."""
        return cls([encode_value(item) for item in objects])

    def __len__(self) -> int:
        return len(self.fragments)

    @cached_property
    def objects(self) -> list[Any]:
        """The rows as parsed JSON; only built when an in-memory sort asks for a nested property."""
        return [json.loads(fragment) for fragment in self.fragments]


@dataclass
class InvoiceData:
    """Every invoice of a portal, one array per field (position = row), plus the lists and shared tables the
    codes point at, and the few columns of the mock's own that its filters use.

    How each field is kept follows its kind (:class:`~onlyoffice_mock_portal.fields.InvoiceField`): ``int``,
    ``bool``, ``money`` (cents), ``date`` (microseconds since the epoch, UTC) are values; ``text`` is a code
    into :attr:`texts` (a ``unique_text`` field, the number, is its UTF-8 bytes); ``object`` and ``json`` are
    a row of :attr:`tables` (the field's ``table``). A code or row of -1 is null; a nullable value field has
    its nulls in :attr:`nulls`.
    """

    columns: dict[str, npt.NDArray[Any]]
    """Wire key -> the field's column."""
    texts: dict[str, list[str]]
    """``text`` field -> its distinct values, which its codes index."""
    tables: dict[str, SharedTable]
    """Table name (the component's, for an object) -> the shared JSON fragments the rows index."""
    nulls: dict[str, Bools]
    """Nullable ``int``/``bool``/``money``/``date`` field -> where it is null."""
    status_ids: Int32s
    """The status id of each invoice (the ``status`` filter's column)."""
    contact_ids: Int32s
    """The stored contact id (also of deleted contacts; 0 when unknown): the ``entityType=contact`` filter."""
    contact_names: list[str]
    """Per row of the contact table: the display name (the ``contact`` sort)."""
    contact_visible: Bools
    """Per row of the contact table: the generator's record of whether the caller (``dataset.CALLER``) is on a
    private contact's access list; the store decides visibility by role (:func:`.caller.visible_invoices`)."""
    entity_keys: list[tuple[str, int]]
    """Per row of the entity table: (entity type lower-case, entity id)."""
    currency_codes: list[str]
    """Per row of the currency table: the abbreviation (the ``currency`` filter)."""
    offset_minutes: int
    extras: dict[int, str] = field(default_factory=dict)
    """Position -> ``,"key":value...`` of top-level keys a data file had beyond the spec's (served as given)."""
    role: str = "admin"
    """Whom the token belongs to (:mod:`.caller`): which invoices are served and their ``canEdit``/``canDelete``."""
    zone: PortalZone | None = None
    """The portal's IANA zone, when it has one: dates are written with the offset of their own date
    (:mod:`.zone`); None: :attr:`offset_minutes` for every date."""

    @property
    def portal_zone(self) -> PortalZone:
        """The zone dates are written in (the fixed :attr:`offset_minutes` when :attr:`zone` is None)."""
        return self.zone or PortalZone(self.offset_minutes)

    def __len__(self) -> int:
        return len(self.columns["id"])

    @property
    def ids(self) -> Int32s:
        """The invoice ids, by position."""
        return self.columns["id"]

    @property
    def numbers(self) -> npt.NDArray[np.bytes_]:
        """The invoice numbers (UTF-8), by position."""
        return self.columns["number"]

    def table(self, field_name: str) -> SharedTable:
        """The shared table an ``object`` or ``json`` field's rows index."""
        return self.tables[field_named()[field_name].table]
