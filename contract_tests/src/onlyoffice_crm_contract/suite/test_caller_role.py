"""Whom the token belongs to (``roles.py``), told to the run's summary, and what holds of permissions for that
caller: ``canEdit`` is ``canDelete`` on drafts for everyone, ``canDelete`` on every invoice for an admin."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from onlyoffice_crm_client import AuthenticatedClient

from ..interface import CALLER_ROLE_PROPERTY
from .roles import CallerRole, first_read, guest_read_problems, permission_problems, role_contradictions

pytestmark = pytest.mark.target  # sent to the target: selected by the contract runner


def test_the_caller_role_is_what_the_filter_answers(
    client: AuthenticatedClient, caller_role: CallerRole, record_property: Callable[[str, object], None]
) -> None:
    record_property(CALLER_ROLE_PROPERTY, (caller_role.name, caller_role.how))
    answer = first_read(client)

    assert role_contradictions(caller_role, answer) == []


def test_can_edit_and_can_delete_are_what_the_caller_may_do(
    client: AuthenticatedClient, caller_role: CallerRole
) -> None:
    caller_role.require_invoices("canEdit and canDelete")
    answer = first_read(client)

    assert answer.status_code == 200, f"{answer.status_code}: {answer.content[:300]!r}"
    problems = permission_problems(answer.json()["response"], caller_role)
    assert problems == [], "\n".join(problems[:8])


def test_a_guest_is_forbidden_every_read_in_every_order(client: AuthenticatedClient, caller_role: CallerRole) -> None:
    """A guest's read is refused after its parameters bind, whatever it asks (``ProductSecurityFilter.cs:76-137``):
    every sort key in every direction answers the 403 envelope. What a guest's run can check of the reads that
    would otherwise answer invoices."""
    if caller_role.reads_invoices:
        pytest.skip(f"a check of a guest's answers; the caller is {caller_role.name}")
    wrong = guest_read_problems(client)

    assert wrong == [], "; ".join(wrong[:8])
