"""The ``onlyoffice-crm`` Typer application: the one place that shows the command tree.

Public, beside the package's :data:`~onlyoffice_crm_cli.__all__`, because importing it imports Typer and Rich, which
the package itself must not (the launcher checks that the ``[cli]`` extra is installed before anything needs it).
The documentation's command reference and ``make breaking`` read the commands and options from :data:`app`.
"""

from __future__ import annotations

import typer

from ._commands.invoices import export_invoices, invoice_totals, list_invoices
from ._commands.login import login, logout
from ._commands.root import root
from ._exit_codes import EPILOG

__all__ = ["app"]

app = typer.Typer(
    name="onlyoffice-crm",
    help="ONLYOFFICE CRM invoices from a terminal: tables, spreadsheets (CSV, XLSX, JSON) and exact totals.",
    epilog=EPILOG,
    no_args_is_help=True,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
"""``onlyoffice-crm``: ``login``, ``logout`` and ``invoices list|export|totals``; run it with ``app()``."""
app.callback()(root)
app.command(epilog=EPILOG)(login)
app.command(epilog=EPILOG)(logout)

_invoices = typer.Typer(
    help="List, export and total invoices. Filters: --status, --issued, --due, --overdue, --currency, "
    "--contact, --opportunity, --search; order: --sort, --desc.",
    epilog=EPILOG,
    no_args_is_help=True,
)
_invoices.command("list", epilog=EPILOG)(list_invoices)
_invoices.command("export", epilog=EPILOG)(export_invoices)
_invoices.command("totals", epilog=EPILOG)(invoice_totals)
app.add_typer(_invoices, name="invoices")
