from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="AuthenticationToken")
_WIRE_KEYS = frozenset(
    (
        "token",
        "expires",
        "sms",
        "tfa",
        "phoneNoise",
        "tfaKey",
    )
)


@_attrs_define
class AuthenticationToken:
    """A token and its expiry, or, with two-factor authentication on, `"token": null` with `sms` or `tfa`, `phoneNoise` and
    `tfaKey`. An answer that needs the authenticator app (`tfa`) has no `expires` (`EmitDefaultValue=false`); one with
    an SMS code sent to an activated phone has it; one asking for a phone first has only `token` and `sms`.

        Attributes:
            token (None | str | Unset): The token; `null` while a second factor is required.
            expires (datetime.datetime | Unset): A date as the server writes it: the portal's local clock time with exactly
                7 fractional digits, then `Z` for a zero offset or `±hh:mm`.
            sms (bool | Unset): A code was sent by SMS; no token yet.
            tfa (bool | Unset): An authenticator code is required; no token yet.
            phone_noise (str | Unset): The masked phone number the SMS code went to.
            tfa_key (str | Unset): The key to set up an authenticator app, on first use.
    """

    token: None | str | Unset = UNSET
    expires: datetime.datetime | Unset = UNSET
    sms: bool | Unset = UNSET
    tfa: bool | Unset = UNSET
    phone_noise: str | Unset = UNSET
    tfa_key: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        token: None | str | Unset
        if isinstance(self.token, Unset):
            token = UNSET
        else:
            token = self.token

        from onlyoffice_crm_client.types import serialize_datetime

        expires: str | Unset = UNSET
        if not isinstance(self.expires, Unset):
            expires = serialize_datetime(self.expires)

        sms = self.sms

        tfa = self.tfa

        phone_noise = self.phone_noise

        tfa_key = self.tfa_key

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
        if phone_noise is not UNSET:
            field_dict["phoneNoise"] = phone_noise
        if tfa_key is not UNSET:
            field_dict["tfaKey"] = tfa_key

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        def _parse_token(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        token = _parse_token(src_dict.get("token", UNSET))

        _expires = src_dict.get("expires", UNSET)
        expires: datetime.datetime | Unset
        if isinstance(_expires, Unset):
            expires = UNSET
        else:
            expires = datetime.datetime.fromisoformat(_expires)

        sms = src_dict.get("sms", UNSET)

        tfa = src_dict.get("tfa", UNSET)

        phone_noise = src_dict.get("phoneNoise", UNSET)

        tfa_key = src_dict.get("tfaKey", UNSET)

        authentication_token = cls(
            token=token,
            expires=expires,
            sms=sms,
            tfa=tfa,
            phone_noise=phone_noise,
            tfa_key=tfa_key,
        )

        # Only the keys the spec does not name. Every required key was read above, so the common case
        # (no other key) is a count.
        d = (
            {}
            if len(src_dict)
            == 0
            + ("token" in src_dict)
            + ("expires" in src_dict)
            + ("sms" in src_dict)
            + ("tfa" in src_dict)
            + ("phoneNoise" in src_dict)
            + ("tfaKey" in src_dict)
            else {k: v for k, v in src_dict.items() if k not in _WIRE_KEYS}
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
