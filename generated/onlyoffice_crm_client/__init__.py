"""A client library for accessing ONLYOFFICE Workspace CRM invoices"""

from .client import AuthenticatedClient, Client

__all__ = (
    "AuthenticatedClient",
    "Client",
)
