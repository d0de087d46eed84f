"""An export's format follows the extension of its ``--output``; a ``--format`` that contradicts it is refused and
leaves the file as it was; an extension the command does not know is CSV."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import MockPortal, invoke, token_env

ZIP_MAGIC = b"PK\x03\x04"


@pytest.mark.parametrize(("name", "starts"), [("all.xlsx", ZIP_MAGIC), ("all.json", b"[\n{"), ("all.csv", b"number,")])
def test_the_format_follows_the_output_extension(
    mock_portal: MockPortal, tmp_path: Path, name: str, starts: bytes
) -> None:
    target = tmp_path / name
    result = invoke("invoices", "export", "--issued", "2024", "-o", str(target), env=token_env(mock_portal))

    assert result.exit_code == 0, result.output
    assert target.read_bytes().startswith(starts)


def test_a_format_that_contradicts_the_extension_is_refused_and_the_file_kept(
    mock_portal: MockPortal, tmp_path: Path
) -> None:
    target = tmp_path / "all.xlsx"
    target.write_bytes(ZIP_MAGIC + b"a valid workbook")
    result = invoke("invoices", "export", "-f", "csv", "-o", str(target), env=token_env(mock_portal))

    assert result.exit_code == 2
    assert result.stderr.startswith("Error: --format csv does not match")
    assert target.read_bytes() == ZIP_MAGIC + b"a valid workbook"


def test_an_unknown_extension_is_csv(mock_portal: MockPortal, tmp_path: Path) -> None:
    target = tmp_path / "all.txt"
    result = invoke("invoices", "export", "--issued", "2024-Q1", "-o", str(target), env=token_env(mock_portal))

    assert result.exit_code == 0, result.output
    assert target.read_bytes().startswith(b"number,status,issued,due,contact,contact_id,amount,currency\r\n")
