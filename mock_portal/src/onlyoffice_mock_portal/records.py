"""Invoices to seed a mock portal with, written as a person would: ``invoice(status="paid", cost=99)``.

:func:`invoice` returns a complete wire record (the shape a ``--data`` file and ``PortalControl.set_invoices``
take) for a typical invoice, the spec's example, with a unique id and number. Any wire field can be given by its
wire name; where a person would write a word or a plain value, that is taken too:

* ``status``: ``"paid"``, ``"billed"``... in any case (the words ``onlyoffice_crm`` accepts), an id, or the wire
  object;
* ``currency``: an abbreviation such as ``"EUR"`` (any case), or the wire object;
* ``issueDate``, ``dueDate``, ``createOn``: a ``datetime.date`` (local midnight), a ``datetime`` (naive: the
  portal's local time), text such as ``"2024-03-01"``, or the wire text;
* ``contact``, ``consignee``: ``None``, a contact id, a display name, or the wire object;
* ``entity``: ``None``, an opportunity id, an opportunity title, or the wire object;
* ``createBy``: an employee's display name, or the wire object;
* ``cost``, ``exchangeRate``: an int, a float, a ``Decimal`` or its text.

Values of the right kind are not checked here: ``set_invoices`` (or the ``--data`` file's loader) reports every
problem with its path.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
import uuid
from collections.abc import Callable
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from functools import cache
from itertools import count
from typing import Any, TypedDict, Unpack

from onlyoffice_crm import parse_status
from onlyoffice_crm_client.models import InvoiceStatusId

from .dataset import CURRENCIES, PORTAL, photo_url
from .fields import InvoiceField, field_named, invoice_example
from .spec_facts import spec_facts
from .wire import EPOCH, micros_to_wire

__all__ = ["InvoiceFields", "InvoiceRecords", "invoice"]

WireObject = dict[str, Any]
DateValue = dt.date | dt.datetime | str
Amount = int | float | Decimal | str


class InvoiceFields(TypedDict, total=False):
    """The fields :func:`invoice` takes, by wire name, each also as a person writes it (see the module)."""

    id: int
    status: InvoiceStatusId | str | int | WireObject
    number: str
    issueDate: DateValue
    templateType: int
    contact: int | str | WireObject | None
    consignee: int | str | WireObject | None
    entity: int | str | WireObject | None
    dueDate: DateValue
    language: str
    currency: str | WireObject
    exchangeRate: Amount
    purchaseOrderNumber: str
    terms: str
    description: str
    fileID: int
    createOn: DateValue
    createBy: str | WireObject
    cost: Amount
    canEdit: bool
    canDelete: bool


DEFAULT_CONTACT = "Northwind Traders"
FIRST_CONTACT_ID = 101
DUE_AFTER = dt.timedelta(days=30)
CREATED_AT = dt.timedelta(hours=10, minutes=42, seconds=7)
"""When on its issue day an invoice is created, unless ``createOn`` is given."""
_CURRENCY_CODE = re.compile(r"[A-Za-z]{3}")


class InvoiceRecords:
    """Makes invoice records for one portal: ids and numbers unique among those it made (unless given), one id
    per contact name and one name per contact id, dates written in the portal's time zone.

    Args:
        utc_offset_minutes: the portal's time zone (:attr:`PortalConfig.utc_offset_minutes`).
    """

    def __init__(self, utc_offset_minutes: int = 180) -> None:
        self._zone = dt.timezone(dt.timedelta(minutes=utc_offset_minutes))
        self._offset_minutes = utc_offset_minutes
        self._ids = count(1)
        self._used_ids: set[int] = set()
        self._contact_ids: dict[str, int] = {DEFAULT_CONTACT: FIRST_CONTACT_ID}
        self._contact_names: dict[int, str] = {FIRST_CONTACT_ID: DEFAULT_CONTACT}
        self._entity_ids: dict[str, int] = {}

    def __call__(self, **fields: Unpack[InvoiceFields]) -> dict[str, Any]:
        """A complete wire record of a typical invoice, with ``fields`` (wire names) instead of the defaults.

        Raises:
            TypeError: a name that is no wire field, or a value of a kind the field cannot take.
            ValueError: a word or text the field cannot read (an unknown status, a date that is none).
        """
        given: dict[str, Any] = dict(fields)
        table = field_named()
        unknown = sorted(set(given) - set(table))
        if unknown:
            raise TypeError(f"invoice() got an unknown field {unknown[0]!r}; the wire fields are {', '.join(table)}")
        invoice_id = given.get("id")
        if invoice_id is None:
            invoice_id = next(candidate for candidate in self._ids if candidate not in self._used_ids)
        if isinstance(invoice_id, int):
            self._used_ids.add(invoice_id)
        issued = self._moment("issueDate", given.get("issueDate", dt.date(2024, 1, 15)))
        day = dt.datetime.combine(issued.date(), dt.time(), self._zone)
        defaults = {
            **invoice_example(),
            "id": invoice_id,
            "number": f"INV-{invoice_id:06d}" if isinstance(invoice_id, int) else invoice_id,
            "issueDate": issued,
            "dueDate": day + DUE_AFTER,
            "createOn": day + CREATED_AT,
            "contact": DEFAULT_CONTACT,
        }
        return {
            field.name: self._written(field, given[field.name] if field.name in given else defaults.get(field.name))
            for field in table.values()
        }

    def _written(self, field: InvoiceField, value: object) -> Any:
        """The wire value of a field for what a person wrote (a fresh copy of an object)."""
        if field.kind == "date" and not (value is None and field.nullable):
            return self._wire(self._moment(field.name, value))
        if field.kind == "money":
            return _amount(field.name, value)
        if field.kind == "object" and field.schema == "ContactBase":
            return copy.deepcopy(self._contact(field.name, value))
        if field.kind == "object" and field.schema == "InvoiceEntity":
            return copy.deepcopy(self._entity(value))
        if field.kind == "object" and field.schema in _OBJECT_WORDS:
            return copy.deepcopy(_OBJECT_WORDS[field.schema](value))
        return copy.deepcopy(value)

    def _moment(self, name: str, value: object) -> dt.datetime:
        """An aware datetime in the portal's zone for what a person wrote."""
        if isinstance(value, str):
            try:
                value = dt.datetime.fromisoformat(value)
            except ValueError:
                raise ValueError(
                    f"{name}: {value!r} is not a date (give a date, a datetime, or text like 2024-03-01)"
                ) from None
        if isinstance(value, dt.datetime):
            return value.astimezone(self._zone) if value.tzinfo else value.replace(tzinfo=self._zone)
        if isinstance(value, dt.date):
            return dt.datetime.combine(value, dt.time(), self._zone)
        raise TypeError(f"{name}: expected a date, a datetime or text, got {type(value).__name__}")

    def _wire(self, moment: dt.datetime) -> str:
        micros = (moment.replace(tzinfo=None) - EPOCH - self._zone.utcoffset(None)) // dt.timedelta(microseconds=1)
        return micros_to_wire(micros, self._offset_minutes)

    def _contact(self, name: str, value: object) -> WireObject | None:
        if value is None or isinstance(value, dict):
            return value
        if isinstance(value, bool) or not isinstance(value, (int, str)):
            raise TypeError(f"{name}: expected None, a contact id, a name or a wire object, got {type(value).__name__}")
        if isinstance(value, int):
            contact_id = value
            display_name = self._contact_names.setdefault(contact_id, f"Contact {contact_id}")
        else:
            display_name = value
            contact_id = self._contact_ids.get(display_name) or max(self._contact_names) + 1
        self._contact_ids.setdefault(display_name, contact_id)
        self._contact_names.setdefault(contact_id, display_name)
        return {
            "id": contact_id,
            "smallFotoUrl": photo_url(contact_id, True, 1),
            "mediumFotoUrl": photo_url(contact_id, True, 2),
            "displayName": display_name,
            "isCompany": True,
            "isPrivate": False,
            "isShared": False,
            "shareType": 0,
            "currency": None,
            "canEdit": True,
            "canDelete": False,
        }

    def _entity(self, value: object) -> WireObject | None:
        if value is None or isinstance(value, dict):
            return value
        if isinstance(value, bool) or not isinstance(value, (int, str)):
            raise TypeError(f"entity: expected None, an opportunity id, a title or a wire object, got "
                            f"{type(value).__name__}")  # fmt: skip
        if isinstance(value, int):
            return {"entityType": "opportunity", "entityId": value, "entityTitle": f"Opportunity {value}"}
        entity_id = self._entity_ids.setdefault(value, len(self._entity_ids) + 1)
        return {"entityType": "opportunity", "entityId": entity_id, "entityTitle": value}


def invoice(**fields: Unpack[InvoiceFields]) -> dict[str, Any]:
    """A complete wire record of a typical invoice, ``fields`` (wire names, or values as a person writes them)
    instead of the defaults; ids and numbers are unique within the process, dates in the default time zone
    (UTC+03:00). Use :class:`InvoiceRecords` (or the pytest fixture's ``invoice``) for another time zone."""
    return _default_records()(**fields)


@cache
def _default_records() -> InvoiceRecords:
    """The builder of :func:`invoice`: one per process, made on first use."""
    return InvoiceRecords()


def _status(value: object) -> WireObject:
    if isinstance(value, dict):
        return value
    status = parse_status(value)
    titles = spec_facts().status_titles
    if status is None or int(status) not in titles:
        known = ", ".join(f"{title}({status_id})" for status_id, title in titles.items())
        raise ValueError(f"status: {value!r} is not a status a portal writes (one of {known})")
    return {"id": int(status), "title": titles[int(status)]}


def _currency(value: object) -> WireObject:
    """The mock's currency of an abbreviation (any case); another one is refused, as a real portal refuses to
    store an invoice in a currency it does not know (and would break every page holding one): its wire object
    is taken as given, for testing a client against such a page."""
    if isinstance(value, dict):
        return value
    if not isinstance(value, str) or not _CURRENCY_CODE.fullmatch(value.strip()):
        raise ValueError(f"currency: expected an abbreviation such as 'EUR' or a wire object, got {value!r}")
    code = value.strip().upper()
    for known in CURRENCIES:
        if known["abbreviation"] == code:
            return dict(known)
    codes = ", ".join(known["abbreviation"] for known in CURRENCIES)
    raise ValueError(f"currency: {value!r} is not a currency the mock portal knows (one of {codes}); give the wire "
                     "object for another")  # fmt: skip


CENT = Decimal("0.01")


def _amount(name: str, value: object) -> object:
    """A JSON number for an amount written as an int, float, Decimal or text, refused when it has more than two
    decimals (the portal keeps amounts to the cent: ``1.005`` would be served as ``1.00``) or is not finite.
    Other kinds are left for the record's validation to report."""
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal, str)):
        return value
    try:
        # A float's shortest repr is what the person wrote (1.005, not 1.00499999999999989...).
        amount = Decimal(repr(value)) if isinstance(value, float) else Decimal(str(value).strip())
    except InvalidOperation:
        raise ValueError(f"{name}: {value!r} is not an amount") from None
    if not amount.is_finite():
        raise ValueError(f"{name}: {value!r} is not an amount (not finite)")
    if amount != amount.quantize(CENT, rounding=ROUND_HALF_EVEN):
        raise ValueError(f"{name}: {value!r} has more than two decimals; the portal keeps amounts to the cent")
    return value if isinstance(value, int) else float(amount)


def _employee(value: object) -> WireObject:
    if isinstance(value, dict):
        return value
    if not isinstance(value, str):
        raise TypeError(f"createBy: expected a display name or a wire object, got {type(value).__name__}")
    login = ".".join(value.lower().split())
    return {
        "id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"{PORTAL}/{login}")),
        "displayName": value,
        "avatarSmall": "/skins/default/images/default_user_photo_size_32-32.png",
        "profileUrl": f"{PORTAL}/Products/People/Profile.aspx?user={login}",
    }


_OBJECT_WORDS: dict[str, Callable[[object], WireObject]] = {
    "InvoiceStatus": _status,
    "CurrencyInfo": _currency,
    "Employee": _employee,
}
"""Component -> the reader of the words a person writes for such an object (besides the wire object)."""
