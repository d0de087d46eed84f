from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.template_type import TemplateType

T = TypeVar("T", bound="Invoice")
_WIRE_KEYS = frozenset(
    (
        "id",
        "status",
        "number",
        "issueDate",
        "templateType",
        "contact",
        "consignee",
        "entity",
        "dueDate",
        "language",
        "currency",
        "exchangeRate",
        "purchaseOrderNumber",
        "terms",
        "description",
        "fileID",
        "createOn",
        "createBy",
        "cost",
        "canEdit",
        "canDelete",
    )
)


@_attrs_define
class Invoice:
    """An invoice without its lines (`InvoiceWrapper`).

    Attributes:
        id (int): Page key `ID`.
        status (InvoiceStatus):
        number (str):
        issue_date (datetime.datetime): An invoice's own date (`issueDate`, `dueDate`, `createOn`), as `WireDateTime`
            but always in whole seconds (`.0000000`): the columns are `datetime` without fractions and the DAO round-trips
            each value through `DateTime.ToString()`. The offset is the one in force on that date in the portal's time zone,
            so it changes across daylight saving within one page.
        template_type (TemplateType): The invoice template. 0 = Eur, 1 = Rus.
        contact (ContactBase | None): The invoice's contact; `null` only when the contact row is gone, which only an
            administrator ever sees (so a `null` contact comes with `canDelete: true`). An invoice whose contact the caller
            may not see is left out of the list, not sent with a `null` contact (`CRMSecurity.FilterRead` drops it), and
            contacts that have invoices cannot be deleted through the API.
        consignee (ContactBase | None): The consignee; `null` when there is none.
        entity (InvoiceEntity | None): The linked entity; `null` when none (only opportunities resolve), and also when
            the opportunity is private and hidden from the caller (`DealDao.GetDeals` filters with `CanAccessTo`).
        due_date (datetime.datetime): An invoice's own date (`issueDate`, `dueDate`, `createOn`), as `WireDateTime` but
            always in whole seconds (`.0000000`): the columns are `datetime` without fractions and the DAO round-trips each
            value through `DateTime.ToString()`. The offset is the one in force on that date in the portal's time zone, so
            it changes across daylight saving within one page.
        language (str): The culture of the invoice, e.g. `en-US`.
        currency (CurrencyInfo):
        exchange_rate (float): A decimal amount; the server writes two decimal places (`1.00`, `1250.50`), except `cost`
            of an invoice without lines, which is `0.0`. Compare amounts by value; read them as decimals, not floats, to sum
            them exactly.
        purchase_order_number (str):
        terms (str):
        description (str):
        file_id (int): The id of the invoice's PDF file; -1 when there is none. Page key `FileID`.
        create_on (datetime.datetime): An invoice's own date (`issueDate`, `dueDate`, `createOn`), as `WireDateTime` but
            always in whole seconds (`.0000000`): the columns are `datetime` without fractions and the DAO round-trips each
            value through `DateTime.ToString()`. The offset is the one in force on that date in the portal's time zone, so
            it changes across daylight saving within one page.
        create_by (Employee): A portal user (`EmployeeWraper`).
        cost (float): A decimal amount; the server writes two decimal places (`1.00`, `1250.50`), except `cost` of an
            invoice without lines, which is `0.0`. Compare amounts by value; read them as decimals, not floats, to sum them
            exactly.
        can_edit (bool): `canDelete` and a draft: only drafts are ever editable, by an administrator or the invoice's
            creator (`canEdit == (canDelete && status.id == 1)` always holds).
        can_delete (bool): True for an administrator (every invoice) and for the invoice's creator.
    """

    id: int
    status: InvoiceStatus
    number: str
    issue_date: datetime.datetime
    template_type: TemplateType
    contact: ContactBase | None
    consignee: ContactBase | None
    entity: InvoiceEntity | None
    due_date: datetime.datetime
    language: str
    currency: CurrencyInfo
    exchange_rate: float
    purchase_order_number: str
    terms: str
    description: str
    file_id: int
    create_on: datetime.datetime
    create_by: Employee
    cost: float
    can_edit: bool
    can_delete: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        status = self.status.to_dict()

        number = self.number

        from onlyoffice_crm_client.types import serialize_datetime

        issue_date = serialize_datetime(self.issue_date)

        template_type = self.template_type.value

        contact: dict[str, Any] | None
        if isinstance(self.contact, ContactBase):
            contact = self.contact.to_dict()
        else:
            contact = self.contact

        consignee: dict[str, Any] | None
        if isinstance(self.consignee, ContactBase):
            consignee = self.consignee.to_dict()
        else:
            consignee = self.consignee

        entity: dict[str, Any] | None
        if isinstance(self.entity, InvoiceEntity):
            entity = self.entity.to_dict()
        else:
            entity = self.entity

        from onlyoffice_crm_client.types import serialize_datetime

        due_date = serialize_datetime(self.due_date)

        language = self.language

        currency = self.currency.to_dict()

        exchange_rate = self.exchange_rate

        purchase_order_number = self.purchase_order_number

        terms = self.terms

        description = self.description

        file_id = self.file_id

        from onlyoffice_crm_client.types import serialize_datetime

        create_on = serialize_datetime(self.create_on)

        create_by = self.create_by.to_dict()

        cost = self.cost

        can_edit = self.can_edit

        can_delete = self.can_delete

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "status": status,
                "number": number,
                "issueDate": issue_date,
                "templateType": template_type,
                "contact": contact,
                "consignee": consignee,
                "entity": entity,
                "dueDate": due_date,
                "language": language,
                "currency": currency,
                "exchangeRate": exchange_rate,
                "purchaseOrderNumber": purchase_order_number,
                "terms": terms,
                "description": description,
                "fileID": file_id,
                "createOn": create_on,
                "createBy": create_by,
                "cost": cost,
                "canEdit": can_edit,
                "canDelete": can_delete,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        id = src_dict["id"]

        status = InvoiceStatus.from_dict(src_dict["status"])

        number = src_dict["number"]

        issue_date = datetime.datetime.fromisoformat(src_dict["issueDate"])

        template_type = parse_enum(TemplateType, src_dict["templateType"])

        _contact_data = src_dict["contact"]
        contact: ContactBase | None
        if _contact_data is None:
            contact = None
        elif isinstance(_contact_data, dict):
            try:
                contact = ContactBase.from_dict(_contact_data)
            except (TypeError, ValueError, AttributeError, KeyError):
                contact = cast(ContactBase | None, _contact_data)
        else:
            contact = cast(ContactBase | None, _contact_data)

        _consignee_data = src_dict["consignee"]
        consignee: ContactBase | None
        if _consignee_data is None:
            consignee = None
        elif isinstance(_consignee_data, dict):
            try:
                consignee = ContactBase.from_dict(_consignee_data)
            except (TypeError, ValueError, AttributeError, KeyError):
                consignee = cast(ContactBase | None, _consignee_data)
        else:
            consignee = cast(ContactBase | None, _consignee_data)

        _entity_data = src_dict["entity"]
        entity: InvoiceEntity | None
        if _entity_data is None:
            entity = None
        elif isinstance(_entity_data, dict):
            try:
                entity = InvoiceEntity.from_dict(_entity_data)
            except (TypeError, ValueError, AttributeError, KeyError):
                entity = cast(InvoiceEntity | None, _entity_data)
        else:
            entity = cast(InvoiceEntity | None, _entity_data)

        due_date = datetime.datetime.fromisoformat(src_dict["dueDate"])

        language = src_dict["language"]

        currency = CurrencyInfo.from_dict(src_dict["currency"])

        exchange_rate = src_dict["exchangeRate"]

        purchase_order_number = src_dict["purchaseOrderNumber"]

        terms = src_dict["terms"]

        description = src_dict["description"]

        file_id = src_dict["fileID"]

        create_on = datetime.datetime.fromisoformat(src_dict["createOn"])

        create_by = Employee.from_dict(src_dict["createBy"])

        cost = src_dict["cost"]

        can_edit = src_dict["canEdit"]

        can_delete = src_dict["canDelete"]

        invoice = cls(
            id,
            status,
            number,
            issue_date,
            template_type,
            contact,
            consignee,
            entity,
            due_date,
            language,
            currency,
            exchange_rate,
            purchase_order_number,
            terms,
            description,
            file_id,
            create_on,
            create_by,
            cost,
            can_edit,
            can_delete,
        )

        # Only the keys the spec does not name. Every required key was read above, so the common case
        # (no other key) is a count.
        d = {} if len(src_dict) == 21 else {k: v for k, v in src_dict.items() if k not in _WIRE_KEYS}

        invoice.additional_properties = d
        return invoice

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


from ..models.contact_base import ContactBase
from ..models.currency_info import CurrencyInfo
from ..models.employee import Employee
from ..models.invoice_entity import InvoiceEntity
from ..models.invoice_status import InvoiceStatus
from ..types import parse_enum
