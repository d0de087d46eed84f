from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="AuthenticationResponse")
_WIRE_KEYS = frozenset(
    (
        "response",
        "status",
        "statusCode",
        "count",
    )
)


@_attrs_define
class AuthenticationResponse:
    """
    Attributes:
        response (AuthenticationToken): A token and its expiry, or, with two-factor authentication on, `"token": null`
            with `sms` or `tfa`, `phoneNoise` and `tfaKey`. An answer that needs the authenticator app (`tfa`) has no
            `expires` (`EmitDefaultValue=false`); one with an SMS code sent to an activated phone has it; one asking for a
            phone first has only `token` and `sms`.
        status (Literal[0]):
        status_code (Literal[201]):
        count (int | Unset):
    """

    response: AuthenticationToken
    status: Literal[0]
    status_code: Literal[201]
    count: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        response = self.response.to_dict()

        status = self.status

        status_code = self.status_code

        count = self.count

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "response": response,
                "status": status,
                "statusCode": status_code,
            }
        )
        if count is not UNSET:
            field_dict["count"] = count

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        response = AuthenticationToken.from_dict(src_dict["response"])

        status = cast(Literal[0], src_dict["status"])
        if status != 0:
            raise ValueError(f"status must match const 0, got '{status}'")

        status_code = cast(Literal[201], src_dict["statusCode"])
        if status_code != 201:
            raise ValueError(f"statusCode must match const 201, got '{status_code}'")

        count = src_dict.get("count", UNSET)

        authentication_response = cls(
            response,
            status,
            status_code,
            count=count,
        )

        # Only the keys the spec does not name. Every required key was read above, so the common case
        # (no other key) is a count.
        d = (
            {}
            if len(src_dict) == 3 + ("count" in src_dict)
            else {k: v for k, v in src_dict.items() if k not in _WIRE_KEYS}
        )

        authentication_response.additional_properties = d
        return authentication_response

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


from ..models.authentication_token import AuthenticationToken
