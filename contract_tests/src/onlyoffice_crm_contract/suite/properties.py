"""What every answer of the invoice filter must satisfy beyond its schema, as reusable assertions."""

from __future__ import annotations

import datetime as dt
import itertools
import unicodedata
from dataclasses import dataclass, field
from typing import Any

import httpx

import onlyoffice_crm_spec as spec
from onlyoffice_crm_client import AuthenticatedClient
from onlyoffice_crm_client.api.invoices import get_invoices
from onlyoffice_crm_client.models import (
    EntityTypeFilter,
    Invoice,
    InvoiceListResponse,
    InvoiceSortBy,
    InvoiceStatusId,
    SortOrder,
)
from onlyoffice_crm_client.types import UNSET, Unset

TO_WIDENING = dt.timedelta(days=1) - dt.timedelta(minutes=1)
# Sorts in which no two invoices share a key: only these page exactly once (the spec's x-total-orders).
TOTAL_ORDERS = frozenset(InvoiceSortBy(key) for key in spec.component_schema("InvoiceSortBy")["x-total-orders"])


@dataclass(frozen=True)
class Filters:
    """A combination of the filter's parameters (UNSET where not asked for)."""

    status: InvoiceStatusId | Unset = UNSET
    issue_date_from: dt.datetime | Unset = UNSET
    issue_date_to: dt.datetime | Unset = UNSET
    due_date_from: dt.datetime | Unset = UNSET
    due_date_to: dt.datetime | Unset = UNSET
    entity_type: EntityTypeFilter | Unset = UNSET
    entityid: int | Unset = UNSET
    currency: str | Unset = UNSET
    filter_value: str | Unset = UNSET
    sort_by: InvoiceSortBy | Unset = UNSET
    descending: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


def _arguments(filters: Filters, start_index: int, count: int) -> dict[str, Any]:
    return dict(
        status=filters.status, issue_date_from=filters.issue_date_from,
        issue_date_to=filters.issue_date_to, due_date_from=filters.due_date_from, due_date_to=filters.due_date_to,
        entity_type=filters.entity_type, entityid=filters.entityid, currency=filters.currency,
        filter_value=filters.filter_value, sort_by=filters.sort_by,
        sort_order=SortOrder.DESCENDING if filters.descending else UNSET, start_index=start_index, count=count,
    )  # fmt: skip


def curl(client: AuthenticatedClient, filters: Filters, start_index: int = 0, count: int = 100) -> str:
    """A command that repeats the request (the token left as ``$TOKEN``, never written out)."""
    return curl_for(client, _arguments(filters, start_index, count))


def curl_for(client: AuthenticatedClient, arguments: dict[str, Any]) -> str:
    """A command that repeats ``get_invoices`` with these keyword arguments (token as ``$TOKEN``)."""
    kwargs = get_invoices.build_request(**arguments)
    base_url = str(client.get_httpx_client().base_url).rstrip("/")
    return curl_command("GET", str(httpx.Request("GET", base_url + kwargs["url"], params=kwargs["params"]).url))


def curl_command(method: str, url: str) -> str:
    """A command repeating a request, with the token read from the environment (``$TOKEN``), never written out."""
    verb = "" if method.upper() == "GET" else f"-X {method.upper()} "
    quoted = url.replace("'", "'\\''")
    return f"curl {verb}-H \"Authorization: $TOKEN\" '{quoted}'"


def fetch(client: AuthenticatedClient, filters: Filters, start_index: int, count: int) -> InvoiceListResponse:
    """One page through the generated client; fails (with a reproducing curl) on anything but a 200."""
    response = get_invoices.sync_detailed(client=client, **_arguments(filters, start_index, count))
    # An error body is quoted; a 200 body is a portal's invoices: only its size is.
    shown = f"{len(response.content)} bytes" if response.status_code == 200 else repr(response.content[:300])
    assert isinstance(response.parsed, InvoiceListResponse), (
        f"{response.status_code}: {shown}; reproduce: {curl(client, filters, start_index, count)}"
    )
    return response.parsed


def _in_range(moment: dt.datetime, low: dt.datetime | Unset, high: dt.datetime | Unset) -> bool:
    # A naive bound is in the portal's time zone: read it in the offset the portal writes its dates in.
    def aware(bound: dt.datetime) -> dt.datetime:
        return bound if bound.tzinfo is not None else bound.replace(tzinfo=moment.tzinfo)

    if isinstance(low, dt.datetime) and moment < aware(low):
        return False
    return not (isinstance(high, dt.datetime) and moment > aware(high) + TO_WIDENING)


def filter_violations(invoice: Invoice, filters: Filters) -> list[str]:
    """Which requested filters this returned invoice does not satisfy."""
    problems = []
    if isinstance(filters.status, InvoiceStatusId) and invoice.status.id != filters.status:
        problems.append(f"status {invoice.status.id} != {filters.status}")
    if not _in_range(invoice.issue_date, filters.issue_date_from, filters.issue_date_to):
        problems.append(f"issueDate {invoice.issue_date} outside the range")
    if not _in_range(invoice.due_date, filters.due_date_from, filters.due_date_to):
        problems.append(f"dueDate {invoice.due_date} outside the range")
    wanted_currency = filters.currency.upper() if isinstance(filters.currency, str) else ""
    if wanted_currency and invoice.currency.abbreviation.upper() != wanted_currency:  # case-insensitive column
        problems.append(f"currency {invoice.currency.abbreviation} != {filters.currency}")
    if isinstance(filters.entity_type, EntityTypeFilter) and isinstance(filters.entityid, int) and filters.entityid > 0:
        if filters.entity_type is EntityTypeFilter.CONTACT:
            if invoice.contact is None or invoice.contact.id != filters.entityid:
                problems.append(f"contact is not {filters.entityid}")
        elif invoice.entity is None or (invoice.entity.entity_type, invoice.entity.entity_id) != (
            filters.entity_type.value,
            filters.entityid,
        ):
            problems.append(f"entity is not {filters.entity_type.value} {filters.entityid}")
    if isinstance(filters.filter_value, str):
        # A LIKE per word on a utf8_general_ci column (case- and accent-insensitive): words of the number and the
        # description are split on spaces only.
        words = collated(f"{invoice.number} {invoice.description}").split(" ")
        for wanted in collated(filters.filter_value).split():
            if not any(word.startswith(wanted) for word in words):
                problems.append(f"no word of number/description starts with {wanted!r}")
    return problems


def collated(text: str) -> str:
    """A display name as the database's case- and accent-insensitive collation compares it."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).casefold()


def effective_sort(filters: Filters) -> tuple[InvoiceSortBy, bool]:
    """The order the server applies: ``sortOrder`` does nothing without ``sortBy`` (number ascending)."""
    if isinstance(filters.sort_by, InvoiceSortBy):
        return filters.sort_by, filters.descending
    return InvoiceSortBy.NUMBER, False


def sort_key(invoice: Invoice, sort_by: InvoiceSortBy) -> Any:
    """The value the server orders ``invoice`` by (for ``contact``: the collated name, None without a contact)."""
    match sort_by:
        case InvoiceSortBy.ISSUE_DATE:
            return invoice.issue_date
        case InvoiceSortBy.DUE_DATE:
            return invoice.due_date
        case InvoiceSortBy.CREATE_ON:
            return invoice.create_on
        case InvoiceSortBy.STATUS:
            return int(invoice.status.id)
        case InvoiceSortBy.CONTACT:
            return collated(invoice.contact.display_name) if invoice.contact else None
        case _:  # every other key is a property of the wire invoice with a plain, comparable value
            value = invoice.to_dict()[sort_by.value]
            # Text compares by the database collation (number) or .NET's culture-aware comparer (in memory):
            # both ignore case and accents at the first level, which is all an order check may rely on.
            return collated(value) if isinstance(value, str) else value


def order_violation(invoices: list[Invoice], filters: Filters) -> str | None:
    """Where consecutive invoices break the order asked for, or None.

    Equal keys may come in any order (the server has no tie-breaker), except under ``contact``: equal names
    come by number ascending in both directions. A ``null`` contact is not placed by this check: a deleted
    contact sorts last, but a private one the caller may not see sorts by its (hidden) name.
    """
    sort_by, descending = effective_sort(filters)
    placed = [invoice for invoice in invoices if sort_by is not InvoiceSortBy.CONTACT or invoice.contact is not None]
    for left, right in itertools.pairwise(placed):
        a, b = sort_key(left, sort_by), sort_key(right, sort_by)
        wrong = b > a if descending else b < a
        if sort_by is InvoiceSortBy.CONTACT and a == b:
            wrong = collated(right.number) < collated(left.number)
        if wrong:
            direction = "descending" if descending else "ascending"
            return f"invoices {left.id} and {right.id} are out of {direction} order by {sort_by.value}"
    return None
