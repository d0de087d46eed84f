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

from .wire import encode_value

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
    """Every invoice of a portal, one array per field (position = row), plus the shared tables they point at.

    Codes index lists or tables; -1 means null (no contact, consignee or entity).
    """

    ids: Int32s
    numbers: npt.NDArray[np.bytes_]  # UTF-8
    status_ids: Int32s
    status_rows: Int32s
    issue: Int64s  # microseconds since the epoch, UTC
    due: Int64s
    created: Int64s
    template: Int32s
    contact_ids: Int32s  # the stored contact id (also of deleted contacts; 0 when unknown)
    contacts: Int32s  # row in contact_table, -1 when deleted
    consignees: Int32s
    entities: Int32s
    languages: Int32s
    currencies: Int32s
    exchange_cents: Int64s
    cost_cents: Int64s
    purchase_orders: Int32s
    terms: Int32s
    descriptions: Int32s
    file_ids: Int32s
    creators: Int32s
    can_edit: Bools
    can_delete: Bools
    status_table: SharedTable
    contact_table: SharedTable
    contact_names: list[str]
    contact_visible: Bools  # the caller may see it (else the invoice shows null)
    entity_table: SharedTable
    entity_keys: list[tuple[str, int]]  # (entity type lower-case, entity id)
    currency_table: SharedTable
    currency_codes: list[str]  # abbreviations
    employee_table: SharedTable
    language_list: list[str]
    purchase_order_list: list[str]
    terms_list: list[str]
    description_list: list[str]
    offset_minutes: int
    extras: dict[int, str] = field(default_factory=dict)
    """Position -> ``,"key":value...`` of top-level keys a data file had beyond the spec's (served as given)."""

    def __len__(self) -> int:
        return len(self.ids)
