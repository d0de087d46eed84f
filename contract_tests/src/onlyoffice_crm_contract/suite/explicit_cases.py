"""The deterministic phase: explicit cases that reach every documented parameter, value class, sort key and
direction, and status, each with its oracle, so that coverage never rests on generated data.

Every case is built from the spec (its parameters, enums, the page maximum, the media types) and the portal's own
data (a :class:`~.reference.Reference`): an invoice's issue instant as a boundary, a currency in mixed case. Each
names what it covers (:attr:`ExplicitCase.covers`), in the words of :func:`required_items`, which lists what the
spec documents; a proof test fails on any item no case covers.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from email.message import Message
from typing import Any

import httpx

import onlyoffice_crm_spec as spec
from onlyoffice_crm_client import AuthenticatedClient
from onlyoffice_crm_client.models import EntityTypeFilter, Invoice, InvoiceSortBy, InvoiceStatusId, SortOrder

from .properties import TO_WIDENING, Filters, curl, curl_command, fetch, order_violation
from .reference import Check, Reference, completeness_problems, page_maximum

UNREACHABLE_STATUSES = {
    "402": "only an unpaid cloud portal answers it",
    "403": "only a caller without access to CRM gets it; the checker runs as one caller",
    "404": "the filter's route always exists; no documented request is answered 404",
    "500": "only the requests of x-known-defects provoke it (test_known_defects reports them)",
    "503": "the rate limit: the checker stays under it (the runner paces its requests)",
}
"""Documented statuses no request of the contract can provoke on a portal that keeps it, and why."""


def parameter_item(name: str) -> str:
    """The coverage item of a query parameter."""
    return f"parameter {name}"


def value_item(name: str, value: object) -> str:
    """The coverage item of one value of an enumerated parameter."""
    return f"{name}={value}"


def sort_item(sort_by: str, sort_order: str) -> str:
    """The coverage item of one sort key in one direction."""
    return f"sortBy={sort_by} sortOrder={sort_order}"


def status_item(code: str | int) -> str:
    """The coverage item of one documented HTTP status."""
    return f"HTTP {code}"


MAXIMUM_ITEM = "count=maximum"


def _parameter_enum(name: str) -> list[Any] | None:
    for parameter in spec.operation(spec.FILTER_PATH, "get")["parameters"]:
        if parameter["name"] == name:
            schema = spec.resolve(parameter["schema"])
            return list(schema["enum"]) if "enum" in schema else None
    return None


def required_items() -> set[str]:
    """What the spec documents for the filter, as coverage items: every query parameter, every value of an
    enumerated one, every sort key in every direction, the page maximum, and every response status."""
    names = spec.query_parameter_names(spec.FILTER_PATH)
    items = {parameter_item(name) for name in names} | {MAXIMUM_ITEM}
    for name in names:
        if name not in ("sortBy", "sortOrder"):
            items |= {value_item(name, value) for value in _parameter_enum(name) or []}
    keys, orders = _parameter_enum("sortBy") or [], _parameter_enum("sortOrder") or []
    items |= {sort_item(key, order) for key, order in itertools.product(keys, orders)}
    items |= {status_item(code) for code in spec.operation(spec.FILTER_PATH, "get")["responses"]}
    return items


class UnreachableError(Exception):
    """The portal's data has nothing this case needs (no invoice with an opportunity, say): no verdict."""


@dataclass(frozen=True)
class ExplicitCase:
    """One explicit request (or a few), its oracle, and what it covers."""

    name: str
    covers: frozenset[str]
    check: Check


# --- reading ---------------------------------------------------------------------------------------------------


def raw(client: AuthenticatedClient, params: dict[str, Any], path: str = spec.FILTER_PATH,
        headers: dict[str, str] | None = None) -> httpx.Response:  # fmt: skip
    """A GET of the filter with exactly these query parameters (values the generated client would not send)."""
    return client.get_httpx_client().get(path, params=params, headers=headers)


def reproduce(client: AuthenticatedClient, params: dict[str, Any], path: str = spec.FILTER_PATH) -> str:
    """The curl line of a raw request."""
    base = str(client.get_httpx_client().base_url).rstrip("/")
    return curl_command("GET", str(httpx.Request("GET", base + path, params=params).url))


def envelope(response: httpx.Response, params: dict[str, Any], client: AuthenticatedClient) -> dict[str, Any]:
    """The JSON envelope of a 200 (an assertion names the request otherwise)."""
    where = reproduce(client, params)
    assert response.status_code == 200, f"{response.status_code} {response.text[:200]!r}; reproduce: {where}"
    document = response.json()
    assert isinstance(document, dict), f"not a JSON object: {response.text[:200]!r}; reproduce: {where}"
    assert isinstance(document.get("response"), list), f"`response` is not an array; reproduce: {where}"
    return document


def invoices_of(document: dict[str, Any]) -> list[Invoice]:
    """The invoices of an envelope, read by the generated client's model."""
    return [Invoice.from_dict(item) for item in document["response"]]


def media_type(response: httpx.Response) -> tuple[str, dict[str, str]]:
    """The media type of a response, lower-case, and its parameters (names lower-case)."""
    header = Message()
    header["content-type"] = response.headers.get("content-type", "")
    params = {name.lower(): value for name, value in header.get_params(failobj=[])[1:]}
    return header.get_content_type().lower(), params


def _with(problems: list[str], where: str) -> list[str]:
    return [f"{problem}; reproduce: {where}" for problem in problems]


# --- the portal's data -----------------------------------------------------------------------------------------


def _most_common(values: Iterator[Any]) -> Any:
    counted = Counter(values).most_common(1)
    if not counted:
        raise UnreachableError("the portal has no invoice with such a value")
    return counted[0][0]


def _middle(reference: Reference) -> Invoice:
    if not reference.invoices:
        raise UnreachableError("the portal has no invoices")
    return reference.invoices[len(reference.invoices) // 2]


def mixed_case(text: str) -> str:
    """``text`` with its letters in alternating case, starting with the case the text does not start with."""
    flip = not text[:1].islower()
    out = []
    for char in text:
        if char.isalpha():
            out.append(char.lower() if flip else char.upper())
            flip = not flip
        else:
            out.append(char)
    return "".join(out)


def _words(reference: Reference) -> list[str]:
    words = [word for invoice in reference.invoices for word in invoice.description.split(" ") if len(word) >= 5]
    if not words:
        raise UnreachableError("no invoice description has a word of five letters")
    return words


# --- filters: the result holds exactly the matching invoices ----------------------------------------------------


def filtered(make: Callable[[Reference], Filters]) -> Check:
    """Read the filter that ``make`` draws from the data (number order, the maximum) and compare with the
    reference: every matching invoice, and no other."""

    def check(client: AuthenticatedClient, reference: Reference) -> list[str]:
        asked = make(reference)
        returned = fetch(client, asked, 0, page_maximum()).response
        return _with(completeness_problems(returned, reference, asked), curl(client, asked, 0, page_maximum()))

    return check


def filtered_raw(params: Callable[[Reference], dict[str, Any]], meaning: Callable[[Reference], Filters]) -> Check:
    """Read a raw query (a word the generated client never sends) and compare with the reference's matches of
    the filter it means."""

    def check(client: AuthenticatedClient, reference: Reference) -> list[str]:
        sent = {**params(reference), "count": page_maximum()}
        document = envelope(raw(client, sent), sent, client)
        problems = completeness_problems(invoices_of(document), reference, meaning(reference))
        return _with(problems, reproduce(client, sent))

    return check


def _status_names() -> dict[int, list[str]]:
    """Every word the server binds to each status: the enum name in three cases and the neutral title."""
    titles = spec.component_schema("InvoiceStatusId")["x-enum-titles"]
    names = {}
    for (name, value), title in zip(spec.enum_members("InvoiceStatusId").items(), titles, strict=True):
        word = name.capitalize()  # the server's enum member (Draft, Sent...)
        names[int(value)] = [word.lower(), word.upper(), mixed_case(word), title]
    return names


def _date_cases(field: str, column: Callable[[Invoice], dt.datetime]) -> Iterator[ExplicitCase]:
    low, high = f"{field}_date_from", f"{field}_date_to"
    wire_low, wire_high = f"{field}DateFrom", f"{field}DateTo"
    covers_low, covers_high = frozenset({parameter_item(wire_low)}), frozenset({parameter_item(wire_high)})

    def at(offset: dt.timedelta, bound: str, naive: bool = False) -> Callable[[Reference], Filters]:
        def make(reference: Reference) -> Filters:
            moment = column(_middle(reference)) + offset
            return Filters(**{bound: moment.replace(tzinfo=None) if naive else moment})  # type: ignore[arg-type]

        return make

    minute, tick = dt.timedelta(minutes=1), dt.timedelta(microseconds=1)
    yield ExplicitCase(f"{wire_low} at an invoice's instant includes it", covers_low, filtered(at(dt.timedelta(), low)))
    yield ExplicitCase(f"{wire_low} just after an instant excludes it", covers_low, filtered(at(tick, low)))
    yield ExplicitCase(
        f"{wire_high} a day less a minute before an instant includes it (the whole day)",
        covers_high, filtered(at(-TO_WIDENING, high)),
    )  # fmt: skip
    yield ExplicitCase(
        f"{wire_high} a day before an instant excludes it", covers_high, filtered(at(-TO_WIDENING - minute, high))
    )
    yield ExplicitCase(
        f"{wire_high} without an offset is in the portal's time zone",
        covers_high, filtered(at(-TO_WIDENING, high, naive=True)),
    )  # fmt: skip

    def one_day(reference: Reference) -> Filters:
        moment = column(_middle(reference))
        midnight = moment.replace(hour=0, minute=0, second=0, microsecond=0)
        return Filters(**{low: midnight, high: midnight})  # type: ignore[arg-type]

    yield ExplicitCase(f"{wire_low} = {wire_high} = a midnight covers that day", covers_low | covers_high,
                       filtered(one_day))  # fmt: skip


def filter_cases() -> Iterator[ExplicitCase]:
    """Every filter, every documented value class: the result holds exactly the matching invoices."""
    for status in InvoiceStatusId:
        yield ExplicitCase(
            f"status={status.value}",
            frozenset({parameter_item("status"), value_item("status", status.value)}),
            filtered(lambda _, status=status: Filters(status=status)),  # type: ignore[misc]
        )
    for value, words in _status_names().items():
        for word in words:
            yield ExplicitCase(
                f"status={word} is status {value}",
                frozenset({parameter_item("status"), value_item("status", value)}),
                filtered_raw(lambda _, word=word: {"status": word},  # type: ignore[misc]
                             lambda _, value=value: Filters(status=InvoiceStatusId(value))),  # type: ignore[misc]
            )  # fmt: skip
    for flags, value in (("1,2", 3), ("Draft,Paid", 5)):
        yield ExplicitCase(
            f"status={flags} ORs the flags (status {value})",
            frozenset({parameter_item("status")}),
            filtered_raw(lambda _, flags=flags: {"status": flags},  # type: ignore[misc]
                         lambda _, value=value: Filters(status=InvoiceStatusId(value))),  # type: ignore[misc]
        )  # fmt: skip
    yield from _date_cases("issue", lambda invoice: invoice.issue_date)
    yield from _date_cases("due", lambda invoice: invoice.due_date)
    yield from _entity_cases()
    yield from _text_cases()


def _contact_id(reference: Reference) -> int:
    return int(_most_common(invoice.contact.id for invoice in reference.invoices if invoice.contact))


def _opportunity_id(reference: Reference) -> int:
    return int(_most_common(invoice.entity.entity_id for invoice in reference.invoices if invoice.entity))


def _entity_cases() -> Iterator[ExplicitCase]:
    both = frozenset({parameter_item("entityType"), parameter_item("entityid")})
    contact, opportunity, case = EntityTypeFilter.CONTACT, EntityTypeFilter.OPPORTUNITY, EntityTypeFilter.CASE
    yield ExplicitCase(
        "entityType=contact with a contact's id", both | {value_item("entityType", contact.value)},
        filtered(lambda reference: Filters(entity_type=contact, entityid=_contact_id(reference))),
    )  # fmt: skip
    yield ExplicitCase(
        "entityType=opportunity with an opportunity's id", both | {value_item("entityType", opportunity.value)},
        filtered(lambda reference: Filters(entity_type=opportunity, entityid=_opportunity_id(reference))),
    )  # fmt: skip
    yield ExplicitCase(
        "entityType=case matches nothing (invoices link opportunities)", both | {value_item("entityType", case.value)},
        filtered(lambda reference: Filters(entity_type=case, entityid=_opportunity_id(reference))),
    )  # fmt: skip
    yield ExplicitCase(
        "entityType in mixed case is the same type", both | {value_item("entityType", contact.value)},
        filtered_raw(lambda reference: {"entityType": mixed_case(contact.value), "entityid": _contact_id(reference)},
                     lambda reference: Filters(entity_type=contact, entityid=_contact_id(reference))),
    )  # fmt: skip
    yield ExplicitCase(
        "entityid alone empties the list", both,
        filtered_raw(lambda reference: {"entityid": _contact_id(reference)}, lambda _: Filters(status=NO_STATUS)),
    )  # fmt: skip
    yield ExplicitCase(
        "entityid without entityType beside another filter is ignored", both | {parameter_item("status")},
        filtered_raw(lambda reference: {"entityid": _contact_id(reference), "status": 4},
                     lambda _: Filters(status=InvoiceStatusId.PAID)),
    )  # fmt: skip


NO_STATUS = InvoiceStatusId(99)
"""A status no invoice has (the generated enum keeps unknown ids): a filter that matches nothing."""


def _currencies(reference: Reference) -> list[str]:
    found = sorted({invoice.currency.abbreviation for invoice in reference.invoices})
    if not found:
        raise UnreachableError("the portal has no invoices")
    return found


def _every(check: Callable[[str], Check], values: Callable[[Reference], list[str]]) -> Check:
    def all_of(client: AuthenticatedClient, reference: Reference) -> list[str]:
        return [problem for value in values(reference) for problem in check(value)(client, reference)]

    return all_of


def _prefix(reference: Reference) -> str:
    return str(_most_common(iter(_words(reference))))[:4]


def _text_cases() -> Iterator[ExplicitCase]:
    currency, text = frozenset({parameter_item("currency")}), frozenset({parameter_item("filterValue")})
    for spelling, spell in (("mixed", mixed_case), ("lower", str.lower), ("upper", str.upper)):
        yield ExplicitCase(
            f"every currency of the data, in {spelling} case", currency,
            _every(lambda code, spell=spell: filtered(lambda _: Filters(currency=spell(code))),  # type: ignore[misc]
                   _currencies),
        )  # fmt: skip
    yield ExplicitCase("a currency no invoice has", currency, filtered(lambda _: Filters(currency="QQQ")))
    yield ExplicitCase(
        "a word's prefix in mixed case", text, filtered(lambda r: Filters(filter_value=mixed_case(_prefix(r))))
    )
    yield ExplicitCase(
        "a word's prefix in lower case", text, filtered(lambda r: Filters(filter_value=_prefix(r).lower()))
    )
    yield ExplicitCase(
        "a number's prefix in mixed case", text,
        filtered(lambda r: Filters(filter_value=mixed_case(_middle(r).number[:-1]))),
    )  # fmt: skip
    yield ExplicitCase("a whole number", text, filtered(lambda r: Filters(filter_value=_middle(r).number)))

    def two_words(reference: Reference) -> Filters:
        described = [invoice.description.split(" ") for invoice in reference.invoices]
        pairs = [words for words in described if len(words) >= 2 and all(words[:2])]
        if not pairs:
            raise UnreachableError("no invoice description has two words")
        first, second = pairs[len(pairs) // 2][:2]
        return Filters(filter_value=f"{mixed_case(second[:3])} {first[:3].upper()}")

    yield ExplicitCase("two words, each a prefix (AND)", text, filtered(two_words))
    yield ExplicitCase(
        "the inside of a word is no prefix", text, filtered(lambda r: Filters(filter_value=_prefix(r)[1:]))
    )


# --- sort keys and directions ----------------------------------------------------------------------------------


def _sorted_read(client: AuthenticatedClient, sort_by: InvoiceSortBy, descending: bool) -> list[Invoice]:
    return fetch(client, Filters(sort_by=sort_by, descending=descending), 0, page_maximum()).response


def sorted_check(sort_by: InvoiceSortBy, descending: bool) -> Check:
    """Read the whole result in this order: in order, ties and nulls placed as documented, every invoice once."""

    def check(client: AuthenticatedClient, reference: Reference) -> list[str]:
        asked = Filters(sort_by=sort_by, descending=descending)
        returned = _sorted_read(client, sort_by, descending)
        problems = []
        if (violation := order_violation(returned, asked)) is not None:
            problems.append(violation)
        ids = [invoice.id for invoice in returned]
        if len(ids) != len(set(ids)):
            problems.append("an invoice came twice in one read")
        if reference.complete and sorted(ids) != sorted(reference.ids):
            problems.append(f"{len(ids)} invoices where the portal has {len(reference.ids)}")
        return _with(problems, curl(client, asked, 0, page_maximum()))

    return check


def _nulls_before_a_contact(invoices: list[Invoice]) -> list[int]:
    """The ids of invoices without a contact that some invoice with a contact follows."""
    first_null = next((index for index, invoice in enumerate(invoices) if invoice.contact is None), len(invoices))
    if not any(invoice.contact is not None for invoice in invoices[first_null:]):
        return []
    return [invoice.id for invoice in invoices[first_null:] if invoice.contact is None]


def contact_nulls_check(client: AuthenticatedClient, reference: Reference) -> list[str]:
    """Invoices without a contact sort last in both directions.

    Only an administrator sees them, for a contact row that is gone; an invoice whose contact the caller may
    not see is left out of the list, never sent with a ``null`` contact (the spec's ``contact`` and ``sortBy``,
    ``InvoiceDao.cs:291``, ``CRMSecutiry.cs:875-900``).
    """
    problems = []
    for descending in (False, True):
        early = _nulls_before_a_contact(_sorted_read(client, InvoiceSortBy.CONTACT, descending))
        if early:
            asked = Filters(sort_by=InvoiceSortBy.CONTACT, descending=descending)
            problems.append(
                f"invoices without a contact ({early[:5]}) come before invoices with one, sorted by contact "
                f"{'descending' if descending else 'ascending'}; reproduce: {curl(client, asked, 0, page_maximum())}"
            )
    return problems


def sort_cases() -> Iterator[ExplicitCase]:
    """Every sort key of the spec in every direction, and ``sortOrder`` without ``sortBy``."""
    both = frozenset({parameter_item("sortBy"), parameter_item("sortOrder")})
    for sort_by, order in itertools.product(InvoiceSortBy, SortOrder):
        descending = order is SortOrder.DESCENDING
        yield ExplicitCase(
            f"sortBy={sort_by.value} sortOrder={order.value}",
            both | {sort_item(sort_by.value, order.value)}, sorted_check(sort_by, descending),
        )  # fmt: skip
    contact_items = {sort_item(InvoiceSortBy.CONTACT.value, order.value) for order in SortOrder}
    yield ExplicitCase("sortBy=contact: invoices without a contact last", both | contact_items,
                       contact_nulls_check)  # fmt: skip

    def default_order(client: AuthenticatedClient, reference: Reference) -> list[str]:
        sent = {"sortOrder": SortOrder.DESCENDING.value, "count": page_maximum()}
        ids = [invoice.id for invoice in invoices_of(envelope(raw(client, sent), sent, client))]
        wrong = ids != reference.ids[: len(ids)] or (reference.complete and len(ids) != len(reference.ids))
        return _with(["not number ascending"] if wrong else [], reproduce(client, sent))

    yield ExplicitCase("sortOrder=descending without sortBy is number ascending", both, default_order)


# --- paging ----------------------------------------------------------------------------------------------------


def _page(client: AuthenticatedClient, params: dict[str, Any]) -> tuple[dict[str, Any], str]:
    return envelope(raw(client, params), params, client), reproduce(client, params)


def envelope_problems(document: dict[str, Any], start: int, more: bool | None) -> list[str]:
    """What an envelope breaks of the paging rules: ``count`` is what came (omitted when 0), ``startIndex`` is
    the request's (omitted when 0), ``nextIndex`` is there exactly when ``more`` pages exist (None: unknown), and
    a short page's ``total`` is ``startIndex + returned``."""
    returned = len(document["response"])
    problems = []
    if document.get("count", 0) != returned:
        problems.append(f"count {document.get('count')} where {returned} invoices came")
    if document.get("startIndex", 0) != start:
        problems.append(f"startIndex {document.get('startIndex')} where {start} was asked")
    if more is not None and ("nextIndex" in document) != more:
        problems.append("nextIndex missing while more pages exist" if more else "nextIndex on the last page")
    return problems


def _short_total(document: dict[str, Any], start: int) -> list[str]:
    returned = len(document["response"])
    if document["total"] != start + returned:
        return [f"total {document['total']} on a short page, where startIndex + returned is {start + returned}"]
    return []


def _count(reference: Reference) -> int:
    if not reference.complete:
        raise UnreachableError("the portal holds more invoices than one read of the maximum")
    return len(reference.ids)


def maximum_check(client: AuthenticatedClient, reference: Reference) -> list[str]:
    """A read of ``count`` = the maximum returns that many, or every invoice (then a read at its end is empty)."""
    maximum = page_maximum()
    document, where = _page(client, {"count": maximum})
    returned = len(document["response"])
    problems = envelope_problems(document, 0, None)
    if returned > maximum:
        problems.append(f"{returned} invoices, above the maximum {maximum}")
    if returned < maximum:
        after, _ = _page(client, {"count": maximum, "startIndex": returned})
        if after["response"]:
            problems.append(f"{returned} invoices where more than that match (the maximum is {maximum})")
        problems += _short_total(document, 0)
    return _with(problems, where)


def above_maximum_check(client: AuthenticatedClient, reference: Reference) -> list[str]:
    """A ``count`` above the maximum is the maximum."""
    sent = {"count": page_maximum() + 1}
    document, where = _page(client, sent)
    ids = [invoice.id for invoice in invoices_of(document)]
    if ids != reference.ids[: len(ids)] or len(ids) != min(page_maximum(), len(reference.ids)):
        return _with([f"{len(ids)} invoices: not the first {page_maximum()} by number"], where)
    return []


def next_index_check(client: AuthenticatedClient, reference: Reference) -> list[str]:
    """``nextIndex`` while more pages exist, none on the last full page; ``count`` and ``total`` as documented."""
    total = _count(reference)
    problems = []
    for size in (1, 7):
        if total <= size:
            continue
        first, where = _page(client, {"count": size})
        problems += _with(envelope_problems(first, 0, True), where)
        last, where = _page(client, {"count": size, "startIndex": total - size})
        problems += _with(envelope_problems(last, total - size, False), where)
    return problems


def filtered_paging_check(client: AuthenticatedClient, reference: Reference) -> list[str]:
    """The same rules on a filtered result: its own end, its own short-page ``total``."""
    status = _most_common(int(invoice.status.id) for invoice in reference.invoices)
    matches = len(reference.matching(Filters(status=InvoiceStatusId(status))))
    problems = []
    for start, size in ((0, page_maximum()), (2, page_maximum()), (max(matches - 3, 0), 7), (0, 3)):
        more = start + size < matches if reference.complete else None
        document, where = _page(client, {"status": status, "startIndex": start, "count": size})
        found = envelope_problems(document, start, more)
        if len(document["response"]) < size:
            found += _short_total(document, start)
        problems += _with(found, where)
    return problems


def past_the_end_check(client: AuthenticatedClient, reference: Reference) -> list[str]:
    """A ``startIndex`` past the end answers an empty page, with ``total`` = ``startIndex``."""
    start = len(reference.ids) + 3 if reference.complete else 2**31 - 2
    document, where = _page(client, {"startIndex": start, "count": 10})
    problems = envelope_problems(document, start, False)
    if document["response"]:
        problems.append(f"{len(document['response'])} invoices past the end, where the page must be empty")
    return _with(problems + _short_total(document, start), where)


def walk_check(client: AuthenticatedClient, reference: Reference) -> list[str]:
    """Pages of 7 by number are the reference's first invoices, each once, in order."""
    walked: list[int] = []
    for page in range(3):
        walked += [invoice.id for invoice in fetch(client, Filters(), page * 7, 7).response]
    if walked != reference.ids[:21]:
        return [
            f"pages of 7 by number are not the result's first 21 invoices; reproduce: {curl(client, Filters(), 7, 7)}"
        ]
    return []


def count_zero_check(client: AuthenticatedClient, reference: Reference) -> list[str]:
    """``count=0`` returns one invoice (the server skips its cut), with ``count`` 1."""
    document, where = _page(client, {"count": 0})
    returned = len(document["response"])
    problems = [] if returned == min(1, len(reference.ids)) else [f"{returned} invoices for count=0, not one"]
    return _with(problems + envelope_problems(document, 0, None), where)


def one_invoice_check(client: AuthenticatedClient, reference: Reference) -> list[str]:
    """A page of one invoice is an array of one, also when one invoice matches."""
    problems = []
    for params in ({"count": 1}, {"filterValue": _middle(reference).number}):
        document, where = _page(client, params)
        problems += _with(envelope_problems(document, 0, None), where)
        if len(document["response"]) != 1:
            problems.append(f"{len(document['response'])} invoices where one was due; reproduce: {where}")
    return problems


def paging_cases() -> Iterator[ExplicitCase]:
    """``startIndex`` and ``count``: the maximum, the end, ``nextIndex``, ``total`` and ``count`` of the envelope."""
    paging = frozenset({parameter_item("startIndex"), parameter_item("count")})
    yield ExplicitCase("count = the maximum returns that many or all", paging | {MAXIMUM_ITEM}, maximum_check)
    yield ExplicitCase("count above the maximum is the maximum", paging | {MAXIMUM_ITEM}, above_maximum_check)
    yield ExplicitCase("nextIndex exactly while more pages exist", paging, next_index_check)
    yield ExplicitCase("a filtered result pages to its own end", paging | {parameter_item("status")},
                       filtered_paging_check)  # fmt: skip
    yield ExplicitCase("startIndex past the end is an empty page", paging, past_the_end_check)
    yield ExplicitCase("pages by number are the result, each invoice once", paging, walk_check)
    yield ExplicitCase("count=0 returns one invoice", paging, count_zero_check)
    yield ExplicitCase("a page of one invoice is an array", paging | {parameter_item("filterValue")}, one_invoice_check)


# --- envelopes, media types, statuses, credentials -------------------------------------------------------------


def documented_content_types(status: str) -> list[str]:
    """The content types the spec names for a status: its ``x-content-type`` (with the charset), else its media
    types."""
    response = spec.resolve(spec.operation(spec.FILTER_PATH, "get")["responses"][status])
    named = response.get("x-content-type")
    return [str(named)] if named else list(spec.response_media(spec.FILTER_PATH, "get", status))


def content_type_problems(response: httpx.Response, documented: list[str]) -> list[str]:
    """Where the response's content type is none of the documented ones (the media type, and the charset where
    the spec names one)."""
    got_type, got_params = media_type(response)
    for one in documented:
        want_type, want_params = media_type(httpx.Response(200, headers={"content-type": one}))
        charset = want_params.get("charset")
        if got_type == want_type and (charset is None or got_params.get("charset", "").lower() == charset.lower()):
            return []
    return [f"content type {response.headers.get('content-type')!r}, not {' or '.join(map(repr, documented))}"]


def ok_media_check(client: AuthenticatedClient, reference: Reference) -> list[str]:
    """A 200 is JSON with the charset the spec names, for a page and for an empty page."""
    problems = []
    for params in ({"count": 3}, {"currency": "QQQ"}):
        response = raw(client, params)
        problems += _with(content_type_problems(response, documented_content_types("200")), reproduce(client, params))
    return problems


BAD_REQUESTS: tuple[dict[str, str], ...] = (
    {"status": "nonsense"}, {"entityType": "nonsense"}, {"issueDateFrom": "2024-13-45"}, {"dueDateTo": "not a date"},
)  # fmt: skip


def error_check(params: dict[str, str]) -> Check:
    """A bad value is a 400 in the error envelope, whose ``statusCode`` mirrors the HTTP status."""

    def check(client: AuthenticatedClient, reference: Reference) -> list[str]:
        response = raw(client, {**params, "startIndex": 2})
        problems = [] if response.status_code == 400 else [f"{response.status_code}, not 400"]
        problems += content_type_problems(response, documented_content_types("400"))
        try:
            document = response.json()
        except json.JSONDecodeError:
            return _with([*problems, "the body is not the JSON error envelope"], reproduce(client, params))
        if not isinstance(document, dict) or document.get("statusCode") != response.status_code:
            code = document.get("statusCode") if isinstance(document, dict) else None
            problems.append(f"statusCode {code} in the envelope of an HTTP {response.status_code}")
        elif document.get("status") != 1 or not isinstance(document.get("error"), dict):
            problems.append("not the error envelope (status 1, error)")
        elif document.get("startIndex") != 2:
            problems.append("the error envelope lost the request's startIndex")
        return _with(problems, reproduce(client, {**params, "startIndex": 2}))

    return check


def unauthorized_check(client: AuthenticatedClient, reference: Reference) -> list[str]:
    """A missing or wrong token is a 401 of a documented text media type (``text/html`` from the server), never
    JSON."""
    problems = []
    for headers in ({"Authorization": ""}, {"Authorization": "not-the-token"}):
        response = raw(client, {"count": 1}, headers=headers)
        if response.status_code != 401:
            problems.append(f"{response.status_code}, not 401, for Authorization {headers['Authorization']!r}")
            continue
        problems += content_type_problems(response, documented_content_types("401"))
    url = reproduce(client, {"count": 1}).rsplit(" ", 1)[-1]
    return [f"{problem}; reproduce: curl -H 'Authorization: wrong' {url}" for problem in problems]


def credential_forms_check(client: AuthenticatedClient, reference: Reference) -> list[str]:
    """The token is accepted raw, after ``Bearer``, and as the ``asc_auth_key`` cookie; ``.json`` is the route."""
    token = client.token
    plain = [invoice.id for invoice in invoices_of(envelope(raw(client, {"count": 5}), {"count": 5}, client))]
    problems = []
    forms = {"Bearer": {"Authorization": f"Bearer {token}"},
             "the asc_auth_key cookie": {"Authorization": "", "Cookie": f"asc_auth_key={token}"}}  # fmt: skip
    for name, headers in forms.items():
        response = raw(client, {"count": 5}, headers=headers)
        if response.status_code != 200:
            problems.append(f"the token as {name} answered {response.status_code}")
    suffixed = raw(client, {"count": 5}, path=spec.FILTER_PATH + ".json")
    if suffixed.status_code != 200 or [item.get("id") for item in suffixed.json().get("response", [])] != plain:
        problems.append(f"{spec.FILTER_PATH}.json is not the same route ({suffixed.status_code})")
    return problems


def envelope_cases() -> Iterator[ExplicitCase]:
    """Media types and charset of 200 and 401, the error envelope of 400, the credential forms."""
    yield ExplicitCase("a 200 is JSON with its charset", frozenset({status_item(200)}), ok_media_check)
    for params in BAD_REQUESTS:
        ((name, value),) = params.items()
        yield ExplicitCase(f"{name}={value} is a 400 envelope mirroring it", frozenset({status_item(400),
                           parameter_item(name)}), error_check(params))  # fmt: skip
    yield ExplicitCase("a missing or wrong token is a text 401", frozenset({status_item(401)}), unauthorized_check)
    yield ExplicitCase("the token's forms and the .json route", frozenset({status_item(200)}), credential_forms_check)


def explicit_cases() -> list[ExplicitCase]:
    """Every explicit case of the deterministic phase, in a fixed order."""
    return [*filter_cases(), *sort_cases(), *paging_cases(), *envelope_cases()]
