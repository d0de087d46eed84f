"""Proof that the role-aware checks can fail (``suite/roles.py``): a portal that breaks what holds for its
caller's role is caught, as admin, user and guest; the real mock portal passes them in each role."""

from __future__ import annotations

import json
from typing import Any

import pytest
from starlette.types import ASGIApp

from contract_tests.proofs import broken_portals
from onlyoffice_crm_client.models import InvoiceSortBy
from onlyoffice_crm_contract.suite.explicit_cases import BAD_REQUESTS, error_check, sort_item, sorted_check
from onlyoffice_crm_contract.suite.reference import read_reference
from onlyoffice_crm_contract.suite.roles import (
    first_read,
    for_guest,
    for_role,
    guest_read_problems,
    permission_problems,
    resolve_caller_role,
    role_contradictions,
)
from onlyoffice_crm_contract.suite.target import InProcessTarget
from onlyoffice_mock_portal.app import create_app
from onlyoffice_mock_portal.config import PortalConfig

BILLED = 2


def portal(role: str) -> tuple[ASGIApp, str]:
    config = PortalConfig(invoices=60, rate_limit=0, role=role)
    return create_app(config), config.token


def _every_invoice(change: Any) -> broken_portals.BodyRewrite:
    def rewrite(status: int, body: bytes, query: str) -> tuple[int, bytes]:
        if status != 200:
            return status, body
        document = json.loads(body)
        for invoice in document.get("response", []):
            change(invoice)
        return status, json.dumps(document).encode()

    return rewrite


def editable_when_billed(invoice: dict[str, Any]) -> None:
    """The old mock's mistake: a billed invoice the caller may delete is editable."""
    if invoice["canDelete"] and invoice["status"]["id"] == BILLED:
        invoice["canEdit"] = True


def undeletable_by_an_admin(invoice: dict[str, Any]) -> None:
    if invoice["id"] % 7 == 0:
        invoice["canDelete"] = invoice["canEdit"] = False


def in_memory_sort_cut_short(status: int, body: bytes, query: str) -> tuple[int, bytes]:
    """An in-memory sort that answers some of the visible invoices instead of all or ``[]``."""
    if status != 200 or "sortBy=cost" not in query:
        return status, body
    document = json.loads(body)
    document["response"] = document["response"][:3]
    return status, json.dumps(document).encode()


@pytest.mark.parametrize("role", ["admin", "user"])
def test_the_real_mock_portal_passes_the_permission_check_in_each_role(role: str) -> None:
    app, token = portal(role)
    target = InProcessTarget(app, token)
    with target.client() as client:
        caller = resolve_caller_role("auto", client)
        answer = first_read(client)

    assert caller.name == role
    assert permission_problems(answer.json()["response"], caller) == []


@pytest.mark.parametrize(
    ("role", "change", "caught"),
    [
        ("admin", editable_when_billed, "canEdit must be canDelete on a draft"),
        ("user", editable_when_billed, "canEdit must be canDelete on a draft"),
        ("admin", undeletable_by_an_admin, "for an admin"),
    ],
    ids=["admin-billed-editable", "user-billed-editable", "admin-cannot-delete"],
)
def test_a_portal_with_wrong_permissions_is_caught(role: str, change: Any, caught: str) -> None:
    app, token = portal(role)
    broken = InProcessTarget(broken_portals.rewrite_responses(app, _every_invoice(change)), token)
    with broken.client() as client:
        given = resolve_caller_role(role, client)
        problems = permission_problems(first_read(client).json()["response"], given)

    assert any(caught in problem for problem in problems), problems


def test_an_admin_token_that_is_shown_not_to_be_one_is_caught() -> None:
    app, token = portal("user")
    with InProcessTarget(app, token).client() as client:
        problems = role_contradictions(resolve_caller_role("admin", client), first_read(client))

    assert len(problems) == 1
    assert "canDelete false on invoice" in problems[0]


def test_an_in_memory_sort_cut_short_is_caught_for_an_admin() -> None:
    app, token = portal("admin")
    broken = InProcessTarget(broken_portals.rewrite_responses(app, in_memory_sort_cut_short), token)
    with broken.client() as client:
        problems = sorted_for_role(client)

    assert any("invoices where the portal has" in problem for problem in problems), problems


def test_an_in_memory_sort_that_answers_invoices_out_of_order_is_caught_for_a_user() -> None:
    """For a user an in-memory sort may answer ``[]``; when it answers invoices, they are the whole result in
    order: a portal that ignores ``sortBy`` answers them by number, and is caught."""
    app, token = portal("user")
    broken = InProcessTarget(broken_portals.ignoring_parameter(app, "sortBy"), token)
    with broken.client() as client:
        problems = sorted_for_role(client)

    assert any("out of ascending order by cost" in problem for problem in problems), problems


def test_an_emptied_in_memory_sort_is_impossible_to_check_for_a_user_not_failed() -> None:
    app, token = portal("user")
    with InProcessTarget(app, token).client() as client, pytest.raises(pytest.skip.Exception) as skipped:
        sorted_for_role(client)

    assert str(skipped.value).startswith("impossible for a user: an in-memory sortBy answered []")


def sorted_for_role(client: Any) -> list[str]:
    """The explicit case ``sortBy=cost`` ascending as it holds for the caller's (inferred) role."""
    covers = frozenset({sort_item(InvoiceSortBy.COST.value, "ascending")})
    check = for_role(sorted_check(InvoiceSortBy.COST, False), covers, resolve_caller_role("auto", client))
    return check(client, read_reference(client))


def forbidden_without_its_envelope(status: int, body: bytes, query: str) -> tuple[int, bytes]:
    return (status, b"") if status == 403 else (status, body)


def forbidden_before_binding(status: int, body: bytes, query: str) -> tuple[int, bytes]:
    """A guest's bad parameter answered 403, as if the security filter ran before binding."""
    return (403, body) if status == 400 else (status, body)


def test_a_guests_reads_pass_against_the_real_mock_and_fail_without_the_envelope() -> None:
    app, token = portal("guest")
    with InProcessTarget(app, token).client() as client:
        assert guest_read_problems(client) == []
    broken = InProcessTarget(broken_portals.rewrite_responses(app, forbidden_without_its_envelope), token)
    with broken.client() as client:
        assert len(guest_read_problems(client)) == 34  # every sort key in each direction


def test_a_guests_bad_parameter_that_is_not_a_400_is_caught() -> None:
    app, token = portal("guest")
    bad = BAD_REQUESTS[0]  # status=nonsense: a binding error
    covers = frozenset({"HTTP 400", f"parameter {next(iter(bad))}"})
    broken = InProcessTarget(broken_portals.rewrite_responses(app, forbidden_before_binding), token)
    with InProcessTarget(app, token).client() as client:
        guest = resolve_caller_role("auto", client)
        assert for_guest(error_check(bad), covers, guest)(client) == []
    with broken.client() as client:
        assert "403, not 400" in for_guest(error_check(bad), covers, guest)(client)[0]
