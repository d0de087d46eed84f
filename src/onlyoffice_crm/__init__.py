"""A library over the generated ``onlyoffice_crm_client`` for the ONLYOFFICE CRM invoice filter.

``Portal`` (and ``AsyncPortal``) walk every matching invoice exactly once in the order asked, take
filters as people write them, retry what is worth retrying, keep within the portal's rate limit, raise
one exception hierarchy, and give money as ``Decimal`` (:func:`amount`) in a currency named by its ISO 4217
code (:func:`currency_code`, i.e. ``invoice.currency.abbreviation``).

Retries are logged on the ``onlyoffice_crm`` logger (INFO), silent unless the application configures logging.

Everything public is named here, in ``__all__``; the modules (``_portal``, ``_walk``…) are private and may change
in any release.
"""

from onlyoffice_crm_client.models import Invoice, InvoiceSortBy

from ._dates import date_words
from ._errors import (
    AuthenticationError,
    BadRequestError,
    InconsistentPortalError,
    IpBlockedError,
    NoCrmAccessError,
    NotFoundError,
    PaymentRequiredError,
    PermissionDeniedError,
    PortalChangedError,
    PortalConnectionError,
    PortalError,
    PortalNotFoundError,
    PortalTimeoutError,
    PortalUnavailableError,
    PortalUnpaidError,
    RateLimitError,
    ResponseTooLargeError,
    ServerError,
    UnexpectedResponseError,
    parse_retry_after,
)
from ._filters import (
    ORDER_WORDS,
    STATUS_WORDS,
    FilterKeyword,
    FilterKind,
    Filters,
    InvoiceStatus,
    OrderedFilters,
    StatusWord,
    check_filters,
    filter_keywords,
    parse_currency,
    parse_order_by,
    parse_status,
)
from ._money import amount, currency_code, exact_decimal, to_decimal
from ._operations import PAGE_MAXIMUM, Page
from ._portal import AsyncInvoiceWalk, AsyncPortal, InvoiceWalk, OpeningPortal, Portal, PortalOptions
from ._settings import (
    PASSWORD_VARIABLE,
    TIME_ZONE_VARIABLE,
    TOKEN_VARIABLE,
    URL_VARIABLE,
    USER_NAME_VARIABLE,
    CredentialsInUrlError,
    EnvSettings,
    check_base_url,
    check_token,
    env_settings,
)
from ._transport import RateLimit
from ._walk import WalkReport

__all__ = [
    "ORDER_WORDS",
    "PAGE_MAXIMUM",
    "PASSWORD_VARIABLE",
    "STATUS_WORDS",
    "TIME_ZONE_VARIABLE",
    "TOKEN_VARIABLE",
    "URL_VARIABLE",
    "USER_NAME_VARIABLE",
    "AsyncInvoiceWalk",
    "AsyncPortal",
    "AuthenticationError",
    "BadRequestError",
    "CredentialsInUrlError",
    "EnvSettings",
    "FilterKeyword",
    "FilterKind",
    "Filters",
    "InconsistentPortalError",
    "Invoice",
    "InvoiceSortBy",
    "InvoiceStatus",
    "InvoiceWalk",
    "IpBlockedError",
    "NoCrmAccessError",
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
    "PortalNotFoundError",
    "PortalOptions",
    "PortalTimeoutError",
    "PortalUnavailableError",
    "PortalUnpaidError",
    "RateLimit",
    "RateLimitError",
    "ResponseTooLargeError",
    "ServerError",
    "StatusWord",
    "UnexpectedResponseError",
    "WalkReport",
    "amount",
    "check_base_url",
    "check_filters",
    "check_token",
    "currency_code",
    "date_words",
    "env_settings",
    "exact_decimal",
    "filter_keywords",
    "parse_currency",
    "parse_order_by",
    "parse_retry_after",
    "parse_status",
    "to_decimal",
]
