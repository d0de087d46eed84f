from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ErrorResponse")
_WIRE_KEYS = frozenset(
    (
        "status",
        "statusCode",
        "error",
        "startIndex",
    )
)


@_attrs_define
class ErrorResponse:
    """The portal's error envelope.

    Attributes:
        status (Literal[1]): 1 for an error.
        status_code (int): Mirrors the HTTP status code.
        error (ErrorDetail):
        start_index (int | Unset): The request's `startIndex`, kept when the request had one.
    """

    status: Literal[1]
    status_code: int
    error: ErrorDetail
    start_index: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        status = self.status

        status_code = self.status_code

        error = self.error.to_dict()

        start_index = self.start_index

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "status": status,
                "statusCode": status_code,
                "error": error,
            }
        )
        if start_index is not UNSET:
            field_dict["startIndex"] = start_index

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        status = cast(Literal[1], src_dict["status"])
        if status != 1:
            raise ValueError(f"status must match const 1, got '{status}'")

        status_code = src_dict["statusCode"]

        error = ErrorDetail.from_dict(src_dict["error"])

        start_index = src_dict.get("startIndex", UNSET)

        error_response = cls(
            status,
            status_code,
            error,
            start_index=start_index,
        )

        # Only the keys the spec does not name. Every required key was read above, so the common case
        # (no other key) is a count.
        d = (
            {}
            if len(src_dict) == 3 + ("startIndex" in src_dict)
            else {k: v for k, v in src_dict.items() if k not in _WIRE_KEYS}
        )

        error_response.additional_properties = d
        return error_response

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


from ..models.error_detail import ErrorDetail
