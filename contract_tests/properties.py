"""What every answer of the invoice filter must satisfy beyond its schema, as reusable assertions."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from dataclasses import dataclass, field
from typing import Any

import httpx

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
_WORD = re.compile(r"\w+")


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
    kwargs = get_invoices._get_kwargs(**arguments)
    url = httpx.Request("GET", client._base_url + kwargs["url"], params=kwargs["params"]).url
    return f"curl -H \"Authorization: $TOKEN\" '{url}'"


def fetch(client: AuthenticatedClient, filters: Filters, start_index: int, count: int) -> InvoiceListResponse:
    """One page through the generated client; fails (with a reproducing curl) on anything but a 200."""
    response = get_invoices.sync_detailed(client=client, **_arguments(filters, start_index, count))
    assert isinstance(response.parsed, InvoiceListResponse), (
        f"{response.status_code}: {response.content[:300]!r}; reproduce: {curl(client, filters, start_index, count)}"
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
    if isinstance(filters.currency, str) and filters.currency and invoice.currency.abbreviation != filters.currency:
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
        text = f"{invoice.number} {invoice.description}".lower()
        words = set(text.split()) | set(_WORD.findall(text))
        for wanted in filters.filter_value.lower().split():
            if not any(word.startswith(wanted) for word in words):
                problems.append(f"no word of number/description starts with {wanted!r}")
    return problems


def sort_key(invoice: Invoice, sort_by: InvoiceSortBy | Unset) -> Any:
    match sort_by:
        case InvoiceSortBy.ISSUE_DATE:
            return invoice.issue_date
        case InvoiceSortBy.DUE_DATE:
            return invoice.due_date
        case InvoiceSortBy.STATUS:
            return int(invoice.status.id)
        case InvoiceSortBy.CONTACT:
            contact = invoice.contact
            return (contact is not None, contact.display_name if contact else "", invoice.number)
        case InvoiceSortBy.ID:
            return invoice.id
        case _:
            return invoice.number


def order_violation(invoices: list[Invoice], filters: Filters) -> str | None:
    keys = [sort_key(invoice, filters.sort_by) for invoice in invoices]
    for index, (left, right) in enumerate(itertools.pairwise(keys)):
        if (right > left) if filters.descending else (right < left):
            return f"invoices {index} and {index + 1} are out of order by {filters.sort_by or 'number'}"
    return None


def walk_pages(client: AuthenticatedClient, filters: Filters, page_size: int, limit: int) -> tuple[list[Invoice], int]:
    """Every invoice of the filtered result, page by page (at most ``limit`` pages), and the reported total."""
    collected: list[Invoice] = []
    total = -1
    for page_number in range(limit):
        page = fetch(client, filters, page_number * page_size, page_size)
        if total not in (-1, page.total):
            raise AssertionError(f"total changed between pages: {total} -> {page.total}")
        total = page.total
        collected += page.response
        if len(page.response) < page_size or len(collected) >= total:
            break
    return collected, total
