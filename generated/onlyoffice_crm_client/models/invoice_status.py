from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.invoice_status_id import InvoiceStatusId

T = TypeVar("T", bound="InvoiceStatus")
_WIRE_KEYS = frozenset(
    (
        "id",
        "title",
    )
)


@_attrs_define
class InvoiceStatus:
    """
    Attributes:
        id (InvoiceStatusId): Draft = 1, Sent = 2, Rejected = 3, Paid = 4, Archived = 5. `x-enum-titles` are the neutral
            (English) titles a portal writes in `status.title` and accepts in the `status` filter with exact case: note
            `Billed` for Sent and `Archive` for Archived. In responses the generated client also accepts ids a newer portal
            may add.
        title (str): The localized status title.
    """

    id: InvoiceStatusId
    title: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id.value

        title = self.title

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "title": title,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        id = parse_enum(InvoiceStatusId, src_dict["id"])

        title = src_dict["title"]

        invoice_status = cls(
            id,
            title,
        )

        # Only the keys the spec does not name. Every required key was read above, so the common case
        # (no other key) is a count.
        d = {} if len(src_dict) == 2 else {k: v for k, v in src_dict.items() if k not in _WIRE_KEYS}

        invoice_status.additional_properties = d
        return invoice_status

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


from ..types import parse_enum
