"""Seeding that people can write (issue 17, point 2): a ``--data`` file or ``set_invoices`` lists every problem of
every invoice in one message, each with its path and a readable expectation, and refuses duplicate ids."""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import onlyoffice_crm_spec as spec
from onlyoffice_mock_portal import DataFileError
from onlyoffice_mock_portal.cli import main
from onlyoffice_mock_portal.data_file import (
    MAX_DATA_FILE_BYTES,
    MAX_SHOWN,
    DataFileRefusedError,
    load_file,
    load_records,
)

from .wire_pages import spec_page

OFFSET = 180


def example(**changes: Any) -> dict[str, Any]:
    """The spec's example invoice (valid as it stands), with top-level ``changes``."""
    record: dict[str, Any] = copy.deepcopy(spec.component_schema("Invoice")["examples"][0])
    record.update(changes)
    return record


def without(record: dict[str, Any], *keys: str) -> dict[str, Any]:
    for key in keys:
        del record[key]
    return record


def problems(records: list[Any], offset_minutes: int = OFFSET) -> list[str]:
    """The lines of the DataFileError the records raise."""
    with pytest.raises(DataFileError) as raised:
        load_records(records, offset_minutes, source="invoices.json")
    return str(raised.value).splitlines()


def test_valid_records_load() -> None:
    data = load_records([example(), example(id=13, number="INV-000013")], OFFSET)

    assert data.ids.tolist() == [12, 13]


def test_every_problem_of_every_invoice_is_listed_at_once_with_its_path() -> None:
    first = without(example(id=1), "number", "terms")
    first["currency"] = without(first["currency"], "abbreviation")
    second = example(id=2, issueDate="2024-03-01", canEdit=1)
    second["status"]["id"] = 9

    assert problems([first, second]) == [
        "invoices.json: 6 problems:",
        "  invoices[0].number: missing",
        "  invoices[0].currency.abbreviation: missing",
        "  invoices[0].terms: missing",
        "  invoices[1].status.id: expected one of Draft(1), Sent(2), Rejected(3), Paid(4), Archived(5), got 9",
        "  invoices[1].issueDate: expected a date like 2024-03-01T00:00:00.0000000+03:00, got '2024-03-01'",
        "  invoices[1].canEdit: expected true or false, got 1",
    ]


def test_one_problem_is_one_line() -> None:
    assert problems([without(example(), "number")]) == ["invoices.json: invoices[0].number: missing"]


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"id": "12"}, "invoices[0].id: expected an integer, got '12'"),
        ({"id": 2**31}, "invoices[0].id: expected an int32 (-2147483648 to 2147483647), got 2147483648"),
        ({"number": None}, "invoices[0].number: expected a string, got null"),
        ({"cost": "1250.50"}, "invoices[0].cost: expected a number, got '1250.50'"),
        ({"cost": 1e20}, "invoices[0].cost: expected an amount below 10^15, got 1e+20"),
        ({"templateType": 2}, "invoices[0].templateType: expected one of Eur(0), Rus(1), got 2"),
        ({"contact": 101}, "invoices[0].contact: expected an object or null, got 101"),
        ({"currency": "EUR"}, "invoices[0].currency: expected an object, got 'EUR'"),
        ({"createBy": {**example()["createBy"], "id": "anna"}},
         "invoices[0].createBy.id: expected a UUID like 646a6cff-df57-4b83-8ffe-91a24910328c, got 'anna'"),
        ({"dueDate": "2024-02-30T00:00:00.0000000+03:00"},
         "invoices[0].dueDate: expected a date like 2024-03-01T00:00:00.0000000+03:00, "
         "got '2024-02-30T00:00:00.0000000+03:00' (no such date)"),
    ],
)  # fmt: skip
def test_each_problem_says_what_is_expected_in_words(changes: dict[str, Any], expected: str) -> None:
    assert problems([example(**changes)]) == [f"invoices.json: {expected}"]


def test_the_date_example_is_in_the_portals_time_zone_and_no_regular_expression_is_shown() -> None:
    (line,) = problems([example(createOn="2024-01-15 10:42")], offset_minutes=-300)

    assert line.endswith("createOn: expected a date like 2024-03-01T00:00:00.0000000-05:00, got '2024-01-15 10:42'")
    assert "^" not in line
    assert "[0-9]" not in line


def test_problems_inside_a_nullable_object_are_named_inside_it() -> None:
    record = example()
    record["contact"] = without(record["contact"], "displayName")
    record["contact"]["currency"] = {"title": "Euro"}
    record["contact"]["shareType"] = 7

    assert problems([record])[1:] == [
        "  invoices[0].contact.displayName: missing",
        "  invoices[0].contact.shareType: expected one of None(0), ReadWrite(1), Read(2), got 7",
        "  invoices[0].contact.currency.symbol: missing",
        "  invoices[0].contact.currency.abbreviation: missing",
        "  invoices[0].contact.currency.cultureName: missing",
        "  invoices[0].contact.currency.isConvertable: missing",
        "  invoices[0].contact.currency.isBasic: missing",
    ]


def test_a_record_that_is_no_object_is_named() -> None:
    assert problems([example(), ["not", "an", "invoice"]]) == [
        "invoices.json: invoices[1]: expected an invoice (an object), got a list"
    ]


def test_duplicate_ids_are_refused_naming_both_indexes() -> None:
    records = [example(id=7), example(id=8), example(id=7), example(id=8), example(id=7)]

    assert problems(records) == [
        "invoices.json: 3 problems:",
        "  invoices[2].id: 7 is also the id of invoices[0]; ids must be unique",
        "  invoices[3].id: 8 is also the id of invoices[1]; ids must be unique",
        "  invoices[4].id: 7 is also the id of invoices[0]; ids must be unique",
    ]


def test_the_list_is_capped_and_counts_the_rest() -> None:
    records = [without(example(id=index), "number") for index in range(MAX_SHOWN + 10)]

    lines = problems(records)

    assert lines[0] == f"invoices.json: {MAX_SHOWN + 10} problems:"
    assert lines[1:-1] == [f"  invoices[{index}].number: missing" for index in range(MAX_SHOWN)]
    assert lines[-1] == "  and 10 more"


@pytest.mark.timeout(60)
def test_the_command_prints_every_problem_and_exits_1(tmp_path: Path) -> None:
    data = tmp_path / "invoices.json"
    records = [without(example(id=1), "number"), example(id=1, issueDate="yesterday")]
    data.write_text(json.dumps({"response": records}), encoding="utf-8")

    done = subprocess.run([sys.executable, "-m", "onlyoffice_mock_portal", "--data", str(data), "--port", "0"],
                          capture_output=True, text=True, timeout=60, check=False)  # fmt: skip

    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        f"onlyoffice-mock-portal: {data}: 3 problems:",
        "  invoices[0].number: missing",
        "  invoices[1].issueDate: expected a date like 2024-03-01T00:00:00.0000000+03:00, got 'yesterday'",
        "  invoices[1].id: 1 is also the id of invoices[0]; ids must be unique",
    ]


def nested(depth: int) -> Any:
    value: Any = 1
    for _ in range(depth):
        value = {"inner": value}
    return value


def broken_files() -> list[tuple[str, str, str]]:
    """(case, file text, what the one line must name)."""
    page = spec_page()
    cases = []
    deep = copy.deepcopy(page)
    deep["response"][1]["custom"] = nested(40)
    cases.append(("deep nesting inside an invoice", json.dumps(deep), "invoices[1].custom.inner.inner"))
    wide_id = copy.deepcopy(page)
    wide_id["response"][0]["id"] = 2**31
    cases.append(("id >= 2^31", json.dumps(wide_id), "invoices[0].id: expected an int32"))
    huge_id = copy.deepcopy(page)
    huge_id["response"][1]["fileID"] = 2**64
    cases.append(("id >= 2^64", json.dumps(huge_id), "invoices[1].fileID: expected an int32"))
    bad_date = copy.deepcopy(page)
    bad_date["response"][1]["dueDate"] = "2024-02-30T00:00:00.0000000+03:00"
    cases.append(("bad date", json.dumps(bad_date), "invoices[1].dueDate: expected a date like"))
    cases.append(("JSON nested too deeply to read", "[" * 200_000 + "]" * 200_000, "nested too deeply"))
    return cases


@pytest.mark.parametrize(("case", "text", "named"), broken_files(), ids=[case for case, _, _ in broken_files()])
def test_a_bad_data_file_is_one_line_naming_the_invoice_and_the_field_and_exit_1(
    tmp_path: Path, case: str, text: str, named: str
) -> None:
    data = tmp_path / "invoices.json"
    data.write_text(text, encoding="utf-8")

    done = subprocess.run([sys.executable, "-m", "onlyoffice_mock_portal", "--data", str(data), "--port", "0"],
                          capture_output=True, text=True, timeout=60, check=False)  # fmt: skip

    assert done.returncode == 1, done.stderr
    assert done.stderr.count("\n") == 1, done.stderr
    assert named in done.stderr
    assert "Traceback" not in done.stderr


# ---------------------------------------------------------------- what --data may name (issue 27)


def not_a_file(tmp_path: Path, kind: str) -> tuple[Path, str]:
    """A path that ``--data`` must refuse, and the end of the one line that says why."""
    if kind == "device":
        return Path("/dev/zero"), "/dev/zero is a character device, not a regular file"
    if kind == "FIFO":
        fifo = tmp_path / "invoices.json"
        os.mkfifo(fifo)  # nobody writes to it: opening it for reading as usual would wait for ever
        return fifo, f"{fifo} is a FIFO (named pipe), not a regular file"
    if kind == "folder":
        return tmp_path, f"{tmp_path} is a folder, not a regular file"
    sparse = tmp_path / "invoices.json"
    with sparse.open("wb") as file:
        file.truncate(MAX_DATA_FILE_BYTES + 1)  # sparse: no disk space used, no byte of it read
    return sparse, f"{sparse} is larger than the 256 MiB a data file may hold (256.0 MiB)"


KINDS = ["device", "FIFO", "folder", "too large"]


@pytest.mark.timeout(30)
@pytest.mark.parametrize("kind", KINDS)
def test_data_that_is_no_regular_file_or_too_large_is_refused_before_it_is_read(tmp_path: Path, kind: str) -> None:
    path, reason = not_a_file(tmp_path, kind)

    with pytest.raises(DataFileRefusedError) as refused:
        load_file(path, OFFSET)

    assert str(refused.value) == reason


@pytest.mark.timeout(30)
@pytest.mark.parametrize("kind", KINDS)
def test_the_command_refuses_such_data_in_one_line_with_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    path, reason = not_a_file(tmp_path, kind)

    code = main(["--data", str(path), "--port", "0"])

    assert code == 2
    assert capsys.readouterr().err == f"onlyoffice-mock-portal: error: argument --data: {reason}\n"


def test_a_file_of_exactly_the_limit_is_read(tmp_path: Path) -> None:
    assert MAX_DATA_FILE_BYTES == 256 * 2**20
    data = tmp_path / "invoices.json"
    with data.open("wb") as file:
        file.truncate(MAX_DATA_FILE_BYTES)  # sparse: NUL bytes, read, then found to be no JSON

    with pytest.raises(DataFileError, match="is not JSON") as raised:
        load_file(data, OFFSET)

    assert not isinstance(raised.value, DataFileRefusedError)
