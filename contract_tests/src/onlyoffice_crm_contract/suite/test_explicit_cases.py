"""The deterministic phase: every explicit case of ``explicit_cases.py`` against the target, each with its oracle.

A case the portal's data cannot serve (no opportunity to filter by, say) is skipped with its reason; a case the
portal changed under on every attempt has no verdict: a warning, as for page walks (``reference.py``).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from onlyoffice_crm_client import AuthenticatedClient

from .explicit_cases import ExplicitCase, UnreachableError, explicit_cases
from .paging import PagingCheck, report_inconclusive
from .reference import ReferenceHolder, decide, read_reference
from .roles import CallerRole, for_guest, for_role

CASES = explicit_cases()

pytestmark = pytest.mark.target  # sent to the target: selected by the contract runner


@pytest.fixture(scope="module")
def reference(client: AuthenticatedClient, caller_role: CallerRole) -> ReferenceHolder | None:
    """The whole result in number order, read once and refreshed whenever a case reads it again; None for a
    guest, who is refused every read of invoices."""
    if not caller_role.reads_invoices:
        return None
    return ReferenceHolder(read_reference(client))


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_an_explicit_case_gets_what_the_spec_documents(
    client: AuthenticatedClient,
    reference: ReferenceHolder | None,
    case: ExplicitCase,
    caller_role: CallerRole,
    record_property: Callable[[str, object], None],
) -> None:
    if reference is None:
        problems = for_guest(case.check, case.covers, caller_role)(client)
        assert problems == [], "\n".join(problems)
        return
    try:
        verdict = decide(client, for_role(case.check, case.covers, caller_role), reference)
    except UnreachableError as reason:
        pytest.skip(f"the portal's data cannot serve this case: {reason}")
    if verdict.inconclusive:
        report_inconclusive([PagingCheck([], 2, True, case.name)], "explicit cases", record_property)

    assert verdict.problems == [], "\n".join(verdict.problems)
