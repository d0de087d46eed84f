"""A result with no invoice is a sentence that says nothing matched, not an empty table reading ``0 of 0``;
CSV and JSON still write their empty shape. (With a currency the portal's invoices do not use, the hint after
the sentence: test_filters_on_a_portal.py.)"""

from __future__ import annotations

import csv
import io
import json

import pytest

from onlyoffice_mock_portal import MockPortal as FixturePortal

from .conftest import MockPortal, invoke

NOTHING_MATCHES = "No invoice matches these filters.\n"


@pytest.mark.parametrize(
    "command",
    [["invoices", "list"], ["invoices", "totals"], ["invoices", "totals", "--by", "month", "--chart"]],
    ids=" ".join,
)
def test_nothing_matching_is_a_sentence(logged_in: MockPortal, command: list[str]) -> None:
    result = invoke(*command, "--issued", "1999")
    assert result.exit_code == 0, result.output
    assert result.stdout == NOTHING_MATCHES
    assert "0 of 0" not in result.output


def test_an_empty_portal_says_it_has_no_invoices(onlyoffice_portal: FixturePortal) -> None:
    onlyoffice_portal.set_invoices([])
    env = {"ONLYOFFICE_URL": onlyoffice_portal.url, "ONLYOFFICE_TOKEN": onlyoffice_portal.token}
    result = invoke("invoices", "list", env=env)
    assert result.exit_code == 0, result.output
    assert result.stdout == "The portal has no invoices (none that this user may see).\n"


def test_csv_and_json_keep_their_empty_shape(logged_in: MockPortal) -> None:
    as_csv = invoke("invoices", "totals", "--by", "status", "--issued", "1999", "-f", "csv")
    as_json = invoke("invoices", "totals", "--issued", "1999", "-f", "json")
    assert as_csv.exit_code == as_json.exit_code == 0
    assert list(csv.reader(io.StringIO(as_csv.stdout))) == [["status", "currency", "invoices", "amount"]]
    assert json.loads(as_json.stdout) == []
