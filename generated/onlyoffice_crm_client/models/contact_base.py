from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.share_type import ShareType
from ..types import UNSET, Unset

T = TypeVar("T", bound="ContactBase")
_WIRE_KEYS = frozenset(
    (
        "id",
        "smallFotoUrl",
        "mediumFotoUrl",
        "displayName",
        "isCompany",
        "isPrivate",
        "isShared",
        "shareType",
        "currency",
        "canEdit",
        "canDelete",
        "accessList",
    )
)


@_attrs_define
class ContactBase:
    """A company or a person, as `ContactBaseWrapper` writes it (no e-mail or phone).

    Attributes:
        id (int):
        small_foto_url (str): Always present: the photo handler's URL, from one format string, in mixed case with .NET's
            `True`/`False`:
            `<BaseAbsolutePath>HttpHandlers/filehandler.ashx?action=contactphotoulr&cid=<id>&isc=<True|False>&ps=1` (on a
            portal, `/Products/CRM/HttpHandlers/...`; `BaseAbsolutePath` keeps its case).
        medium_foto_url (str): Always present: the same handler URL with `ps=2`.
        display_name (str):
        is_company (bool):
        is_private (bool):
        is_shared (bool):
        share_type (ShareType): How a contact is shared. 0 = None, 1 = ReadWrite, 2 = Read.
        currency (CurrencyInfo | None): The contact's currency, or `null` when it has none.
        can_edit (bool):
        can_delete (bool): Always `false` in this list on v12.7.1, where the assignment is commented out; older sources
            set it from `CRMSecurity.CanDelete`, so a client must not rely on either.
        access_list (list[Employee] | Unset): The users who may see a private contact; present only when `isPrivate`.
    """

    id: int
    small_foto_url: str
    medium_foto_url: str
    display_name: str
    is_company: bool
    is_private: bool
    is_shared: bool
    share_type: ShareType
    currency: CurrencyInfo | None
    can_edit: bool
    can_delete: bool
    access_list: list[Employee] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        small_foto_url = self.small_foto_url

        medium_foto_url = self.medium_foto_url

        display_name = self.display_name

        is_company = self.is_company

        is_private = self.is_private

        is_shared = self.is_shared

        share_type = self.share_type.value

        currency: dict[str, Any] | None
        if isinstance(self.currency, CurrencyInfo):
            currency = self.currency.to_dict()
        else:
            currency = self.currency

        can_edit = self.can_edit

        can_delete = self.can_delete

        access_list: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.access_list, Unset):
            access_list = []
            for access_list_item_data in self.access_list:
                access_list_item = access_list_item_data.to_dict()
                access_list.append(access_list_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "smallFotoUrl": small_foto_url,
                "mediumFotoUrl": medium_foto_url,
                "displayName": display_name,
                "isCompany": is_company,
                "isPrivate": is_private,
                "isShared": is_shared,
                "shareType": share_type,
                "currency": currency,
                "canEdit": can_edit,
                "canDelete": can_delete,
            }
        )
        if access_list is not UNSET:
            field_dict["accessList"] = access_list

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        id = src_dict["id"]

        small_foto_url = src_dict["smallFotoUrl"]

        medium_foto_url = src_dict["mediumFotoUrl"]

        display_name = src_dict["displayName"]

        is_company = src_dict["isCompany"]

        is_private = src_dict["isPrivate"]

        is_shared = src_dict["isShared"]

        share_type = parse_enum(ShareType, src_dict["shareType"])

        _currency_data = src_dict["currency"]
        currency: CurrencyInfo | None
        if _currency_data is None:
            currency = None
        elif isinstance(_currency_data, dict):
            try:
                currency = CurrencyInfo.from_dict(_currency_data)
            except (TypeError, ValueError, AttributeError, KeyError):
                currency = cast(CurrencyInfo | None, _currency_data)
        else:
            currency = cast(CurrencyInfo | None, _currency_data)

        can_edit = src_dict["canEdit"]

        can_delete = src_dict["canDelete"]

        _access_list = src_dict.get("accessList", UNSET)
        access_list: list[Employee] | Unset = UNSET
        if _access_list is not UNSET:
            access_list = []
            for access_list_item_data in _access_list:
                access_list_item = Employee.from_dict(access_list_item_data)

                access_list.append(access_list_item)

        contact_base = cls(
            id,
            small_foto_url,
            medium_foto_url,
            display_name,
            is_company,
            is_private,
            is_shared,
            share_type,
            currency,
            can_edit,
            can_delete,
            access_list=access_list,
        )

        # Only the keys the spec does not name. Every required key was read above, so the common case
        # (no other key) is a count.
        d = (
            {}
            if len(src_dict) == 11 + ("accessList" in src_dict)
            else {k: v for k, v in src_dict.items() if k not in _WIRE_KEYS}
        )

        contact_base.additional_properties = d
        return contact_base

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


from ..models.currency_info import CurrencyInfo
from ..models.employee import Employee
from ..types import parse_enum
