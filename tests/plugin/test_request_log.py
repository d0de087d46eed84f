"""What a downstream test reads of the requests its code sent (issue 28): each answer's status, so that "503, then
200" can be asserted; the query in the library's words; and a fault that hits the first requests for sure."""

from __future__ import annotations

import datetime as dt
from typing import Any

import httpx
import pytest

from onlyoffice_crm import ORDER_WORDS, STATUS_WORDS, AuthenticationError, Portal, StatusWord
from onlyoffice_crm_spec import FILTER_PATH
from onlyoffice_mock_portal.pytest_plugin import MockPortal


def statuses(portal: MockPortal) -> list[int | None]:
    return [request.status for request in portal.requests]


def test_each_request_carries_the_status_of_its_answer(onlyoffice_portal: MockPortal) -> None:
    with Portal(onlyoffice_portal.url, onlyoffice_portal.token) as portal:
        portal.count_invoices()
    with Portal(onlyoffice_portal.url, "wrong-token") as portal, pytest.raises(AuthenticationError):
        portal.count_invoices()

    assert statuses(onlyoffice_portal) == [200, 401]


def test_fail_first_fails_exactly_the_first_requests_then_the_portal_answers(onlyoffice_portal: MockPortal) -> None:
    onlyoffice_portal.set_faults(fail_first=2)

    with Portal(onlyoffice_portal.url, onlyoffice_portal.token) as portal:
        assert portal.count_invoices() == 20  # the library retried twice

    assert statuses(onlyoffice_portal) == [503, 503, 200]


def test_fail_first_starts_again_in_the_next_test_and_with_each_set_faults(onlyoffice_portal: MockPortal) -> None:
    with Portal(onlyoffice_portal.url, onlyoffice_portal.token) as portal:
        portal.count_invoices()
        onlyoffice_portal.set_faults(fail_first=1)
        portal.count_invoices()
        portal.count_invoices()

    assert statuses(onlyoffice_portal) == [200, 503, 200, 200]


def test_fail_first_comes_before_the_drawn_faults_whatever_the_draw(onlyoffice_portal: MockPortal) -> None:
    onlyoffice_portal.set_faults(fail_first=1, error_share=0.0, latency_ms=1)

    with Portal(onlyoffice_portal.url, onlyoffice_portal.token) as portal:
        portal.count_invoices()

    assert statuses(onlyoffice_portal) == [503, 200]


STATUS_IDS = {"draft": 1, "billed": 2, "rejected": 3, "paid": 4, "archive": 5}


@pytest.mark.parametrize("word", list(STATUS_WORDS.values()))
def test_every_status_is_read_back_in_the_librarys_word(onlyoffice_portal: MockPortal, word: StatusWord) -> None:
    with Portal(onlyoffice_portal.url, onlyoffice_portal.token) as portal:
        portal.count_invoices(status=word)

    (request,) = onlyoffice_portal.requests
    assert ("status", str(STATUS_IDS[word])) in request.query  # the wire value, as sent
    assert request.filters["status"] == word


@pytest.mark.parametrize("word", list(ORDER_WORDS))
def test_every_order_is_read_back_in_the_librarys_word(onlyoffice_portal: MockPortal, word: str) -> None:
    with Portal(onlyoffice_portal.url, onlyoffice_portal.token) as portal:
        portal.page(limit=1, order_by=ORDER_WORDS[word], descending=True)

    (request,) = onlyoffice_portal.requests
    assert (request.filters["order_by"], request.filters["descending"]) == (word, True)


@pytest.mark.parametrize(
    ("given", "read"),
    [
        ({"issued": "2024-Q1"}, {"issued": (dt.date(2024, 1, 1), dt.date(2024, 3, 31))}),
        ({"due": (dt.date(2024, 6, 1), None)}, {"due": (dt.date(2024, 6, 1), None)}),
        ({"issued": (None, dt.date(2023, 12, 31))}, {"issued": (None, dt.date(2023, 12, 31))}),
        ({"contact": 5}, {"contact": 5}),
        ({"opportunity": 7}, {"opportunity": 7}),
        ({"currency": "eur"}, {"currency": "EUR"}),
        ({"search": "INV 12"}, {"search": "INV 12"}),
    ],
    ids=["issued", "due from", "issued until", "contact", "opportunity", "currency", "search"],
)
def test_each_filter_is_read_back_in_the_librarys_words(
    onlyoffice_portal: MockPortal, given: dict[str, Any], read: dict[str, Any]
) -> None:
    with Portal(onlyoffice_portal.url, onlyoffice_portal.token) as portal:
        portal.page(limit=1, **given)

    (request,) = onlyoffice_portal.requests
    assert request.filters == {**read, "order_by": "number", "descending": False}


def test_a_query_the_library_never_sends_is_read_as_far_as_it_can_be(onlyoffice_portal: MockPortal) -> None:
    query = {"status": "Paid", "issueDateFrom": "yesterday", "entityType": "company", "entityid": "3", "count": "5"}
    httpx.get(onlyoffice_portal.url + FILTER_PATH, params=query, headers={"Authorization": onlyoffice_portal.token})

    (request,) = onlyoffice_portal.requests
    assert request.filters == {"status": "paid", "issued": ("yesterday", None)}
    assert request.status == 400  # the date the portal cannot read
