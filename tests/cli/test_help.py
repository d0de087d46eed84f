"""What ``--version`` and ``--help`` show: the version, flags without ``<bool>``, the status words as the table
shows them, and every exit code."""

from __future__ import annotations

import re

from onlyoffice_crm_cli import ExitCode
from onlyoffice_crm_cli._exit_codes import SUMMARIES

from .conftest import MockPortal, invoke, token_env


def test_version_and_flags_in_help() -> None:
    version = invoke("--version")
    assert re.fullmatch(r"onlyoffice-crm \d+\.\d+\.\d+\n", version.stdout)
    for command in (["invoices", "list"], ["invoices", "export"], ["invoices", "totals"]):
        shown = invoke(*command, "--help").stdout
        assert "<bool>" not in shown
        assert "--help" in shown


def test_the_help_lists_the_status_words_the_table_shows(mock_portal: MockPortal) -> None:
    shown = invoke("invoices", "list", "--help").stdout
    assert "draft, billed, rejected, paid, archive" in shown
    table = invoke("invoices", "list", "--limit", "200", env=token_env(mock_portal)).stdout
    assert {"Draft", "Billed", "Rejected", "Paid", "Archive"} <= set(table.split())


def test_every_exit_code_is_summed_up_at_the_end_of_each_help() -> None:
    assert [code for code in ExitCode if code not in SUMMARIES] == []
    for command in ([], ["login"], ["invoices"], ["invoices", "list"], ["invoices", "export"], ["invoices", "totals"]):
        shown = " ".join(invoke(*command, "--help").stdout.split())
        assert "Exit codes: " + "; ".join(f"{code.value} {SUMMARIES[code]}" for code in ExitCode) in shown
