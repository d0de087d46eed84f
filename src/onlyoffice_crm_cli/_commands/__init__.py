"""The commands, as plain functions that :mod:`onlyoffice_crm_cli.app` registers: ``root`` (the options of every
run), ``login`` and ``logout``, and ``invoices list|export|totals``."""
