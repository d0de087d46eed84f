"""Each writer on typed cells: exact money, portal-offset dates, empty values, text that looks like a formula."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import stat
from decimal import Decimal
from pathlib import Path

import openpyxl  # type: ignore[import-untyped]
import pytest

from onlyoffice_crm_cli._cells import CellValue
from onlyoffice_crm_cli._output_file import completed_file
from onlyoffice_crm_cli._writers import write_csv, write_json, write_jsonl, write_xlsx

PLUS_3 = dt.timezone(dt.timedelta(hours=3))
NAMES = ["number", "customer", "issued", "amount", "created", "customer_id"]
ROWS: list[list[CellValue]] = [
    ["INV-1", 'Müller & Söhne, "GmbH"', dt.date(2024, 3, 1), Decimal("10513176.97"), None, 12],
    ["INV-2", None, dt.date(2024, 2, 29), Decimal("0.10"), dt.datetime(2024, 2, 29, 23, 30, tzinfo=PLUS_3), None],
    ["INV-3", "=1+1", dt.date(2023, 12, 31), Decimal("99999999999.99"), None, 7],
]


def test_csv() -> None:
    stream = io.StringIO(newline="")
    assert write_csv(stream, NAMES, iter(ROWS)) == 3
    rows = list(csv.reader(io.StringIO(stream.getvalue(), newline="")))
    assert rows[0] == NAMES
    assert rows[1] == ["INV-1", 'Müller & Söhne, "GmbH"', "2024-03-01", "10513176.97", "", "12"]
    assert rows[2] == ["INV-2", "", "2024-02-29", "0.10", "2024-02-29T23:30:00+03:00", ""]
    assert rows[3][1] == "=1+1"


def test_csv_of_nothing_is_the_header() -> None:
    stream = io.StringIO(newline="")
    assert write_csv(stream, NAMES, iter([])) == 0
    assert stream.getvalue() == ",".join(NAMES) + "\r\n"


def test_json_lines_and_json_array() -> None:
    lines = io.StringIO()
    assert write_jsonl(lines, NAMES, iter(ROWS)) == 3
    objects = [json.loads(line) for line in lines.getvalue().splitlines()]
    array = io.StringIO()
    assert write_json(array, NAMES, iter(ROWS)) == 3
    assert json.loads(array.getvalue()) == objects
    assert objects[0] == {
        "number": "INV-1",
        "customer": 'Müller & Söhne, "GmbH"',
        "issued": "2024-03-01",
        "amount": "10513176.97",
        "created": None,
        "customer_id": 12,
    }
    assert objects[1]["created"] == "2024-02-29T23:30:00+03:00"
    assert "Müller" in lines.getvalue()  # readable, not \u00fc
    empty = io.StringIO()
    assert write_json(empty, NAMES, iter([])) == 0
    assert json.loads(empty.getvalue()) == []


def test_xlsx_has_typed_cells(tmp_path: Path) -> None:
    path = tmp_path / "out.xlsx"
    assert write_xlsx(path, NAMES, iter(ROWS), tmpdir=tmp_path) == 3
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.xlsx"]  # XlsxWriter's own temporary files are gone
    sheet = openpyxl.load_workbook(path, read_only=True).active
    cells = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert cells[0] == NAMES
    assert cells[1][:4] == ["INV-1", 'Müller & Söhne, "GmbH"', dt.datetime(2024, 3, 1), 10513176.97]
    assert Decimal(repr(cells[1][3])) == Decimal("10513176.97")  # the float reads back as the exact amount
    assert cells[1][4] is None
    assert cells[2][4] == dt.datetime(2024, 2, 29, 23, 30)  # the portal's clock time
    assert cells[3][1] == "=1+1"  # text, not a formula
    assert Decimal(repr(cells[3][3])) == Decimal("99999999999.99")


def write_then_interrupt(target: Path) -> None:
    with completed_file(target) as temporary:
        temporary.write_text("half")
        raise KeyboardInterrupt


def test_completed_file_appears_only_when_complete(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_text("old")
    with pytest.raises(KeyboardInterrupt):
        write_then_interrupt(target)
    assert target.read_text() == "old"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["out.csv"]
    with completed_file(target) as temporary:
        assert temporary.parent.parent == tmp_path  # a private folder beside the target
        assert temporary.parent.name.startswith(".out.csv.")
        assert stat.S_IMODE(temporary.parent.stat().st_mode) == 0o700
        assert target.read_text() == "old"
        temporary.write_text("new")
        (temporary.parent / "tmp-of-a-library").write_text("rows")
    assert target.read_text() == "new"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["out.csv"]


def test_a_new_file_gets_the_usual_permissions(tmp_path: Path) -> None:
    import os
    import stat

    umask = os.umask(0o022)
    try:
        with completed_file(tmp_path / "new.csv") as temporary:
            temporary.write_text("x")
    finally:
        os.umask(umask)
    assert stat.S_IMODE((tmp_path / "new.csv").stat().st_mode) == 0o644
