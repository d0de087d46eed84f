from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="Employee")


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
        d = dict(src_dict)
        id = UUID(d.pop("id"))

        display_name = d.pop("displayName")

        avatar_small = d.pop("avatarSmall")

        profile_url = d.pop("profileUrl")

        title = d.pop("title", UNSET)

        employee = cls(
            id=id,
            display_name=display_name,
            avatar_small=avatar_small,
            profile_url=profile_url,
            title=title,
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
