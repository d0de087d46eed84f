"""The target's answer to each request of the spec's ``x-known-defects``: the defect (a warning), or right."""

from __future__ import annotations

import warnings
from collections.abc import Callable

import pytest

import onlyoffice_crm_spec as spec
from onlyoffice_crm_client import AuthenticatedClient

from ..interface import KNOWN_DEFECT_PROPERTY
from .known_defects import KnownDefect, KnownServerDefectWarning, known_defects
from .roles import CallerRole

DEFECTS = list(known_defects())

pytestmark = pytest.mark.target  # sent to the target: selected by the contract runner


def test_the_spec_lists_known_defects_with_their_source() -> None:
    assert DEFECTS, "x-known-defects is empty: delete this module rather than run it on nothing"
    assert all(defect.source and defect.why for defect in DEFECTS)


@pytest.mark.parametrize("defect", DEFECTS, ids=lambda defect: "&".join(defect.params.values()))
def test_a_known_server_defect_is_reported_not_failed(
    client: AuthenticatedClient,
    defect: KnownDefect,
    caller_role: CallerRole,
    record_property: Callable[[str, object], None],
) -> None:
    caller_role.require_invoices("a known defect's answer (the defects are answers to reads of invoices)")
    # The generated client only sends the values the spec allows; these are, by definition, others.
    response = client.get_httpx_client().get(spec.FILTER_PATH, params=defect.params)

    if response.status_code == defect.answer:
        line = defect.describe(response.status_code)
        record_property(KNOWN_DEFECT_PROPERTY, line)
        warnings.warn(line, KnownServerDefectWarning, stacklevel=1)
        return
    # A portal without the defect must answer as the contract says for any other sort key.
    assert response.status_code == 200, f"{response.status_code} {response.text[:200]!r}: not the known defect"
    assert response.json()["statusCode"] == 200
