"""Whom the run's token belongs to, and which checks that caller makes possible (the spec's ``x-caller-roles``).

What the filter answers depends on its caller (third reading 3.10, 3.11, 4.6, 4.9, 5.13; ``InvoiceDao.cs:187-238``,
``CRMSecutiry.cs:875-900``): an administrator sees every invoice, and ``canDelete`` is true on each; a user gets
only the invoices whose contact it may see, ``canDelete`` only on those it created, a full page's ``total`` still
counting the hidden ones, and ``[]`` for an in-memory sort as soon as one match is hidden; a guest gets the 403
envelope for every read whose parameters bind. ``canEdit`` is ``canDelete`` on drafts, and false otherwise, for
every caller.

The role is given (``--role``) or inferred from one read the suite makes anyway (the whole result in number
order): a 403 envelope means a guest; an invoice with ``canDelete`` false proves a caller who is not an
administrator; ``canDelete`` true on every invoice read is what an administrator sees (or a user who created
them all: the role is then "inferred", and the checks that only an administrator passes may fail for such a
user's portal only when it hides invoices, which an administrator's never does).

A check the role makes impossible is skipped with a reason that starts with ``impossible for`` (the interface's
:data:`IMPOSSIBLE_FOR_ROLE`): the runner lists it as impossible for that role, not as a gap or a failure.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NoReturn

import httpx
import pytest

import onlyoffice_crm_spec as spec
from onlyoffice_crm_client import AuthenticatedClient
from onlyoffice_crm_client.models import InvoiceSortBy, InvoiceStatusId, SortOrder

from ..interface import AUTO_ROLE, CALLER_ROLES, IMPOSSIBLE_FOR_ROLE, ROLE_ARTICLES
from .explicit_cases import parameter_item, sort_item, status_item
from .properties import Filters, fetch
from .reference import Check, Reference, page_maximum

DRAFT = int(InvoiceStatusId.DRAFT)
"""The status id of a draft: the only status in which an invoice can be edited."""


@dataclass(frozen=True)
class CallerRole:
    """The run's caller: its role and how the suite knows it."""

    name: str
    """``admin``, ``user`` or ``guest``."""
    how: str
    """``given by --role``, or what the role was inferred from."""
    inferred: bool

    @property
    def sees_every_invoice(self) -> bool:
        """An administrator's answers hide nothing: totals equal walks, in-memory sorts are complete."""
        return self.name == "admin"

    @property
    def reads_invoices(self) -> bool:
        """Anyone but a guest is answered with invoices."""
        return self.name != "guest"

    def describe(self) -> str:
        """``user (inferred from canDelete false on invoice 12)``."""
        return f"{self.name} ({self.how})"

    def impossible(self, why: str) -> NoReturn:
        """Skip the calling check: this role makes it impossible (``impossible for a user: <why>``)."""
        pytest.skip(f"{IMPOSSIBLE_FOR_ROLE}{ROLE_ARTICLES[self.name]}: {why}")

    def require_invoices(self, check: str) -> None:
        """Skip ``check`` for a guest, who is never answered with an invoice."""
        if not self.reads_invoices:
            self.impossible(f"{check} needs invoices, and every read of a guest is answered 403")

    def require_everything_visible(self, check: str) -> None:
        """Skip ``check`` for a caller from whom the portal may hide invoices."""
        self.require_invoices(check)
        if not self.sees_every_invoice:
            self.impossible(f"{check} holds only for a caller who sees every invoice (an admin)")


def is_forbidden_envelope(response: httpx.Response) -> bool:
    """A 403 with the server's JSON error envelope (``statusCode`` 403): what a guest's every read gets."""
    if response.status_code != 403:
        return False
    try:
        document = response.json()
    except ValueError:
        return False
    return isinstance(document, dict) and document.get("statusCode") == 403


def _invoices(response: httpx.Response) -> list[dict[str, Any]]:
    """The invoices of a 200 answer (``[]`` for any other, or one that is not an invoice list)."""
    if response.status_code != 200:
        return []
    try:
        document = response.json()
    except ValueError:
        return []
    found = document.get("response") if isinstance(document, dict) else None
    return [invoice for invoice in found if isinstance(invoice, dict)] if isinstance(found, list) else []


def infer_role(response: httpx.Response) -> CallerRole:
    """The role an answer of the filter shows (one read of the whole result, ``first_read``)."""
    if is_forbidden_envelope(response):
        return CallerRole("guest", "inferred from the 403 envelope on the first read", inferred=True)
    invoices = _invoices(response)
    refused = next((invoice for invoice in invoices if invoice.get("canDelete") is False), None)
    if refused is not None:
        return CallerRole("user", f"inferred from canDelete false on invoice {refused.get('id')}", inferred=True)
    if not invoices:
        return CallerRole("admin", "inferred: the portal answered no invoice to tell by; assumed admin", True)
    return CallerRole("admin", f"inferred from canDelete true on all {len(invoices)} invoices read", inferred=True)


def first_read(client: AuthenticatedClient) -> httpx.Response:
    """The suite's usual first read: the whole result in number order, one request of the page maximum."""
    return client.get_httpx_client().get(spec.FILTER_PATH, params={"count": page_maximum()})


def resolve_caller_role(given: str, client: AuthenticatedClient) -> CallerRole:
    """The role given to the run, else the one its first read shows."""
    if given in CALLER_ROLES:
        return CallerRole(given, "given by --role", inferred=False)
    if given != AUTO_ROLE:
        raise ValueError(f"a caller role is one of {', '.join(CALLER_ROLES)} or {AUTO_ROLE}, not {given!r}")
    return infer_role(first_read(client))


def role_contradictions(role: CallerRole, response: httpx.Response) -> list[str]:
    """What a read of the filter shows against the role the run was given (an inferred role agrees by making)."""
    if role.inferred:
        return []
    shown = infer_role(response)
    if role.name == "guest":
        return [] if shown.name == "guest" else [f"given guest, but the filter answered {response.status_code}"]
    if shown.name == "guest":
        return [f"given {role.name}, but the filter answered the 403 envelope of a guest"]
    if role.name == "admin" and shown.name == "user":
        return [f"given admin, but {shown.how.removeprefix('inferred from ')}"]
    return []


def permission_problems(invoices: list[dict[str, Any]], role: CallerRole) -> list[str]:
    """``canEdit`` is ``canDelete`` on a draft and false otherwise, for every caller; an admin may delete every
    invoice (``CRMSecutiry.cs:875-900``). The invoice ids at fault, and the fields."""
    problems = []
    for invoice in invoices:
        status = (invoice.get("status") or {}).get("id")
        expected_edit = bool(invoice.get("canDelete")) and status == DRAFT
        if invoice.get("canEdit") != expected_edit:
            problems.append(
                f"invoice {invoice.get('id')}: canEdit {invoice.get('canEdit')} with canDelete "
                f"{invoice.get('canDelete')} and status {status} (canEdit must be canDelete on a draft, else false)"
            )
        if role.sees_every_invoice and invoice.get("canDelete") is not True:
            problems.append(f"invoice {invoice.get('id')}: canDelete {invoice.get('canDelete')} for an admin")
    return problems


def in_memory_sorts() -> list[InvoiceSortBy]:
    """The sort keys the server applies in memory: the spec's keys that are not ``x-database-keys``."""
    database = set(spec.component_schema("InvoiceSortBy")["x-database-keys"])
    return [key for key in InvoiceSortBy if key.value not in database]


def in_memory_sort_of(covers: frozenset[str]) -> tuple[InvoiceSortBy, bool] | None:
    """The in-memory sort key and direction (descending?) an explicit case covers (its ``sortBy=... sortOrder=...``
    item), or None."""
    for key, order in itertools.product(in_memory_sorts(), SortOrder):
        if sort_item(key.value, order.value) in covers:
            return key, order is SortOrder.DESCENDING
    return None


def for_role(check: Check, covers: frozenset[str], role: CallerRole) -> Check:
    """An explicit case's check as it holds for ``role``: for a caller from whom invoices may be hidden, an
    in-memory sort answers ``[]`` as soon as one match is hidden (``InvoiceDao.cs:187-238``,
    ``CRMApi.Invoices.cs:192-202``): then its order and completeness are impossible to check (a skip saying so);
    a sort that answers invoices must be the whole result in order, as for an admin."""
    sort = in_memory_sort_of(covers)
    if role.sees_every_invoice or sort is None:
        return check
    key, descending = sort

    def checked(client: AuthenticatedClient, reference: Reference) -> list[str]:
        if not fetch(client, Filters(sort_by=key, descending=descending), 0, page_maximum()).response:
            role.impossible(
                "an in-memory sortBy answered [], as it does as soon as one match is hidden from the caller: its "
                "order and completeness cannot be checked"
            )
        return check(client, reference)

    return checked


GUEST_STATUSES = (400, 401)
"""What a guest is answered besides its 403: a bad parameter is still a 400 (binding comes before the security
filter, ``ApiManager.cs:66,80``), a missing or wrong token still a 401."""
NO_INVOICES = Reference((), complete=True, wire=())
CHECKED_IN_THE_BODY = "entityType"
"""The parameter whose 400 comes from the method's body, not from binding (the spec's ``x-binding-order``)."""


def for_guest(check: Check, covers: frozenset[str], role: CallerRole) -> Callable[[AuthenticatedClient], list[str]]:
    """An explicit case as a guest can be checked: one about a 400 or a 401 answer, which needs no invoice, runs
    (against no reference: it reads none); any other is impossible for a guest."""
    if not any(status_item(status) in covers for status in GUEST_STATUSES):
        role.require_invoices("an explicit case checked against the whole result")
    if parameter_item(CHECKED_IN_THE_BODY) in covers:
        role.impossible(
            f"a bad {CHECKED_IN_THE_BODY} is refused in the method's body (CRMApi.Invoices.cs:143-147), which a "
            "guest's request never reaches: the security filter answers 403 first"
        )
    return lambda client: check(client, NO_INVOICES)


def guest_read_problems(client: AuthenticatedClient) -> list[str]:
    """Every sort key in every direction, read as a guest: each must be the 403 envelope (the reads that answer
    invoices to anyone else)."""
    wrong = []
    for sort_by, order in itertools.product(InvoiceSortBy, SortOrder):
        response = client.get_httpx_client().get(
            spec.FILTER_PATH, params={"sortBy": sort_by.value, "sortOrder": order.value}
        )
        if not is_forbidden_envelope(response):
            wrong.append(f"sortBy={sort_by.value}&sortOrder={order.value} answered {response.status_code}")
    return wrong
