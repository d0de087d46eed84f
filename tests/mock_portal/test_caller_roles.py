"""What each caller role gets from the filter: the administrator, a user who may not see every contact, a guest."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from starlette.testclient import TestClient

from onlyoffice_crm_spec import FILTER_PATH
from onlyoffice_mock_portal.app import create_app
from onlyoffice_mock_portal.caller import ROLES, caller_id, spec_caller_roles
from onlyoffice_mock_portal.config import PortalConfig

from .wire_pages import spec_invoices

INVOICES = 400
PAGE = 25


def client(role: str, **settings: Any) -> TestClient:
    config = PortalConfig(**{"invoices": INVOICES, "seed": 5, "rate_limit": 0, "role": role,
                             "deep_page_seconds_per_1000_rows": 0, **settings})  # fmt: skip
    return TestClient(create_app(config), headers={"Authorization": config.token})


@pytest.fixture(scope="module")
def admin() -> Iterator[TestClient]:
    with client("admin") as portal:
        yield portal


@pytest.fixture(scope="module")
def user() -> Iterator[TestClient]:
    with client("user") as portal:
        yield portal


def everything(portal: TestClient, **params: Any) -> dict[str, Any]:
    answer: dict[str, Any] = portal.get(FILTER_PATH, params={"count": 1000, **params}).json()
    return answer


def hidden_from_the_user(invoice: dict[str, Any], me: str) -> bool:
    """The server's rule (CRMSecutiry.cs:271-277, 875-900): a private contact the caller is not listed on, or a
    contact row that is gone."""
    contact = invoice["contact"]
    if contact is None:
        return True
    return bool(contact["isPrivate"]) and me not in {person["id"] for person in contact.get("accessList", [])}


def me(portal: TestClient) -> str:
    found = caller_id(portal.app.state.control.store.data)  # type: ignore[attr-defined]
    assert found is not None
    return found


def test_the_mock_answers_as_every_role_of_the_spec_x_caller_roles() -> None:
    assert tuple(spec_caller_roles()) == ROLES


def test_a_user_does_not_get_invoices_whose_contact_is_hidden_invoicedao_cs_187_238(
    admin: TestClient, user: TestClient
) -> None:
    """CRMSecutiry.cs:875-900 (FilterRead) drops them on every branch of InvoiceDao.cs:187-238."""
    all_invoices = everything(admin)["response"]
    hidden = {invoice["id"] for invoice in all_invoices if hidden_from_the_user(invoice, me(admin))}
    assert 0 < len(hidden) < len(all_invoices)

    got = everything(user)["response"]
    assert [invoice["id"] for invoice in got] == [
        invoice["id"] for invoice in all_invoices if invoice["id"] not in hidden
    ]
    assert all(invoice["contact"] is not None for invoice in got)


def test_contact_null_only_for_an_administrator_and_a_deleted_contact_row_crmapi_invoices_cs_1602_1617(
    admin: TestClient, user: TestClient
) -> None:
    """An administrator gets private contacts in full (CRMSecutiry.cs:271-277); null means the row is gone."""
    all_invoices = everything(admin)["response"]
    nulls = [invoice for invoice in all_invoices if invoice["contact"] is None]
    assert nulls
    assert all(invoice["canDelete"] for invoice in nulls)
    private = [invoice for invoice in all_invoices if invoice["contact"] and invoice["contact"]["isPrivate"]]
    assert any(hidden_from_the_user(invoice, me(admin)) for invoice in private)
    assert not [invoice for invoice in everything(user)["response"] if invoice["contact"] is None]


def test_start_index_counts_visible_invoices_and_every_page_but_the_last_is_full_invoicedao_cs_187_238(
    user: TestClient,
) -> None:
    expected = [invoice["id"] for invoice in everything(user)["response"]]
    walked: list[int] = []
    sizes = []
    while True:
        page = user.get(FILTER_PATH, params={"count": PAGE, "startIndex": len(walked)}).json()["response"]
        walked += [invoice["id"] for invoice in page]
        sizes.append(len(page))
        if len(page) < PAGE:
            break
    assert walked == expected
    assert all(size == PAGE for size in sizes[:-1])


def test_a_full_pages_total_counts_hidden_invoices_and_the_last_pages_is_start_plus_returned_invoicedao_cs_321_374(
    user: TestClient,
) -> None:
    """GetInvoicesCount subtracts only private invoices (none ever are); CRMApi.Invoices.cs:207-209 on the last."""
    visible = len(everything(user)["response"])
    assert visible < INVOICES
    first = user.get(FILTER_PATH, params={"count": PAGE}).json()
    assert first["total"] == INVOICES
    last_start = visible - visible % PAGE
    last = user.get(FILTER_PATH, params={"count": PAGE, "startIndex": last_start}).json()
    assert last["total"] == last_start + len(last["response"]) == visible
    beyond = user.get(FILTER_PATH, params={"count": PAGE, "startIndex": visible + 10}).json()
    assert beyond["response"] == []
    assert beyond["total"] == visible + 10


@pytest.mark.parametrize("sort_by", ["cost", "createOn", "templateType"])
def test_an_in_memory_sort_is_empty_for_a_user_when_a_match_is_hidden_invoicedao_cs_187_238(
    admin: TestClient, user: TestClient, sort_by: str
) -> None:
    """CRMApi.Invoices.cs:192-202 calls the DAO with from = count = 0: one hidden match ends in Take(0)."""
    assert len(everything(admin, sortBy=sort_by)["response"]) == INVOICES
    answer = user.get(FILTER_PATH, params={"sortBy": sort_by, "startIndex": 7}).json()
    assert answer["response"] == []
    assert answer["total"] == 7


def test_an_in_memory_sort_works_for_a_user_when_every_match_is_visible_invoicedao_cs_203(
    admin: TestClient, user: TestClient
) -> None:
    """With nothing hidden among the matches FilterRead keeps them all (InvoiceDao.cs:203-207)."""
    invoices = everything(user)["response"]
    contact_id = invoices[0]["contact"]["id"]
    params = {"entityType": "contact", "entityid": contact_id, "sortBy": "cost"}
    ids = [invoice["id"] for invoice in everything(user, **params)["response"]]
    assert ids == [invoice["id"] for invoice in everything(admin, **params)["response"]]
    assert len(ids) > 1


def test_can_delete_is_admin_or_creator_and_can_edit_is_that_for_drafts_crmsecutiry_cs_452_455_479_482(
    admin: TestClient, user: TestClient
) -> None:
    all_invoices = everything(admin)["response"]
    assert all(invoice["canDelete"] for invoice in all_invoices)
    assert all(invoice["canEdit"] == (invoice["status"]["id"] == 1) for invoice in all_invoices)
    mine = me(user)
    got = everything(user)["response"]
    assert {invoice["canDelete"] for invoice in got} == {True, False}
    for invoice in got:
        assert invoice["canDelete"] == (invoice["createBy"]["id"] == mine)
        assert invoice["canEdit"] == (invoice["canDelete"] and invoice["status"]["id"] == 1)


def test_a_guest_gets_the_403_envelope_after_binding_productsecurityfilter_cs_76_137() -> None:
    """WebItemSecurity.cs:102-107 (visitors never get the CRM), ApiManager.cs:66,80 (bind, then filter)."""
    with client("guest") as guest:
        answer = guest.get(FILTER_PATH, params={"startIndex": 5})
        assert answer.status_code == 403
        assert answer.content == (b'{"startIndex":5,"status":1,"statusCode":403,'
                                  b'"error":{"message":"Forbidden","hresult":-2147467259,"data":{}}}')  # fmt: skip
        assert guest.get(FILTER_PATH, params={"status": "foo"}).status_code == 400
        # The entityType check is in the method's body (CRMApi.Invoices.cs:143-147), after the security filter.
        assert guest.get(FILTER_PATH, params={"entityType": "foo"}).status_code == 403
        assert guest.get(FILTER_PATH, headers={"Authorization": "wrong"}).status_code == 401


def test_deep_pages_make_a_user_wait_by_start_index_invoicedao_cs_186_237() -> None:
    """The stated rule: seconds_per_1000_rows * min(startIndex + count + 1, invoices) / 1000 for a user."""

    def waited(portal: TestClient, start: int) -> float:
        started = time.perf_counter()
        portal.get(FILTER_PATH, params={"count": 1, "startIndex": start})
        return time.perf_counter() - started

    with client("admin", deep_page_seconds_per_1000_rows=1.0) as portal:
        assert waited(portal, 300) < 0.2
    with client("user", deep_page_seconds_per_1000_rows=1.0) as portal:
        assert waited(portal, 300) >= 0.3
        assert waited(portal, 0) < 0.2
        assert 0.4 <= waited(portal, 2_000_000_000) < 1.5  # never more rows than the portal has (400)


def test_a_users_walk_with_edits_never_shows_a_hidden_invoice_crmsecutiry_cs_875_900() -> None:
    with client("user", edits_per_request=3) as portal:
        mine = me(portal)
        for start in range(0, 300, 50):
            page = portal.get(FILTER_PATH, params={"count": 50, "startIndex": start}).json()["response"]
            assert not [invoice for invoice in page if hidden_from_the_user(invoice, mine)]


def test_a_contacts_can_edit_is_the_callers_crmsecutiry_cs_436_439(admin: TestClient, user: TestClient) -> None:
    """Shared for writing (ShareType.ReadWrite = 1), an administrator, or on the access list."""
    assert {invoice["contact"]["canEdit"] for invoice in everything(admin)["response"] if invoice["contact"]} == {True}
    mine = me(user)
    contacts = [invoice[key] for invoice in everything(user)["response"] for key in ("contact", "consignee")]
    shown = [contact for contact in contacts if contact is not None]
    assert {contact["canEdit"] for contact in shown} == {True, False}
    for contact in shown:
        listed = mine in {person["id"] for person in contact.get("accessList", [])}
        assert contact["canEdit"] == (contact["shareType"] == 1 or listed)


def test_a_user_never_gets_an_invoice_with_a_null_contact_from_records_crmsecutiry_cs_742_875_900() -> None:
    """A null contact is a row that is gone (no invoice can be created without one, CRMSecutiry.cs:742), and
    FilterRead drops it; an administrator gets it."""
    records = spec_invoices()
    records[1]["contact"] = None
    for role, expected in (("admin", [12, 13, 14]), ("user", [12, 14])):
        with client(role) as portal:
            portal.app.state.control.set_invoices(records)  # type: ignore[attr-defined]
            assert [invoice["id"] for invoice in everything(portal)["response"]] == expected
