from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="InvoiceEntity")
_WIRE_KEYS = frozenset(
    (
        "entityType",
        "entityId",
        "entityTitle",
    )
)


@_attrs_define
class InvoiceEntity:
    """The entity an invoice is linked to.

    Attributes:
        entity_type (str): `opportunity` in practice; kept an open string so a client tolerates other types.
        entity_id (int):
        entity_title (str):
    """

    entity_type: str
    entity_id: int
    entity_title: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        entity_type = self.entity_type

        entity_id = self.entity_id

        entity_title = self.entity_title

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "entityType": entity_type,
                "entityId": entity_id,
                "entityTitle": entity_title,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        entity_type = src_dict["entityType"]

        entity_id = src_dict["entityId"]

        entity_title = src_dict["entityTitle"]

        invoice_entity = cls(
            entity_type,
            entity_id,
            entity_title,
        )

        # Only the keys the spec does not name. Every required key was read above, so the common case
        # (no other key) is a count.
        d = {} if len(src_dict) == 3 else {k: v for k, v in src_dict.items() if k not in _WIRE_KEYS}

        invoice_entity.additional_properties = d
        return invoice_entity

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
