"""``export`` without ``--output`` writes to standard output: xlsx into a pipe or a file, never onto a terminal,
as ``export --help`` says."""

from __future__ import annotations

import io
import os
import pty
import subprocess
import sys

import openpyxl  # type: ignore[import-untyped]
import typer.main

from onlyoffice_crm_cli import ExitCode
from onlyoffice_crm_cli.app import app

from .conftest import MockPortal, invoke


def output_help() -> str:
    export = typer.main.get_command(app).commands["invoices"].commands["export"]  # type: ignore[attr-defined]
    option = next(parameter for parameter in export.params if "--output" in parameter.opts)
    return " ".join(option.help.split())


def test_the_help_says_xlsx_goes_into_a_pipe_or_a_file_never_a_terminal() -> None:
    text = output_help()
    assert "standard output when left out" in text
    assert "pipe" in text
    assert "never a terminal" in text
    assert "not for xlsx" not in text


def test_xlsx_into_a_pipe_is_a_workbook_of_every_invoice(logged_in: MockPortal) -> None:
    result = invoke("invoices", "export", "--format", "xlsx", "--issued", "2024")
    assert result.exit_code == 0, result.stderr
    sheet = openpyxl.load_workbook(io.BytesIO(result.stdout_bytes), read_only=True).active
    expected = [i for i in logged_in.wire_invoices if i["issueDate"].startswith("2024")]
    assert sheet.max_row == len(expected) + 1  # and the header


def test_xlsx_onto_a_terminal_is_refused_in_one_line() -> None:
    controller, terminal = pty.openpty()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "onlyoffice_crm_cli", "invoices", "export", "--format", "xlsx"],
            stdout=terminal,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            text=True,
            timeout=60,
            check=False,
        )
    finally:
        os.close(terminal)
        os.close(controller)
    assert done.returncode == ExitCode.USAGE
    assert done.stderr == "Error: xlsx is not for a terminal: give --output FILE.xlsx (or redirect or pipe it).\n"
