"""``onlyoffice-crm``: ONLYOFFICE CRM invoices from a terminal, as tables, spreadsheets and totals.

Installed with the ``[cli]`` extra (``pip install 'onlyoffice-crm-client[cli]'``); built on the
:mod:`onlyoffice_crm` library. Run ``onlyoffice-crm --help`` or ``python -m onlyoffice_crm_cli --help``.

The public face is small: :func:`main` (the ``onlyoffice-crm`` command, also ``python -m onlyoffice_crm_cli``) and
:class:`ExitCode` (what a script can branch on), named in ``__all__``; the Typer application is
``onlyoffice_crm_cli.app.app``, in a module of its own because it needs the ``[cli]`` extra, which importing this
package does not. The ``launcher`` module is the entry point the installed script names. Every other module
(``_commands``, ``_export``…) is private and may change in any release.
"""

from ._exit_codes import ExitCode
from .launcher import main

__all__ = ["ExitCode", "main"]
