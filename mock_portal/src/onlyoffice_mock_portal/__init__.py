"""A local server that answers like a real ONLYOFFICE portal for the CRM invoice filter API.

For tests, from Python::

    from onlyoffice_mock_portal import PortalConfig, invoice, serve_portal

    with serve_portal(PortalConfig(rate_limit=0)) as portal:
        portal.control.set_invoices([invoice(status="paid"), invoice(currency="USD")])
        ...  # talk to portal.url with the token PortalConfig().token

With pytest, the ``onlyoffice_portal`` fixture (this package's pytest plugin) does this per test.

The names below are loaded on first use: importing the package loads nothing of the server (Starlette,
uvicorn, numpy), so its pytest plugin costs nothing to those who installed the ``[cli]`` extra only.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .app import create_app
    from .columns import DataFileError
    from .config import PortalConfig, SettingError
    from .control import PortalControl, ReceivedRequest
    from .edits import EditCounts
    from .pytest_plugin import MockPortal
    from .records import InvoiceFields, InvoiceRecords, invoice
    from .settings import FaultSettings
    from .testing import RunningPortal, running_portal, serve_portal

__all__ = [
    "DataFileError",
    "EditCounts",
    "FaultSettings",
    "InvoiceFields",
    "InvoiceRecords",
    "MockPortal",
    "PortalConfig",
    "PortalControl",
    "ReceivedRequest",
    "RunningPortal",
    "SettingError",
    "create_app",
    "invoice",
    "running_portal",
    "serve_portal",
]

_HOMES = {
    "DataFileError": "columns",
    "EditCounts": "edits",
    "FaultSettings": "settings",
    "InvoiceFields": "records",
    "InvoiceRecords": "records",
    "MockPortal": "pytest_plugin",
    "PortalConfig": "config",
    "PortalControl": "control",
    "ReceivedRequest": "control",
    "SettingError": "config",
    "RunningPortal": "testing",
    "create_app": "app",
    "invoice": "records",
    "running_portal": "testing",
    "serve_portal": "testing",
}


if not TYPE_CHECKING:  # type checkers see the imports above, so a misspelt name is an error there too

    def __getattr__(name: str) -> Any:
        """Load an exported name from its module on first use (PEP 562)."""
        home = _HOMES.get(name)
        if home is None:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        value = getattr(import_module(f".{home}", __name__), name)
        globals()[name] = value
        return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
