"""A library over the generated ``onlyoffice_crm_client`` for the ONLYOFFICE CRM invoice filter.

``Portal`` (and ``AsyncPortal``) walk every matching invoice exactly once in the order asked, take
filters as people write them, retry what is worth retrying, keep within the portal's rate limit, raise
one exception hierarchy, and give money as ``Decimal`` (:func:`amount`) in a currency named by its ISO 4217
code (:func:`currency_code`, i.e. ``invoice.currency.abbreviation``).

Retries are logged on the ``onlyoffice_crm`` logger (INFO), silent unless the application configures logging.
"""

from onlyoffice_crm_client.models import Invoice, InvoiceSortBy

from .async_portal import AsyncPortal
from .errors import (
    AuthenticationError,
    BadRequestError,
    InconsistentPortalError,
    NotFoundError,
    PaymentRequiredError,
    PermissionDeniedError,
    PortalChangedError,
    PortalConnectionError,
    PortalError,
    PortalTimeoutError,
    RateLimitError,
    ResponseTooLargeError,
    ServerError,
    UnexpectedResponseError,
)
from .filters import Filters, InvoiceStatus, OrderedFilters
from .iterators import AsyncInvoiceWalk, InvoiceWalk, OpeningPortal
from .money import amount, currency_code, exact_decimal, to_decimal
from .operations import Page
from .portal import Portal
from .portal_base import PortalOptions
from .transport import RateLimit
from .walk import WalkReport

__all__ = [
    "AsyncInvoiceWalk",
    "AsyncPortal",
    "AuthenticationError",
    "BadRequestError",
    "Filters",
    "InconsistentPortalError",
    "Invoice",
    "InvoiceSortBy",
    "InvoiceStatus",
    "InvoiceWalk",
    "NotFoundError",
    "OpeningPortal",
    "OrderedFilters",
    "Page",
    "PaymentRequiredError",
    "PermissionDeniedError",
    "Portal",
    "PortalChangedError",
    "PortalConnectionError",
    "PortalError",
    "PortalOptions",
    "PortalTimeoutError",
    "RateLimit",
    "RateLimitError",
    "ResponseTooLargeError",
    "ServerError",
    "UnexpectedResponseError",
    "WalkReport",
    "amount",
    "currency_code",
    "exact_decimal",
    "to_decimal",
]
