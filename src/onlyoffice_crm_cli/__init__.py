"""``onlyoffice-crm``: ONLYOFFICE CRM invoices from a terminal, as tables, spreadsheets and totals.

Installed with the ``[cli]`` extra (``pip install 'onlyoffice-crm-client[cli]'``); built on the
:mod:`onlyoffice_crm` library. Run ``onlyoffice-crm --help`` or ``python -m onlyoffice_crm_cli --help``.
"""
