"""Edits between requests (issue 16, point 4): they come at the configured rate, repeatably under a seed; after
them every filter, sort and total is what the server would answer for the invoices of that moment; and they
make a plain ``startIndex`` walk repeat or miss invoices, as on a busy real portal."""

from __future__ import annotations

import dataclasses
import json
import random
import signal
import subprocess
import sys
from collections import Counter
from typing import Any

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from starlette.testclient import TestClient

from onlyoffice_crm_spec import FILTER_PATH
from onlyoffice_mock_portal.app import create_app
from onlyoffice_mock_portal.config import PortalConfig
from onlyoffice_mock_portal.editable import EditableStore
from onlyoffice_mock_portal.edits import apply_edits
from onlyoffice_mock_portal.query import InvoiceQuery
from onlyoffice_mock_portal.render import InvoiceRenderer

from .test_store_properties import (
    DATA,
    IN_MEMORY_KEYS,
    Row,
    assert_answers_as_the_reference,
    queries,
    reference_matches,
)

EDITED = EditableStore(DATA, seed=5, slots=2000)
"""Edited a few times before each example below, so searches meet edits of every kind in between."""
EDIT_DRAWS = random.Random(16)


def _client(**fields: Any) -> TestClient:
    config = PortalConfig(invoices=300, rate_limit=0, **fields)
    return TestClient(create_app(config), headers={"Authorization": config.token})


def _page(client: TestClient, start: int, count: int, sort_by: str = "number") -> dict[str, Any]:
    answer = client.get(FILTER_PATH, params={"startIndex": start, "count": count, "sortBy": sort_by})
    assert answer.status_code == 200
    body: dict[str, Any] = answer.json()
    return body


def _current_rows(store: EditableStore) -> list[Row]:
    """The invoices of the moment, read from the columns (not through a search)."""
    data = store.data
    positions = store.positions()
    wires = [json.loads(text) for text in InvoiceRenderer(data).render(positions)]
    rows = []
    for position, wire in zip(positions.tolist(), wires, strict=True):
        contact = int(data.columns["contact"][position])
        rows.append(Row(wire, int(data.contact_ids[position]), None if contact < 0 else data.contact_names[contact]))
    return rows


def _edit(count: int) -> None:
    with EDITED.lock:
        apply_edits(EDITED, EDIT_DRAWS, count, early_numbers=True)


@pytest.mark.parametrize(("rate", "requests", "low", "high"), [(2.0, 40, 80, 80), (0.25, 200, 30, 70)])
def test_edits_come_at_the_configured_rate(rate: float, requests: int, low: int, high: int) -> None:
    client = _client(edits_per_request=rate, seed=7)
    for _ in range(requests):
        _page(client, 0, 1)

    edits = client.app.state.control.edits  # type: ignore[attr-defined]
    kinds = (edits.added, edits.deleted, edits.status_changed)

    assert low <= sum(kinds) <= high
    assert all(kinds)  # every kind comes


def test_no_edits_without_the_fault() -> None:
    client = _client()
    first = [_page(client, 0, 1000) for _ in range(5)]
    assert first[0] == first[-1]
    assert client.app.state.control.edits.added == 0  # type: ignore[attr-defined]


def _answers(seed: int) -> list[Any]:
    client = _client(edits_per_request=1.5, edit_early_numbers=True, seed=seed)
    sorts = ["number", "id", "status", "dueDate", "contact", "cost"]
    return [_page(client, start, 40, sort_by) for start in (0, 40, 80) for sort_by in sorts]


def test_edits_are_the_same_under_the_same_seed_and_order_of_arrival() -> None:
    assert _answers(3) == _answers(3)
    assert _answers(3) != _answers(4)


@pytest.mark.parametrize("sort_by", [None, "number", "id", "issueDate", "dueDate", "status", "contact"])
@settings(max_examples=40, derandomize=True, deadline=None)
@given(filters=queries, edits=st.integers(0, 4))
def test_after_edits_the_store_agrees_with_the_reference(
    sort_by: str | None, filters: InvoiceQuery, edits: int
) -> None:
    _edit(edits)
    assert_answers_as_the_reference(EDITED, dataclasses.replace(filters, sort_by=sort_by), _current_rows(EDITED))


@settings(max_examples=40, derandomize=True, deadline=None)
@given(query=queries, sort_by=st.sampled_from(sorted(IN_MEMORY_KEYS)), edits=st.integers(0, 4))
def test_after_edits_in_memory_sorts_agree_with_the_reference(query: InvoiceQuery, sort_by: str, edits: int) -> None:
    _edit(edits)
    query = dataclasses.replace(query, sort_by=sort_by)
    key = IN_MEMORY_KEYS[sort_by]
    matches = reference_matches(query, _current_rows(EDITED))
    kept = [row for row in matches if not (sort_by.startswith("contact.") and row.wire["contact"] is None)]
    keys = sorted((key(row.wire) for row in kept), reverse=query.descending)

    answer = EDITED.search(query)

    assert [key(json.loads(invoice)) for invoice in answer.invoices] == keys[
        query.start_index : query.start_index + (query.count or 1000)
    ]
    assert answer.fetched == len(matches)


def test_added_invoices_are_complete_with_new_ids_and_the_next_or_an_early_number() -> None:
    store = EditableStore(DATA, seed=5, slots=300)
    before = {row.wire["number"] for row in _current_rows(store)}
    with store.lock:
        ids = [store.add(early=index % 2 == 1) for index in range(300)]
    added = [row.wire for row in _current_rows(store) if row.wire["number"] not in before]
    by_id = {wire["id"]: wire for wire in added}

    assert ids == list(range(int(DATA.ids.max()) + 1, int(DATA.ids.max()) + 301))
    assert sorted(by_id) == ids
    assert by_id[ids[0]]["number"] == f"INV-{int(DATA.ids.max()) + 1:06d}"
    smallest = min(before)
    early = [by_id[invoice_id]["number"] for invoice_id in ids[1::2]]
    assert all(number < smallest for number in early)
    assert early == sorted(early, reverse=True)  # each sorts before the one added before it
    assert all(wire["issueDate"] <= wire["dueDate"] and wire["currency"] and wire["status"] for wire in added)


def test_a_larger_reserve_keeps_the_state_and_the_answers() -> None:
    store = EditableStore(DATA, seed=5, slots=3)
    with store.lock:
        apply_edits(store, random.Random(1), 8, early_numbers=True)
    assert store.free_slots < 3
    larger = store.grown()
    query = InvoiceQuery(count=1000, sort_by="status")
    assert larger.free_slots > store.free_slots
    assert sorted(larger.search(query).invoices) == sorted(store.search(query).invoices)


def _walk(client: TestClient, page_size: int) -> list[int]:
    """Today's plain walk: pages by ``startIndex``, until a short page."""
    ids: list[int] = []
    while True:
        page = _page(client, len(ids), page_size)["response"]
        ids += [invoice["id"] for invoice in page]
        if len(page) < page_size:
            return ids


def _ids_now(client: TestClient) -> set[int]:
    store = client.app.state.control.store  # type: ignore[attr-defined]
    return set(store.data.ids[store.positions()].tolist())


def test_a_plain_start_index_walk_repeats_and_misses_invoices_under_edits() -> None:
    client = _client(edits_per_request=1, edit_early_numbers=True, seed=11)
    before = _ids_now(client)

    walked = _walk(client, 25)
    throughout = before & _ids_now(client)

    repeated = [invoice_id for invoice_id, times in Counter(walked).items() if times > 1]
    missed = throughout - set(walked)
    assert repeated
    assert missed


def test_a_plain_start_index_walk_is_exact_without_edits() -> None:
    client = _client(seed=11)
    expected = [invoice["id"] for invoice in _page(client, 0, 1000)["response"]]

    assert _walk(client, 25) == expected
    assert sorted(expected) == sorted(_ids_now(client))


def test_the_command_takes_the_edit_flags() -> None:
    command = [sys.executable, "-m", "onlyoffice_mock_portal", "--port", "0", "--invoices", "40", "--token", "t",
               "--edits-per-request", "3", "--edit-early-numbers", "--rate-limit", "0"]  # fmt: skip
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        url = process.stdout.readline().split()[4]
        pages = [httpx.get(url + FILTER_PATH, headers={"Authorization": "t"}, timeout=10).json() for _ in range(4)]
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=10)
    assert len({json.dumps(page) for page in pages}) == 4  # every request met three edits
    refused = subprocess.run([*command[:3], "--edits-per-request", "-1"], capture_output=True, text=True,
                             timeout=30, check=False)  # fmt: skip
    assert refused.returncode == 2
    assert "--edits-per-request" in refused.stderr
