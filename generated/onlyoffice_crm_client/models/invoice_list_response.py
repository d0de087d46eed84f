from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="InvoiceListResponse")
_WIRE_KEYS = frozenset(
    (
        "total",
        "status",
        "statusCode",
        "response",
        "count",
        "startIndex",
        "nextIndex",
    )
)


@_attrs_define
class InvoiceListResponse:
    """The portal's list envelope around the invoices.

    Attributes:
        total (int): The number of invoices matching the filters, over all pages, when the page is full (the server's
            count query). When the page is not full the server writes `startIndex + returned` instead, so a `startIndex`
            past the end gives `total = startIndex`; in the in-memory sort path it is `startIndex + matches`. The count
            query is cached for 30 s per tenant, user and search text (not per filter), so a full page's `total` can be
            stale, or another filter's. For a caller who is not an administrator, a full page's `total` also counts the
            invoices hidden from them (the count subtracts only private invoices, and none are ever private), while the last
            page's is the visible `startIndex + returned`: `total` shrinks on the last page, and only that one is exact.
        status (Literal[0]): 0 for success.
        status_code (Literal[200]): Mirrors the HTTP status code.
        response (list[Invoice]):
        count (int | Unset): The number of invoices in `response`; omitted when 0. With `count=0` in the request it is 1
            (see the `count` parameter).
        start_index (int | Unset): The `startIndex` of the request; omitted when 0.
        next_index (int | Unset): Present only when more pages exist. Off by one on the server (it skips an invoice);
            page with `startIndex + count` instead.
    """

    total: int
    status: Literal[0]
    status_code: Literal[200]
    response: list[Invoice]
    count: int | Unset = UNSET
    start_index: int | Unset = UNSET
    next_index: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        total = self.total

        status = self.status

        status_code = self.status_code

        response = []
        for response_item_data in self.response:
            response_item = response_item_data.to_dict()
            response.append(response_item)

        count = self.count

        start_index = self.start_index

        next_index = self.next_index

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "total": total,
                "status": status,
                "statusCode": status_code,
                "response": response,
            }
        )
        if count is not UNSET:
            field_dict["count"] = count
        if start_index is not UNSET:
            field_dict["startIndex"] = start_index
        if next_index is not UNSET:
            field_dict["nextIndex"] = next_index

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        total = src_dict["total"]

        status = cast(Literal[0], src_dict["status"])
        if status != 0:
            raise ValueError(f"status must match const 0, got '{status}'")

        status_code = cast(Literal[200], src_dict["statusCode"])
        if status_code != 200:
            raise ValueError(f"statusCode must match const 200, got '{status_code}'")

        response = []
        _response = src_dict["response"]
        for response_item_data in _response:
            response_item = Invoice.from_dict(response_item_data)

            response.append(response_item)

        count = src_dict.get("count", UNSET)

        start_index = src_dict.get("startIndex", UNSET)

        next_index = src_dict.get("nextIndex", UNSET)

        invoice_list_response = cls(
            total,
            status,
            status_code,
            response,
            count=count,
            start_index=start_index,
            next_index=next_index,
        )

        # Only the keys the spec does not name. Every required key was read above, so the common case
        # (no other key) is a count.
        d = (
            {}
            if len(src_dict) == 4 + ("count" in src_dict) + ("startIndex" in src_dict) + ("nextIndex" in src_dict)
            else {k: v for k, v in src_dict.items() if k not in _WIRE_KEYS}
        )

        invoice_list_response.additional_properties = d
        return invoice_list_response

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


from ..models.invoice import Invoice
