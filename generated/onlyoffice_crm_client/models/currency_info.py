from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="CurrencyInfo")
_WIRE_KEYS = frozenset(
    (
        "title",
        "symbol",
        "abbreviation",
        "cultureName",
        "isConvertable",
        "isBasic",
    )
)


@_attrs_define
class CurrencyInfo:
    """
    Attributes:
        title (str):
        symbol (str):
        abbreviation (str):
        culture_name (str):
        is_convertable (bool):
        is_basic (bool):
    """

    title: str
    symbol: str
    abbreviation: str
    culture_name: str
    is_convertable: bool
    is_basic: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        title = self.title

        symbol = self.symbol

        abbreviation = self.abbreviation

        culture_name = self.culture_name

        is_convertable = self.is_convertable

        is_basic = self.is_basic

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "title": title,
                "symbol": symbol,
                "abbreviation": abbreviation,
                "cultureName": culture_name,
                "isConvertable": is_convertable,
                "isBasic": is_basic,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        title = src_dict["title"]

        symbol = src_dict["symbol"]

        abbreviation = src_dict["abbreviation"]

        culture_name = src_dict["cultureName"]

        is_convertable = src_dict["isConvertable"]

        is_basic = src_dict["isBasic"]

        currency_info = cls(
            title,
            symbol,
            abbreviation,
            culture_name,
            is_convertable,
            is_basic,
        )

        # Only the keys the spec does not name. Every required key was read above, so the common case
        # (no other key) is a count.
        d = {} if len(src_dict) == 6 else {k: v for k, v in src_dict.items() if k not in _WIRE_KEYS}

        currency_info.additional_properties = d
        return currency_info

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
