"""Shell completion offers the words the options take, from the library's declarations (``STATUS_WORDS``,
``ORDER_WORDS``) and the command's own choices (``--by``, ``--token-store``, ``--columns``), as a shell asks for
them."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from onlyoffice_crm import ORDER_WORDS, STATUS_WORDS, FilterKind
from onlyoffice_crm_cli._columns import all_columns
from onlyoffice_crm_cli._options import filter_options
from onlyoffice_crm_cli._token_store import StoreKind
from onlyoffice_crm_cli._totals import GroupBy
from onlyoffice_crm_cli.app import app

PROGRAM = "onlyoffice-crm"


def completed(line: str) -> list[str]:
    """What bash completion offers for the last word of ``onlyoffice-crm LINE`` (an empty word after a space)."""
    words = [PROGRAM, *line.split()]
    if line.endswith(" "):
        words.append("")
    environment = {
        "_ONLYOFFICE_CRM_COMPLETE": "complete_bash",
        "COMP_WORDS": " ".join(words),
        "COMP_CWORD": str(len(words) - 1),
    }
    result = CliRunner().invoke(app, [], env=environment, prog_name=PROGRAM)
    assert result.exit_code == 0, result.output
    return result.stdout.split()


STATUS_OPTIONS = [o.flag for o in filter_options(ordered=True) if o.keyword.kind is FilterKind.STATUS]


@pytest.mark.parametrize("command", ["list", "export", "totals"])
def test_status_completes_the_library_status_words(command: str) -> None:
    assert STATUS_OPTIONS  # the library declares a status keyword
    for flag in STATUS_OPTIONS:
        assert completed(f"invoices {command} {flag} ") == list(STATUS_WORDS.values())
    assert completed(f"invoices {command} --status pa") == ["paid"]
    assert completed(f"invoices {command} -s ar") == ["archive"]


@pytest.mark.parametrize("command", ["list", "export"])
def test_sort_completes_the_library_order_words(command: str) -> None:
    assert completed(f"invoices {command} --sort ") == list(ORDER_WORDS)
    assert completed(f"invoices {command} --sort is") == ["issued"]


def test_group_and_token_store_complete_their_choices() -> None:
    assert completed("invoices totals --by ") == [member.value for member in GroupBy]
    assert completed("invoices totals --by mo") == ["month"]
    stores = [kind.value for kind in StoreKind]
    assert completed("--token-store ") == stores
    assert completed("invoices list --token-store ") == stores  # the root's option after a command too
    assert completed("login https://portal.example.com --token-store k") == ["keyring"]


def test_columns_complete_the_names_after_the_last_comma() -> None:
    names = list(all_columns())
    assert completed("invoices export --columns ") == ["all", *names]
    assert completed("invoices export --columns number,st") == ["number,status"]
    assert completed("invoices export --columns number,") == [f"number,{name}" for name in names if name != "number"]
