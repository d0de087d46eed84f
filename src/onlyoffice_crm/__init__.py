"""A library over the generated ``onlyoffice_crm_client`` for the ONLYOFFICE CRM invoice filter.

``Portal`` (and ``AsyncPortal``) walk every matching invoice exactly once in the order asked, take
filters as people write them, retry what is worth retrying, keep within the portal's rate limit, raise
one exception hierarchy, and give money as ``Decimal`` (:func:`amount`).
"""

from onlyoffice_crm_client.models import Invoice, InvoiceSortBy
from onlyoffice_crm_client.models import InvoiceStatusId as InvoiceStatus

from .async_portal import AsyncPortal
from .errors import (
    AuthenticationError,
    BadRequestError,
    NotFoundError,
    PaymentRequiredError,
    PermissionDeniedError,
    PortalConnectionError,
    PortalError,
    PortalTimeoutError,
    RateLimitError,
    ServerError,
    UnexpectedResponseError,
)
from .money import amount, to_decimal
from .operations import Page
from .portal import Portal
from .transport import RateLimit

__all__ = [
    "AsyncPortal",
    "AuthenticationError",
    "BadRequestError",
    "Invoice",
    "InvoiceSortBy",
    "InvoiceStatus",
    "NotFoundError",
    "Page",
    "PaymentRequiredError",
    "PermissionDeniedError",
    "Portal",
    "PortalConnectionError",
    "PortalError",
    "PortalTimeoutError",
    "RateLimit",
    "RateLimitError",
    "ServerError",
    "UnexpectedResponseError",
    "amount",
    "to_decimal",
]
