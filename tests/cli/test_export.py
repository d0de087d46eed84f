"""``invoices export`` end to end: every format has ``total`` rows with the API's values; nothing half-written."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl  # type: ignore[import-untyped]
import pytest

from onlyoffice_crm import ServerError
from onlyoffice_crm_cli._selection import InvoiceQuery
from onlyoffice_mock_portal.config import PortalConfig
from onlyoffice_mock_portal.testing import running_portal

from .conftest import MockPortal, invoke
from .oracle import ALL_COLUMNS, DEFAULT_COLUMNS, expected_rows, from_text, normal


def read_csv(text: str) -> tuple[list[str], list[dict[str, object]]]:
    header, *rows = list(csv.reader(io.StringIO(text, newline="")))
    return header, [
        {name: normal(from_text(name, cell)) for name, cell in zip(header, row, strict=True)} for row in rows
    ]


def read_json_objects(objects: list[dict[str, Any]]) -> list[dict[str, object]]:
    def typed(name: str, value: object) -> object:
        return normal(from_text(name, value) if isinstance(value, str) else value)

    return [{name: typed(name, value) for name, value in row.items()} for row in objects]


def read_xlsx(path: Path | io.BytesIO) -> tuple[list[str], list[dict[str, object]]]:
    def typed(name: str, value: object) -> object:
        if isinstance(value, float):
            return Decimal(repr(value))
        if name in {"issued", "due"} and isinstance(value, dt.datetime):
            return value.date()
        return normal(value)

    sheet = openpyxl.load_workbook(path, read_only=True).active
    header, *rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    return header, [{name: typed(name, cell) for name, cell in zip(header, row, strict=True)} for row in rows]


def split_created(rows: list[dict[str, object]]) -> tuple[list[dict[str, object]], list[dt.datetime]]:
    """The rows without ``created``, and ``created`` as the portal's clock time (Excel has no time zones)."""
    created = [row["created"] for row in rows]
    assert all(isinstance(value, dt.datetime) for value in created)
    return [{k: v for k, v in row.items() if k != "created"} for row in rows], [
        value.replace(tzinfo=None) for value in created if isinstance(value, dt.datetime)
    ]


def read_export(export_format: str, path: Path) -> tuple[list[str], list[dict[str, object]]]:
    if export_format == "csv":
        return read_csv(path.read_text(encoding="utf-8"))
    if export_format == "xlsx":
        return read_xlsx(path)
    text = path.read_text(encoding="utf-8")
    objects = json.loads(text) if export_format == "json" else [json.loads(line) for line in text.splitlines()]
    return list(objects[0]), read_json_objects(objects)


@pytest.mark.parametrize("export_format", ["csv", "jsonl", "json", "xlsx"])
def test_every_invoice_with_every_column_equals_the_api(
    logged_in: MockPortal, tmp_path: Path, export_format: str
) -> None:
    target = tmp_path / f"invoices.{export_format}"
    result = invoke("invoices", "export", "--format", export_format, "--columns", "all", "--output", str(target))
    assert result.exit_code == 0, result.output
    total = len(logged_in.wire_invoices)
    assert result.stderr == f"Wrote {total:,} invoices to {target}.\n"
    header, rows = read_export(export_format, target)
    assert header == ALL_COLUMNS
    assert len(rows) == total
    expected = expected_rows(logged_in.wire_invoices, ALL_COLUMNS)
    if export_format == "xlsx":  # Excel keeps time to the millisecond
        (rows, created), (expected, wanted) = split_created(rows), split_created(expected)
        assert all(abs(a - b) <= dt.timedelta(milliseconds=1) for a, b in zip(created, wanted, strict=True))
    assert rows == expected
    assert sorted(path.name for path in tmp_path.iterdir() if path.name != "config") == [target.name]


def test_amounts_are_exact_two_decimal_text(logged_in: MockPortal) -> None:
    result = invoke("invoices", "export", "--columns", "number,amount")
    assert result.exit_code == 0, result.output
    amounts = [row[1] for row in csv.reader(io.StringIO(result.stdout, newline=""))][1:]
    assert all(re.fullmatch(r"-?\d+\.\d\d", text) for text in amounts)
    assert sum(map(Decimal, amounts)) == sum(Decimal(invoice["cost"]) for invoice in logged_in.wire_invoices)


def test_filtered_export_to_standard_output(logged_in: MockPortal) -> None:
    paid_2024 = [
        invoice
        for invoice in logged_in.wire_invoices
        if invoice["status"]["id"] == 4 and invoice["issueDate"].startswith("2024-")
    ]
    result = invoke("invoices", "export", "--status", "paid", "--issued", "2024")
    assert result.exit_code == 0, result.output
    assert result.stderr == ""  # nothing extra when not writing to a terminal
    header, rows = read_csv(result.stdout)
    assert header == DEFAULT_COLUMNS
    assert rows == expected_rows(paid_2024, DEFAULT_COLUMNS)


def test_xlsx_to_a_pipe(logged_in: MockPortal) -> None:
    result = invoke("invoices", "export", "-f", "xlsx", "--currency", "EUR", "--columns", "number,amount")
    assert result.exit_code == 0, result.output
    _header, rows = read_xlsx(io.BytesIO(result.stdout_bytes))
    euros = [invoice for invoice in logged_in.wire_invoices if invoice["currency"]["abbreviation"] == "EUR"]
    assert rows == expected_rows(euros, ["number", "amount"])


def test_overdue_export_sorted_by_due_date(logged_in: MockPortal) -> None:
    today = logged_in.today().isoformat()
    overdue = [i for i in logged_in.wire_invoices if i["dueDate"][:10] < today and i["status"]["id"] == 2]
    overdue.sort(key=lambda invoice: (invoice["dueDate"], invoice["number"]))
    result = invoke("invoices", "export", "--overdue", "--sort", "due", "-f", "jsonl", "--columns", "number,due")
    assert result.exit_code == 0, result.output
    rows = read_json_objects([json.loads(line) for line in result.stdout.splitlines()])
    assert rows == expected_rows(overdue, ["number", "due"])


def test_unknown_column_and_unwritable_folder(logged_in: MockPortal, tmp_path: Path) -> None:
    unknown = invoke("invoices", "export", "--columns", "number,price")
    assert unknown.exit_code == 2
    assert unknown.stderr.startswith("Error: Unknown column 'price': use all, or some of id, number, status")
    missing = tmp_path / "no such folder" / "out.csv"
    unwritable = invoke("invoices", "export", "-o", str(missing))
    assert unwritable.exit_code == 1
    assert unwritable.stderr == f"Error: Cannot write {missing}: No such file or directory.\n"


def interrupted_after(count: int, error: BaseException) -> Any:
    """A replacement of ``InvoiceQuery.invoices`` that yields ``count`` invoices, then raises ``error``."""
    original = InvoiceQuery.invoices

    def invoices(self: InvoiceQuery, *args: Any, **kwargs: Any) -> Iterator[Any]:
        for index, invoice in enumerate(original(self, *args, **kwargs)):
            if index == count:
                raise error
            yield invoice

    return invoices


@pytest.mark.parametrize(
    ("error", "code", "message"),
    [
        (KeyboardInterrupt(), 130, "is unchanged.\n"),
        (
            ServerError("boom", status_code=500),
            1,
            "(HTTP 500): try again later; if it lasts, tell its administrator.\n",
        ),
    ],
)
@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_an_interrupted_export_leaves_the_old_file(
    logged_in: MockPortal,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    export_format: str,
    error: BaseException,
    code: int,
    message: str,
) -> None:
    target = tmp_path / f"report.{export_format}"
    target.write_text("last month's report")
    monkeypatch.setattr(InvoiceQuery, "invoices", interrupted_after(1_500, error))
    result = invoke("invoices", "export", "-f", export_format, "-o", str(target))
    assert result.exit_code == code
    assert result.stderr.endswith(message)
    assert target.read_text() == "last month's report"
    assert sorted(path.name for path in tmp_path.iterdir() if path.name != "config") == [target.name]


def test_ctrl_c_in_a_real_process_exits_130_and_leaves_no_file(tmp_path: Path) -> None:
    """SIGINT to ``python -m onlyoffice_crm_cli`` while it writes: exit 130, nothing under the name, no temp file."""
    config = PortalConfig(invoices=40_000, seed=5)
    target = tmp_path / "out" / "all.csv"
    target.parent.mkdir()
    with running_portal(config) as url:
        env = {**os.environ, "ONLYOFFICE_URL": url, "ONLYOFFICE_TOKEN": config.token}
        command = [
            sys.executable,
            "-m",
            "onlyoffice_crm_cli",
            "invoices",
            "export",
            "--columns",
            "all",
            "-o",
            str(target),
        ]
        process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 60
        while not any(path.stat().st_size > 0 for path in target.parent.glob(".all.csv.*.part/*")):
            assert process.poll() is None, process.communicate()
            assert time.monotonic() < deadline
            time.sleep(0.005)
        process.send_signal(signal.SIGINT)
        _stdout, stderr = process.communicate(timeout=30)
    assert process.returncode == 130, stderr
    assert stderr == f"Interrupted: {target} was not written.\n"  # it did not exist: nothing was "unchanged"
    assert list(target.parent.iterdir()) == []
