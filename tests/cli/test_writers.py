"""Each writer on typed cells: exact money, portal-offset dates, empty values, text that looks like a formula,
unpaired surrogates, text longer than an xlsx cell, and XlsxWriter's return codes."""

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

from onlyoffice_crm_cli._cells import CellValue, InvoiceRow
from onlyoffice_crm_cli._output_file import completed_file
from onlyoffice_crm_cli._spreadsheet_text import XLSX_CELL_LIMIT, CellTooLongError, utf16_length, xlsx_pieces
from onlyoffice_crm_cli._writers import XlsxWriterError, write_csv, write_json, write_jsonl, write_xlsx

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
    assert rows[3][1] == "'=1+1"  # a spreadsheet shows it as text instead of running it


FORMULA_LIKE = ["=1+1", "+cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0", "\t=1", "\r=1"]


def test_csv_quotes_each_text_cell_that_starts_like_a_formula_and_leaves_numbers_alone() -> None:
    rows: list[list[CellValue]] = [[text, Decimal("-12.50"), -3] for text in FORMULA_LIKE]
    rows.append(["1+1=2, a@b", Decimal("1"), 1])  # not at the start: as it is
    stream = io.StringIO(newline="")
    write_csv(stream, ["text", "amount", "id"], iter(rows))
    read = list(csv.reader(io.StringIO(stream.getvalue(), newline="")))[1:]
    assert [row[0] for row in read] == ["'" + text for text in FORMULA_LIKE] + ["1+1=2, a@b"]
    assert {(row[1], row[2]) for row in read[:-1]} == {("-12.50", "-3")}  # number cells never get the quote


def test_csv_without_the_formula_guard_keeps_the_text_as_it_is() -> None:
    stream = io.StringIO(newline="")
    write_csv(stream, ["text"], iter([[text] for text in FORMULA_LIKE]), formula_guard=False)
    assert [row[0] for row in csv.reader(io.StringIO(stream.getvalue(), newline=""))][1:] == FORMULA_LIKE


def test_unpaired_surrogates_become_the_replacement_character_in_every_format(tmp_path: Path) -> None:
    rows: list[list[CellValue]] = [["a\ud800b", "\udfff"]]
    stream = io.StringIO(newline="")
    write_csv(stream, ["x", "y"], iter(rows))
    assert stream.getvalue().encode("utf-8").decode("utf-8").splitlines()[1] == "a\ufffdb,\ufffd"
    for writer in (write_json, write_jsonl):
        text = io.StringIO()
        writer(text, ["x", "y"], iter(rows))
        assert "a\ufffdb" in text.getvalue().encode("utf-8").decode("utf-8")
    write_xlsx(tmp_path / "s.xlsx", ["x", "y"], iter(rows), tmpdir=tmp_path)
    sheet = openpyxl.load_workbook(tmp_path / "s.xlsx", read_only=True).active
    assert list(sheet.iter_rows(values_only=True))[1] == ("a\ufffdb", "\ufffd")


def test_a_text_too_long_for_an_xlsx_cell_is_refused_naming_the_invoice_and_the_column(tmp_path: Path) -> None:
    rows = iter([InvoiceRow("invoice INV-7 (id 7)", ["INV-7", "x" * (XLSX_CELL_LIMIT + 1)])])
    with pytest.raises(CellTooLongError) as refused:
        write_xlsx(tmp_path / "long.xlsx", ["number", "description"], rows, tmpdir=tmp_path)
    assert refused.value.message.startswith("invoice INV-7 (id 7): its description has 32,768 characters")
    assert not (tmp_path / "long.xlsx").exists()


def test_a_text_of_exactly_a_cell_is_written_whole(tmp_path: Path) -> None:
    text = "é" * XLSX_CELL_LIMIT
    write_xlsx(tmp_path / "full.xlsx", ["description"], iter([[text]]), tmpdir=tmp_path)
    sheet = openpyxl.load_workbook(tmp_path / "full.xlsx", read_only=True).active
    assert list(sheet.iter_rows(values_only=True))[1] == (text,)


def test_split_long_cells_continue_in_the_rows_below_and_lose_nothing(tmp_path: Path) -> None:
    long = "".join(chr(0x41 + i % 26) for i in range(2 * XLSX_CELL_LIMIT + 10))
    split: list[str] = []
    rows: list[list[CellValue]] = [InvoiceRow("invoice INV-1 (id 1)", ["INV-1", long, 5]), ["INV-2", "short", 6]]
    count = write_xlsx(tmp_path / "s.xlsx", ["number", "terms", "id"], iter(rows), tmpdir=tmp_path, split_cells=split)
    assert count == 2
    assert split == ["terms of invoice INV-1 (id 1)"]
    sheet = openpyxl.load_workbook(tmp_path / "s.xlsx", read_only=True).active
    cells = [list(row) for row in sheet.iter_rows(values_only=True)][1:]
    assert [row[0] for row in cells] == ["INV-1", None, None, "INV-2"]
    assert "".join(row[1] for row in cells[:3]) == long
    assert all(len(row[1]) <= XLSX_CELL_LIMIT for row in cells)


def test_pieces_count_utf16_units_and_never_split_a_character() -> None:
    text = "😀" * XLSX_CELL_LIMIT  # two UTF-16 units each, as Excel counts
    pieces = xlsx_pieces(text)
    assert "".join(pieces) == text
    assert all(utf16_length(piece) <= XLSX_CELL_LIMIT for piece in pieces)
    assert len(pieces) == 3


def test_an_xlsxwriter_error_code_stops_the_workbook(tmp_path: Path) -> None:
    names = [f"c{index}" for index in range(16_385)]  # one column more than a sheet has: XlsxWriter returns -1
    with pytest.raises(XlsxWriterError, match="code -1"):
        write_xlsx(tmp_path / "wide.xlsx", names, iter([]), tmpdir=tmp_path)
    assert not (tmp_path / "wide.xlsx").exists()


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
