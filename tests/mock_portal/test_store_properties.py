"""The columnar store agrees with a plain reference implementation written here, over the same small data set:
which invoices match (every filter and their combinations), ``total`` and ``fetched``, and the order (as the
sequence of sort keys; for the sorts with ties the keys only, since equal ones may come in any order)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from onlyoffice_mock_portal.dataset import generate
from onlyoffice_mock_portal.query import InvoiceQuery
from onlyoffice_mock_portal.store import InvoiceStore

DATA = generate(240, seed=5, offset_minutes=180)
STORE = InvoiceStore(DATA, seed=5)
DAY = 86_400_000_000


@dataclass(frozen=True)
class Row:
    """One invoice as the reference sees it: its wire JSON and what the database stores beside it."""

    wire: dict[str, Any]
    stored_contact_id: int
    contact_name: str | None  # the stored contact's name, also when the caller may not see it; None if deleted


def _rows() -> list[Row]:
    answer = STORE.search(InvoiceQuery(count=1000))
    assert answer.total == len(DATA) <= 1000
    by_id = {invoice["id"]: invoice for invoice in map(json.loads, answer.invoices)}
    rows = []
    for position, invoice_id in enumerate(DATA.ids.tolist()):
        contact = int(DATA.columns["contact"][position])
        name = None if contact < 0 else DATA.contact_names[contact]
        rows.append(Row(by_id[invoice_id], int(DATA.contact_ids[position]), name))
    return rows


ROWS = _rows()


def folded(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).casefold()


def instant(text: str) -> int:
    moment = dt.datetime.fromisoformat(text[:26] + text[27:])  # Python reads six fractional digits
    return (moment - dt.datetime(1970, 1, 1, tzinfo=dt.UTC)) // dt.timedelta(microseconds=1)


def has_word_starting(row: Row, word: str) -> bool:
    parts = (row.wire["number"] + " " + row.wire["description"]).split(" ")
    return any(folded(part).startswith(folded(word)) for part in parts if part)


def reference_matches(query: InvoiceQuery, rows: list[Row] | None = None) -> list[Row]:
    """``InvoiceDao``'s filter, written plainly, over ``rows`` (by default this module's data set): each given
    filter adds a condition; filters given but adding none (an ``entityid`` without ``entityType``) leave the
    list empty."""
    every = ROWS if rows is None else rows
    conditions: list[Callable[[Row], bool]] = []
    if query.entity_id > 0 and query.entity_type == "contact":
        conditions.append(lambda row: row.stored_contact_id == query.entity_id)
    elif query.entity_id > 0 and query.entity_type is not None:
        conditions.append(
            lambda row: (
                row.wire["entity"] is not None
                and (row.wire["entity"]["entityType"], row.wire["entity"]["entityId"])
                == (query.entity_type, query.entity_id)
            )
        )
    if query.status is not None:
        conditions.append(lambda row: row.wire["status"]["id"] == query.status)
    for word in query.words:
        if word:
            conditions.append(lambda row, word=word: has_word_starting(row, word))  # type: ignore[misc]
    for key, low, high in (("issueDate", query.issue_from, query.issue_to), ("dueDate", query.due_from, query.due_to)):
        if low is not None:
            conditions.append(lambda row, key=key, low=low: instant(row.wire[key]) >= low)  # type: ignore[misc]
        if high is not None:
            conditions.append(lambda row, key=key, high=high: instant(row.wire[key]) <= high)  # type: ignore[misc]
    if query.currency:
        wanted = query.currency.rstrip(" ").casefold()  # MySQL compares padding spaces away
        conditions.append(lambda row: row.wire["currency"]["abbreviation"].casefold() == wanted)
    given_any = bool(query.words or query.status is not None or query.entity_id != 0 or query.currency) or any(
        value is not None for value in (query.issue_from, query.issue_to, query.due_from, query.due_to)
    )
    if not conditions:
        return [] if given_any else list(every)
    return [row for row in every if all(condition(row) for condition in conditions)]


def database_key(sort_by: str, row: Row) -> Any:
    wire = row.wire
    if sort_by == "number":
        return folded(wire["number"])
    if sort_by in ("issueDate", "dueDate"):
        return instant(wire[sort_by])
    if sort_by == "status":
        return wire["status"]["id"]
    return wire["id"]


def reference_order(rows: list[Row], sort_by: str | None, descending: bool) -> list[Row]:
    """The DAO's ORDER BY; for the sorts with ties, equal keys in any order (the caller compares keys)."""
    by_number = sorted(rows, key=lambda row: folded(row.wire["number"]))
    if sort_by is None:
        return by_number  # sortOrder is ignored without sortBy
    if sort_by == "contact":  # names case- and accent-insensitive, deleted contacts last, ties by number ascending
        named = sorted((row for row in by_number if row.contact_name is not None),
                       key=lambda row: folded(row.contact_name or ""), reverse=descending)  # fmt: skip
        return named + [row for row in by_number if row.contact_name is None]
    return sorted(by_number, key=lambda row: database_key(sort_by, row), reverse=descending)


DATES = sorted(set(DATA.columns["issueDate"].tolist()) | set(DATA.columns["dueDate"].tolist()))


def rarely(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """None three times in four (so that combined filters still leave something to sort and page)."""
    return st.sampled_from([False, False, False, True]).flatmap(lambda given: strategy if given else st.none())


dates = st.sampled_from(DATES).flatmap(lambda day: st.sampled_from([day - 1, day, day + DAY - 60_000_000]))
queries = st.builds(
    InvoiceQuery,
    status=rarely(st.integers(0, 6)),
    issue_from=rarely(dates),
    issue_to=rarely(dates),
    due_from=rarely(dates),
    due_to=rarely(dates),
    entity_type=rarely(st.sampled_from(["contact", "opportunity", "case"])),
    entity_id=st.sampled_from([0, 0, 0, 0, 0, -3, 1, 2, 5, 17, 100, 101, 104, 110, 129, 130, 131, 999]),
    currency=rarely(st.sampled_from(["EUR", "eur", "Usd ", "jpy", "XXX", ""])),
    words=rarely(
        st.lists(
            st.sampled_from(
                ["inv", "inv-00001", "so/202", "des", "dev", "café", "cafe", "web/mob", "and", "übers", "x"]
            ),
            min_size=1,
            max_size=3,
        ).map(tuple)
    ).map(lambda words: words or ()),
    start_index=st.sampled_from([0, 0, 0, 1, 7, 30, 100, 250]),
    count=st.sampled_from([0, 1, 3, 25, 1000]) | st.integers(0, 40),
    descending=st.booleans(),
)


@pytest.mark.parametrize("sort_by", [None, "number", "id", "issueDate", "dueDate", "status", "contact"])
@settings(max_examples=50, derandomize=True, deadline=None)
@given(filters=queries)
def test_the_store_agrees_with_the_reference_on_matches_order_and_total(
    sort_by: str | None, filters: InvoiceQuery
) -> None:
    assert_answers_as_the_reference(STORE, dataclasses.replace(filters, sort_by=sort_by))


def assert_answers_as_the_reference(store: InvoiceStore, query: InvoiceQuery, rows: list[Row] | None = None) -> None:
    """``store``'s page for ``query`` is the reference's (over ``rows``, by default every invoice): the same
    invoices in the same order for a total order, the same keys for an order with ties; ``fetched`` and ``total``
    as the server computes them."""
    expected = reference_order(reference_matches(query, rows), query.sort_by, query.descending)
    wanted = query.count + 1  # the database is asked for one row more than the page
    fetched = expected[query.start_index : query.start_index + wanted]
    page = fetched[: query.count] if query.count else fetched

    answer = store.search(query)
    got = [json.loads(invoice) for invoice in answer.invoices]

    assert answer.fetched == len(fetched)
    assert answer.total == (query.start_index + len(fetched) if len(fetched) < wanted else len(expected))
    if query.sort_by in ("issueDate", "dueDate", "status"):
        key = query.sort_by
        assert [database_key(key, Row(invoice, 0, None)) for invoice in got] == [database_key(key, row) for row in page]
        matching = {row.wire["id"] for row in expected}
        assert {invoice["id"] for invoice in got} <= matching
    else:  # total orders: the very invoices, in the very order
        assert got == [row.wire for row in page]


IN_MEMORY_KEYS: dict[str, Callable[[dict[str, Any]], Any]] = {
    "cost": lambda wire: wire["cost"],
    "exchangeRate": lambda wire: wire["exchangeRate"],
    "createOn": lambda wire: instant(wire["createOn"]),
    "language": lambda wire: folded(wire["language"]),
    "description": lambda wire: folded(wire["description"]),
    "canDelete": lambda wire: wire["canDelete"],
    "contact.displayName": lambda wire: folded(wire["contact"]["displayName"]),
    "status.id": lambda wire: wire["status"]["id"],
}


@settings(max_examples=60, derandomize=True, deadline=None)
@given(query=queries, sort_by=st.sampled_from(sorted(IN_MEMORY_KEYS)))
def test_in_memory_sorts_agree_with_the_reference(query: InvoiceQuery, sort_by: str) -> None:
    query = dataclasses.replace(query, sort_by=sort_by)
    key = IN_MEMORY_KEYS[sort_by]
    matches = reference_matches(query)
    kept = [row for row in matches if not (sort_by.startswith("contact.") and row.wire["contact"] is None)]
    keys = sorted((key(row.wire) for row in kept), reverse=query.descending)
    page = keys[query.start_index : query.start_index + (query.count or 1000)]

    answer = STORE.search(query)

    assert [key(json.loads(invoice)) for invoice in answer.invoices] == page
    assert answer.fetched == len(matches)  # every match is fetched, unpaged
    wanted = query.count + 1
    assert answer.total == (query.start_index + len(matches) if len(matches) < wanted else len(matches))
