"""Whom the portal's token belongs to, and what that caller sees (the spec's ``x-caller-roles``).

* ``admin``: a CRM administrator (the default): every matching invoice (``InvoiceDao.cs:171-184``), every
  contact (``CRMSecutiry.cs:271-277``), ``canDelete`` everywhere.
* ``user``: a CRM user who may not see every contact. ``CRMSecurity.FilterRead`` (``CRMSecutiry.cs:875-900``)
  drops each invoice whose contact the caller may not see, and each whose contact row is gone (a stored
  contact id that ``ContactDao.GetContacts`` no longer finds). The server would keep an invoice with no contact
  id at all (0), but cannot create one (``CRMSecutiry.cs:742``), so every ``null`` contact of the data is taken
  for a row that is gone (also in a data file, which cannot tell the two apart).
  A contact is hidden from the caller when it is private (``isPrivate``) and the caller is not on its
  ``accessList``: the server's ``CanAccessTo`` (``CRMSecutiry.cs:271-277``) lets anyone see a contact shared
  for reading or writing, and a private contact (``IsPrivate`` is ``ShareType.None``, ``:519-522``) only to
  those on its access list.
* ``guest``: a visitor: 403 in the error envelope once the parameters are bound (``ProductSecurityFilter.cs
  :76-137``, ``WebItemSecurity.cs:102-107``; ``ApiManager.cs:66,80`` binds first).

The caller is an employee: the first row of the ``createBy`` table of the data (in seeded data the employee
the generator puts on access lists as the caller, ``dataset.CALLER``; in a data file the first creator seen).
``canDelete`` is true for an administrator or the invoice's creator, ``canEdit`` is ``canDelete`` for drafts
(``CRMSecutiry.cs:452-455,479-482``), for every role.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

import numpy as np
import numpy.typing as npt

import onlyoffice_crm_spec as spec

from .columns import SharedTable
from .errors import ApiError
from .fields import field_named

if TYPE_CHECKING:
    from .columns import InvoiceData
    from .zone import PortalZone

Role = Literal["admin", "user", "guest"]
ROLES: tuple[Role, ...] = ("admin", "user", "guest")
"""The roles the mock answers as; :func:`unhandled_caller_roles` compares them with the spec's."""
CALLER_ROLES_KEY = "x-caller-roles"
DRAFT = 1
E_FAIL = -2147467259
"""``HttpException`` is an ``ExternalException``: hresult ``E_FAIL`` (``ApiHttpHandler.cs:90-93``)."""
FORBIDDEN = ApiError(403, "Forbidden", E_FAIL)
CALLER_ROW = 0
"""The row of the ``createBy`` table that is the caller."""

Bools = npt.NDArray[np.bool_]
Rows = npt.NDArray[np.int64]


def spec_caller_roles() -> tuple[str, ...]:
    """The role names of the spec's ``x-caller-roles`` on the filter operation, in spec order."""
    roles = spec.operation(spec.FILTER_PATH, "get").get(CALLER_ROLES_KEY, {})
    return tuple(roles)


def unhandled_caller_roles() -> list[str]:
    """One line per role of the spec the mock does not answer as, and per role it has that the spec lacks."""
    home = "the mock portal (onlyoffice_mock_portal/caller.py)"
    named = spec_caller_roles()
    return [f"spec caller role `{role}` ({CALLER_ROLES_KEY}): {home} does not answer as it"
            for role in named if role not in ROLES] + [
        f"{home} answers as the role `{role}`, which {CALLER_ROLES_KEY} in the spec lacks"
        for role in ROLES if role not in named]  # fmt: skip


def caller_id(data: InvoiceData) -> str | None:
    """The caller's employee id (the first ``createBy`` row's), None when the data has no creator."""
    creators = data.table("createBy").objects
    found = creators[CALLER_ROW].get("id") if creators and isinstance(creators[CALLER_ROW], dict) else None
    return found if isinstance(found, str) else None


def visible_contacts(data: InvoiceData) -> Bools:
    """Per row of the contact table: whether a ``user`` caller may see that contact."""
    me = caller_id(data)
    shown = []
    for contact in data.table("contact").objects:
        if not isinstance(contact, dict) or not contact.get("isPrivate"):
            shown.append(True)
            continue
        access = contact.get("accessList") or []
        shown.append(any(isinstance(person, dict) and person.get("id") == me for person in access))
    return np.array(shown, dtype=np.bool_)


def visible_invoices(data: InvoiceData) -> Bools:
    """Per position: whether the data's caller (:attr:`InvoiceData.role`) gets that invoice at all."""
    rows = data.columns["contact"].astype(np.int64)
    if data.role == "admin" or len(rows) == 0:
        return np.ones(len(rows), dtype=np.bool_)
    contacts = np.append(visible_contacts(data), False)  # a row of -1 (null): the contact row is gone
    shown: Bools = contacts[rows]
    return shown


def can_delete(data: InvoiceData, rows: Rows) -> Bools:
    """``CRMSecurity.CanDelete(Invoice)``: an administrator, or the invoice's creator."""
    if data.role == "admin":
        return np.ones(len(rows), dtype=np.bool_)
    creators: Bools = data.columns["createBy"][rows] == CALLER_ROW
    return creators


def can_edit(data: InvoiceData, rows: Rows) -> Bools:
    """``CRMSecurity.CanEdit(Invoice)``: ``canDelete`` and a draft."""
    drafts: Bools = data.status_ids[rows] == DRAFT
    return can_delete(data, rows) & drafts


PERMISSIONS = {"canEdit": can_edit, "canDelete": can_delete}
"""Fields the server computes for the caller (``InvoiceWrapper.cs:65-66``) rather than reads from the data."""


def deep_page_seconds(role: str, start_index: int, count: int, seconds_per_1000_rows: float, invoices: int) -> float:
    """The mock's stand-in for what a deep page costs a caller who is not an administrator: the server reads
    rows ``0 .. startIndex + count + 1`` (and more batches when some are hidden) to filter them in memory
    (``InvoiceDao.cs:186-237``), never more than the portal has, so the answer waits ``seconds_per_1000_rows``
    per 1000 of ``min(startIndex + count + 1, invoices)`` rows. An administrator's page is one
    ``LIMIT``/``OFFSET`` query: no wait."""
    if role == "admin" or seconds_per_1000_rows <= 0:
        return 0.0
    return seconds_per_1000_rows * min(start_index + count + 1, invoices) / 1000


def serve_as(data: InvoiceData, role: str, zone: PortalZone | None) -> InvoiceData:
    """``data`` as the portal's caller sees it, dates in ``zone`` (None: the data's fixed offset); for a caller
    who is not an administrator each contact's ``canEdit`` is theirs (:func:`contact_editable`)."""
    data.role = role
    data.zone = zone
    if role != "admin" and len(data.table("contact")):
        name = field_named()["contact"].table
        me = caller_id(data)
        data.tables[name] = SharedTable.of([contact_editable(contact, me) for contact in data.tables[name].objects])
    return data


def contact_editable(contact: object, me: str | None) -> object:
    """A contact as a caller who is not an administrator gets it: ``canEdit`` for a contact shared for writing
    or one whose access list names them (``CRMSecutiry.cs:436-439``, ``ContactWrapper.cs:441``)."""
    if not isinstance(contact, dict) or "canEdit" not in contact:
        return contact
    listed = any(isinstance(person, dict) and person.get("id") == me for person in contact.get("accessList") or [])
    return {**contact, "canEdit": contact.get("shareType") == 1 or listed}
