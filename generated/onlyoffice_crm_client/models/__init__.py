"""Contains all the data models used in inputs/outputs"""

from .authentication_request import AuthenticationRequest
from .authentication_response import AuthenticationResponse
from .authentication_token import AuthenticationToken
from .contact_base import ContactBase
from .currency_info import CurrencyInfo
from .employee import Employee
from .entity_type_filter import EntityTypeFilter
from .error_detail import ErrorDetail
from .error_detail_data import ErrorDetailData
from .error_response import ErrorResponse
from .invoice import Invoice
from .invoice_entity import InvoiceEntity
from .invoice_list_response import InvoiceListResponse
from .invoice_sort_by import InvoiceSortBy
from .invoice_status import InvoiceStatus
from .invoice_status_id import InvoiceStatusId
from .share_type import ShareType
from .sort_order import SortOrder
from .template_type import TemplateType

__all__ = (
    "AuthenticationRequest",
    "AuthenticationResponse",
    "AuthenticationToken",
    "ContactBase",
    "CurrencyInfo",
    "Employee",
    "EntityTypeFilter",
    "ErrorDetail",
    "ErrorDetailData",
    "ErrorResponse",
    "Invoice",
    "InvoiceEntity",
    "InvoiceListResponse",
    "InvoiceSortBy",
    "InvoiceStatus",
    "InvoiceStatusId",
    "ShareType",
    "SortOrder",
    "TemplateType",
)
