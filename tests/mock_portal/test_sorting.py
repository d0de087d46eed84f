"""Sorting: what a ``sortBy`` value means to the server (``InvoiceSortedByType.TryParse``, names in any case and
numbers through ``Enum.TryParse``, or the in-memory sort by a property path of the invoice wrapper), and the order
the store returns, against :class:`InvoiceStore` directly."""

from __future__ import annotations

import itertools
import json
import unicodedata
from typing import Any

import pytest

from onlyoffice_mock_portal.columns import InvoiceData
from onlyoffice_mock_portal.dataset import generate
from onlyoffice_mock_portal.errors import ARGUMENT_EXCEPTION, ApiError
from onlyoffice_mock_portal.query import InvoiceQuery
from onlyoffice_mock_portal.sorting import DatabaseSort, PropertySort, is_paged_sort, parse_sort
from onlyoffice_mock_portal.store import InvoiceStore

OFFSET = 180
DATA = generate(400, seed=7, offset_minutes=OFFSET)
STORE = InvoiceStore(DATA, seed=7)


@pytest.mark.parametrize(
    ("given", "meaning"),
    [(None, DatabaseSort("number", honours_order=False)), ("", DatabaseSort("number", honours_order=False)),
     ("issuedate", DatabaseSort("issueDate")), (" CONTACT ", DatabaseSort("contact")), ("Id", DatabaseSort("id")),
     ("1", DatabaseSort("issueDate")), ("+4", DatabaseSort("status")), ("5", DatabaseSort("id")),
     ("6", DatabaseSort("number", honours_order=False)), ("-1", DatabaseSort("number", honours_order=False)),
     ("0000000000001", DatabaseSort("issueDate")), ("-2147483648", DatabaseSort("number", honours_order=False))],
)  # fmt: skip
def test_database_sorts_parse_like_the_enum(given: str | None, meaning: DatabaseSort) -> None:
    assert parse_sort(given) == meaning


@pytest.mark.parametrize(
    ("given", "path"),
    [("cost", (("cost", "money"),)), ("CreateOn", (("createOn", "date"),)),
     ("contact.displayName", (("contact", "ContactBase"), ("displayName", "str"))),
     ("contact.nothing", (("contact", "ContactBase"),)), ("nothing.cost", ()), ("99999999999999", ()),
     ("2147483648", ())],
)  # fmt: skip
def test_other_values_are_property_paths_cut_at_the_first_unknown_name(
    given: str, path: tuple[tuple[str, str], ...]
) -> None:
    assert parse_sort(given) == PropertySort(path)


@pytest.mark.parametrize(
    ("sort_by", "paged"),
    [(None, True), ("", True), ("status", True), ("00000000000004", True), ("77", True), ("cost", False),
     ("contact.displayName", False), ("2147483648", False), ("1x", False)],
)  # fmt: skip
def test_only_database_sorts_are_paged_by_the_dao(sort_by: str | None, paged: bool) -> None:
    assert is_paged_sort(sort_by) is paged


# --- the order of the store's answers ---------------------------------------------------------------------------


def found(query: InvoiceQuery, store: InvoiceStore = STORE) -> list[dict[str, Any]]:
    return [json.loads(invoice) for invoice in store.search(query).invoices]


def folded(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).casefold()


def contact_name(data: InvoiceData, invoice_id: int) -> str | None:
    """The stored contact's name (also of a private contact the caller cannot see); None when deleted."""
    row = int(data.columns["contact"][invoice_id - 1])
    return None if row < 0 else data.contact_names[row]


def test_sort_order_is_ignored_without_sort_by() -> None:
    ascending = [invoice["number"] for invoice in found(InvoiceQuery(count=50))]

    assert [invoice["number"] for invoice in found(InvoiceQuery(count=50, descending=True))] == ascending
    assert ascending == sorted(ascending, key=folded)


@pytest.mark.parametrize("descending", [False, True])
def test_the_contact_sort_puts_nulls_last_in_both_directions(descending: bool) -> None:
    answer = found(InvoiceQuery(sort_by="contact", descending=descending))
    names = [contact_name(DATA, invoice["id"]) for invoice in answer]
    present = [name for name in names if name is not None]

    assert None in names, "the data needs deleted contacts"
    assert present
    assert names[len(present) :] == [None] * (len(names) - len(present))
    assert [folded(name) for name in present] == sorted(map(folded, present), reverse=descending)
    # Ties (same name, and all the deleted ones) by number ascending in both directions.
    for first, second in itertools.pairwise(answer):
        first_name, second_name = contact_name(DATA, first["id"]), contact_name(DATA, second["id"])
        if first_name == second_name or (first_name is None and second_name is None):
            assert folded(first["number"]) < folded(second["number"])


@pytest.mark.parametrize("sort_by", ["issueDate", "dueDate", "status"])
def test_ties_of_the_unstable_sorts_change_order_between_requests(sort_by: str) -> None:
    query = InvoiceQuery(sort_by=sort_by, count=1000)
    answers = [[invoice["id"] for invoice in found(query)] for _ in range(3)]
    keys = [[sort_key(invoice, sort_by) for invoice in found(query)] for _ in range(3)]

    assert keys[0] == keys[1] == keys[2]  # the keys are in order every time ...
    assert len({tuple(answer) for answer in answers}) > 1  # ... but equal ones come in another order
    assert all(sorted(answer) == sorted(answers[0]) for answer in answers)


def sort_key(invoice: dict[str, Any], sort_by: str) -> Any:
    return invoice["status"]["id"] if sort_by == "status" else invoice[sort_by]


def test_tie_order_follows_the_seed() -> None:
    query = InvoiceQuery(sort_by="status", count=1000)
    first_store, same, other = InvoiceStore(DATA, seed=7), InvoiceStore(DATA, seed=7), InvoiceStore(DATA, seed=8)
    first = [[invoice["id"] for invoice in found(query, first_store)] for _ in range(3)]

    assert [[invoice["id"] for invoice in found(query, same)] for _ in range(3)] == first
    assert [[invoice["id"] for invoice in found(query, other)] for _ in range(3)] != first


def test_another_sort_by_sorts_in_memory_by_that_property() -> None:
    costs = [invoice["cost"] for invoice in found(InvoiceQuery(sort_by="cost", descending=True))]
    by_name = found(InvoiceQuery(sort_by="Contact.DisplayName"))
    no_property = found(InvoiceQuery(sort_by="nothingLikeThis", descending=True))

    assert costs == sorted(costs, reverse=True)
    assert len(costs) == len(DATA)
    # A nested name drops the invoices whose reference is null (deleted or hidden contacts).
    assert all(invoice["contact"] is not None for invoice in by_name)
    assert len(by_name) == sum(invoice["contact"] is not None for invoice in found(InvoiceQuery()))
    names = [folded(invoice["contact"]["displayName"]) for invoice in by_name]
    assert names == sorted(names)
    # No such property: number ascending, sortOrder ignored; a number string is the enum member ("1" = issueDate).
    assert [invoice["number"] for invoice in no_property] == [invoice["number"] for invoice in found(InvoiceQuery())]
    dates = [invoice["issueDate"] for invoice in found(InvoiceQuery(sort_by="1"))]
    assert dates == sorted(dates)


@pytest.mark.parametrize("sort_by", ["currency", "createBy", "entity", "consignee"])
def test_sorting_by_an_object_property_is_a_500(sort_by: str) -> None:
    with pytest.raises(ApiError) as raised:
        STORE.search(InvoiceQuery(sort_by=sort_by))

    assert (raised.value.status_code, raised.value.hresult) == (500, ARGUMENT_EXCEPTION)
    assert raised.value.message == "At least one object must implement IComparable."
