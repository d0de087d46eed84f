from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="Employee")
_WIRE_KEYS = frozenset(
    (
        "id",
        "displayName",
        "avatarSmall",
        "profileUrl",
        "title",
    )
)


@_attrs_define
class Employee:
    """A portal user (`EmployeeWraper`).

    Attributes:
        id (UUID):
        display_name (str):
        avatar_small (str): Site-relative avatar URL.
        profile_url (str): Absolute profile URL.
        title (str | Unset): The job title; omitted when empty.
    """

    id: UUID
    display_name: str
    avatar_small: str
    profile_url: str
    title: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        display_name = self.display_name

        avatar_small = self.avatar_small

        profile_url = self.profile_url

        title = self.title

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "displayName": display_name,
                "avatarSmall": avatar_small,
                "profileUrl": profile_url,
            }
        )
        if title is not UNSET:
            field_dict["title"] = title

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        id = parse_uuid(src_dict["id"])

        display_name = src_dict["displayName"]

        avatar_small = src_dict["avatarSmall"]

        profile_url = src_dict["profileUrl"]

        title = src_dict.get("title", UNSET)

        employee = cls(
            id,
            display_name,
            avatar_small,
            profile_url,
            title=title,
        )

        # Only the keys the spec does not name. Every required key was read above, so the common case
        # (no other key) is a count.
        d = (
            {}
            if len(src_dict) == 4 + ("title" in src_dict)
            else {k: v for k, v in src_dict.items() if k not in _WIRE_KEYS}
        )

        employee.additional_properties = d
        return employee

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


from ..types import parse_uuid
