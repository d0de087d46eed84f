"""The ``onlyoffice-crm`` Typer application: the one place that shows the command tree.

Public, beside the package's :data:`~onlyoffice_crm_cli.__all__`, because importing it imports Typer and Rich, which
the package itself must not (the launcher checks that the ``[cli]`` extra is installed before anything needs it, and
imports this module only to run the command). The documentation's command reference and ``make breaking`` read the
commands and options from :data:`app`.
"""

from __future__ import annotations

from functools import cache

import typer

from ._commands.invoices import export_invoices, invoice_totals, list_invoices
from ._commands.login import login, logout
from ._commands.root import root, with_root_options
from ._exit_codes import epilog
from ._options import filters_summary, with_filter_options

__all__ = ["app"]


@cache
def build_app() -> typer.Typer:
    """``onlyoffice-crm`` with its commands; the invoice commands get one option per filter keyword the library
    declares (:func:`onlyoffice_crm.filter_keywords`), so a keyword the library adds is an option here too."""
    exit_codes = epilog()
    application = typer.Typer(
        name="onlyoffice-crm",
        help="ONLYOFFICE CRM invoices from a terminal: tables, spreadsheets (CSV, XLSX, JSON) and exact totals.",
        epilog=exit_codes,
        no_args_is_help=True,
        rich_markup_mode="rich",
        pretty_exceptions_enable=False,
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    application.callback()(root)
    # Each command takes the root's options after its name too (the later one wins); ``uses`` names those it reads.
    application.command(epilog=exit_codes)(with_root_options(login, uses={"timeout", "token_store"}))
    application.command(epilog=exit_codes)(with_root_options(logout, uses=()))

    invoices = typer.Typer(
        help=f"List, export and total invoices. {filters_summary()}", epilog=exit_codes, no_args_is_help=True
    )
    for name, command, ordered in (
        ("list", list_invoices, True),
        ("export", export_invoices, True),
        ("totals", invoice_totals, False),
    ):
        with_filters = with_filter_options(command, ordered=ordered)
        invoices.command(name, epilog=exit_codes)(with_root_options(with_filters, uses={"timeout", "time_zone"}))
    application.add_typer(invoices, name="invoices")
    return application


app = build_app()
"""``onlyoffice-crm``: ``login``, ``logout`` and ``invoices list|export|totals``; run it with ``app()``. Built when
this module is first imported (by the launcher, when the command runs)."""
