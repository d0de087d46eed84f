"""The options before any command: ``--timeout``, ``--token-store`` and ``--version``."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from typing import Annotated

import typer

from .._exit_codes import ExitCode
from .._options import RunOptions
from .._token_store import TOKEN_STORE_ENV

DISTRIBUTION = "onlyoffice-crm-client"
"""The kit's one distribution; its version is the spec's ``info.version``."""


def show_version(requested: bool) -> None:
    """``--version``: print ``onlyoffice-crm <version>`` and stop before any command runs."""
    if not requested:
        return
    try:
        installed = version(DISTRIBUTION)
    except PackageNotFoundError:  # run from a source tree that was never installed
        installed = "(not installed)"
    typer.echo(f"onlyoffice-crm {installed}")
    raise typer.Exit(ExitCode.OK)


def root(
    context: typer.Context,
    timeout: Annotated[
        float,
        typer.Option(min=1, envvar="ONLYOFFICE_TIMEOUT", help="Seconds to wait for each answer of the portal."),
    ] = 30.0,
    token_store: Annotated[
        str | None,
        typer.Option(
            envvar=TOKEN_STORE_ENV,
            help="Where login keeps the token: auto (the OS keyring if usable, else a file), keyring or file.",
            show_default=False,
        ),
    ] = None,
    _version: Annotated[
        bool,
        typer.Option("--version", callback=show_version, is_eager=True, help="Show the version and exit."),
    ] = False,
) -> None:
    """Read ONLYOFFICE CRM invoices from a terminal: tables, spreadsheets (CSV, XLSX, JSON) and exact totals.

    [bold]Start here:[/bold]

      onlyoffice-crm login https://portal.example.com
      onlyoffice-crm invoices list --status paid --issued 2024
      onlyoffice-crm invoices export --issued 2024 --format xlsx --output invoices-2024.xlsx
    """
    context.obj = RunOptions(timeout=timeout, token_store=token_store)
