from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="AuthenticationToken")


@_attrs_define
class AuthenticationToken:
    """A token and its expiry, or (with two-factor authentication on) `sms` or `tfa`.

    Attributes:
        token (str | Unset):
        expires (datetime.datetime | Unset): A date as the server writes it: the portal's local clock time with exactly
            7 fractional digits, then `Z` for a zero offset or `±hh:mm`.
        sms (bool | Unset): A code was sent by SMS; no token yet.
        tfa (bool | Unset): An authenticator code is required; no token yet.
    """

    token: str | Unset = UNSET
    expires: datetime.datetime | Unset = UNSET
    sms: bool | Unset = UNSET
    tfa: bool | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        token = self.token

        from onlyoffice_crm_client.types import serialize_datetime

        expires: str | Unset = UNSET
        if not isinstance(self.expires, Unset):
            expires = serialize_datetime(self.expires)

        sms = self.sms

        tfa = self.tfa

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if token is not UNSET:
            field_dict["token"] = token
        if expires is not UNSET:
            field_dict["expires"] = expires
        if sms is not UNSET:
            field_dict["sms"] = sms
        if tfa is not UNSET:
            field_dict["tfa"] = tfa

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        token = d.pop("token", UNSET)

        _expires = d.pop("expires", UNSET)
        expires: datetime.datetime | Unset
        if isinstance(_expires, Unset):
            expires = UNSET
        else:
            expires = datetime.datetime.fromisoformat(_expires)

        sms = d.pop("sms", UNSET)

        tfa = d.pop("tfa", UNSET)

        authentication_token = cls(
            token=token,
            expires=expires,
            sms=sms,
            tfa=tfa,
        )

        authentication_token.additional_properties = d
        return authentication_token

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
