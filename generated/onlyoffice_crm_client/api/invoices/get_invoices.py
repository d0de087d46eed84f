import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.entity_type_filter import EntityTypeFilter
from ...models.error_response import ErrorResponse
from ...models.invoice_list_response import InvoiceListResponse
from ...models.invoice_sort_by import InvoiceSortBy
from ...models.invoice_status_id import InvoiceStatusId
from ...models.sort_order import SortOrder
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    status: InvoiceStatusId | Unset = UNSET,
    issue_date_from: datetime.datetime | Unset = UNSET,
    issue_date_to: datetime.datetime | Unset = UNSET,
    due_date_from: datetime.datetime | Unset = UNSET,
    due_date_to: datetime.datetime | Unset = UNSET,
    entity_type: EntityTypeFilter | Unset = UNSET,
    entityid: int | Unset = UNSET,
    currency: str | Unset = UNSET,
    filter_value: str | Unset = UNSET,
    start_index: int | Unset = UNSET,
    count: int | Unset = UNSET,
    sort_by: InvoiceSortBy | Unset = UNSET,
    sort_order: SortOrder | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_status: int | Unset = UNSET
    if not isinstance(status, Unset):
        json_status = status.value

    params["status"] = json_status

    from onlyoffice_crm_client.types import serialize_datetime

    json_issue_date_from: str | Unset = UNSET
    if not isinstance(issue_date_from, Unset):
        json_issue_date_from = serialize_datetime(issue_date_from)
    params["issueDateFrom"] = json_issue_date_from

    from onlyoffice_crm_client.types import serialize_datetime

    json_issue_date_to: str | Unset = UNSET
    if not isinstance(issue_date_to, Unset):
        json_issue_date_to = serialize_datetime(issue_date_to)
    params["issueDateTo"] = json_issue_date_to

    from onlyoffice_crm_client.types import serialize_datetime

    json_due_date_from: str | Unset = UNSET
    if not isinstance(due_date_from, Unset):
        json_due_date_from = serialize_datetime(due_date_from)
    params["dueDateFrom"] = json_due_date_from

    from onlyoffice_crm_client.types import serialize_datetime

    json_due_date_to: str | Unset = UNSET
    if not isinstance(due_date_to, Unset):
        json_due_date_to = serialize_datetime(due_date_to)
    params["dueDateTo"] = json_due_date_to

    json_entity_type: str | Unset = UNSET
    if not isinstance(entity_type, Unset):
        json_entity_type = entity_type.value

    params["entityType"] = json_entity_type

    params["entityid"] = entityid

    params["currency"] = currency

    params["filterValue"] = filter_value

    params["startIndex"] = start_index

    params["count"] = count

    json_sort_by: str | Unset = UNSET
    if not isinstance(sort_by, Unset):
        json_sort_by = sort_by.value

    params["sortBy"] = json_sort_by

    json_sort_order: str | Unset = UNSET
    if not isinstance(sort_order, Unset):
        json_sort_order = sort_order.value

    params["sortOrder"] = json_sort_order

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/2.0/crm/invoice/filter",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorResponse | InvoiceListResponse | str | None:
    if response.status_code == 200:
        response_200 = InvoiceListResponse.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = ErrorResponse.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = response.text
        return response_401

    if response.status_code == 402:
        response_402 = ErrorResponse.from_dict(response.json())

        return response_402

    if response.status_code == 403:
        response_403 = ErrorResponse.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = ErrorResponse.from_dict(response.json())

        return response_404

    if response.status_code == 500:
        response_500 = ErrorResponse.from_dict(response.json())

        return response_500

    if response.status_code == 503:
        response_503 = ErrorResponse.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ErrorResponse | InvoiceListResponse | str]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    status: InvoiceStatusId | Unset = UNSET,
    issue_date_from: datetime.datetime | Unset = UNSET,
    issue_date_to: datetime.datetime | Unset = UNSET,
    due_date_from: datetime.datetime | Unset = UNSET,
    due_date_to: datetime.datetime | Unset = UNSET,
    entity_type: EntityTypeFilter | Unset = UNSET,
    entityid: int | Unset = UNSET,
    currency: str | Unset = UNSET,
    filter_value: str | Unset = UNSET,
    start_index: int | Unset = UNSET,
    count: int | Unset = UNSET,
    sort_by: InvoiceSortBy | Unset = UNSET,
    sort_order: SortOrder | Unset = UNSET,
) -> Response[ErrorResponse | InvoiceListResponse | str]:
    """Get invoices

     Returns the invoices that match every filter given (filters are combined with AND), sorted and
    paged. All parameters are optional and read from the query string; their names are case-insensitive
    (`entityid` = `entityId`). The paging, sorting and search values (`startIndex`, `count`, `sortBy`,
    `sortOrder`, `filterValue`) are read by `ApiContext`: `name[]` is read before `name`, of repeated
    keys the first wins, and a single value is split at `,` and its first part used (`count=5,10` is 5).
    The same route answers with a `.json` suffix (`.xml` gives XML and is not described here). The
    official documentation says a request without a format gets XML, while the source answers JSON: the
    generated client asks for JSON explicitly with `Accept: application/json`. Only GET is routed: the
    API layer has no 405, so another method falls through to ASP.NET (likely a 404 page) and `OPTIONS`
    answers 200 with CORS headers; this contract promises nothing for other methods.

    Args:
        status (InvoiceStatusId | Unset): Draft = 1, Sent = 2, Rejected = 3, Paid = 4, Archived =
            5. `x-enum-titles` are the neutral (English) titles a portal writes in `status.title` and
            accepts in the `status` filter with exact case: note `Billed` for Sent and `Archive` for
            Archived. In responses the generated client also accepts ids a newer portal may add.
        issue_date_from (datetime.datetime | Unset): A date as the server parses it
            (`ApiDateTime.Parse`): `yyyy-MM-ddTHH:mm:ss` or `yyyy-MM-ddTHH-mm-ss`, optionally with 3
            or 7 fractional digits, optionally followed by `Z` or `±hh:mm` (no offset means the
            portal's time zone), or a plain `yyyy-MM-dd`. The offset has no ±14:00 range check
            (`+15:00` is accepted). Any other shape, such as the 6 fractional digits of Python's
            `isoformat()`, is 400 "invalid date time format: <value>". A `+` must be sent as `%2B`.
            The generated client serializes datetimes as `yyyy-MM-ddTHH:mm:ss.fffffff±hh:mm` (7
            digits) so it cannot send a rejected value. `format: date-time` (RFC 3339, which requires
            an offset) is what a client should send and what the generator needs to type the parameter
            as a datetime; the server is more lenient and also reads values without an offset, and
            date-only values, in the portal's time zone (the generated client sends a naive datetime
            that way).
        issue_date_to (datetime.datetime | Unset): A date as the server parses it
            (`ApiDateTime.Parse`): `yyyy-MM-ddTHH:mm:ss` or `yyyy-MM-ddTHH-mm-ss`, optionally with 3
            or 7 fractional digits, optionally followed by `Z` or `±hh:mm` (no offset means the
            portal's time zone), or a plain `yyyy-MM-dd`. The offset has no ±14:00 range check
            (`+15:00` is accepted). Any other shape, such as the 6 fractional digits of Python's
            `isoformat()`, is 400 "invalid date time format: <value>". A `+` must be sent as `%2B`.
            The generated client serializes datetimes as `yyyy-MM-ddTHH:mm:ss.fffffff±hh:mm` (7
            digits) so it cannot send a rejected value. `format: date-time` (RFC 3339, which requires
            an offset) is what a client should send and what the generator needs to type the parameter
            as a datetime; the server is more lenient and also reads values without an offset, and
            date-only values, in the portal's time zone (the generated client sends a naive datetime
            that way).
        due_date_from (datetime.datetime | Unset): A date as the server parses it
            (`ApiDateTime.Parse`): `yyyy-MM-ddTHH:mm:ss` or `yyyy-MM-ddTHH-mm-ss`, optionally with 3
            or 7 fractional digits, optionally followed by `Z` or `±hh:mm` (no offset means the
            portal's time zone), or a plain `yyyy-MM-dd`. The offset has no ±14:00 range check
            (`+15:00` is accepted). Any other shape, such as the 6 fractional digits of Python's
            `isoformat()`, is 400 "invalid date time format: <value>". A `+` must be sent as `%2B`.
            The generated client serializes datetimes as `yyyy-MM-ddTHH:mm:ss.fffffff±hh:mm` (7
            digits) so it cannot send a rejected value. `format: date-time` (RFC 3339, which requires
            an offset) is what a client should send and what the generator needs to type the parameter
            as a datetime; the server is more lenient and also reads values without an offset, and
            date-only values, in the portal's time zone (the generated client sends a naive datetime
            that way).
        due_date_to (datetime.datetime | Unset): A date as the server parses it
            (`ApiDateTime.Parse`): `yyyy-MM-ddTHH:mm:ss` or `yyyy-MM-ddTHH-mm-ss`, optionally with 3
            or 7 fractional digits, optionally followed by `Z` or `±hh:mm` (no offset means the
            portal's time zone), or a plain `yyyy-MM-dd`. The offset has no ±14:00 range check
            (`+15:00` is accepted). Any other shape, such as the 6 fractional digits of Python's
            `isoformat()`, is 400 "invalid date time format: <value>". A `+` must be sent as `%2B`.
            The generated client serializes datetimes as `yyyy-MM-ddTHH:mm:ss.fffffff±hh:mm` (7
            digits) so it cannot send a rejected value. `format: date-time` (RFC 3339, which requires
            an offset) is what a client should send and what the generator needs to type the parameter
            as a datetime; the server is more lenient and also reads values without an offset, and
            date-only values, in the portal's time zone (the generated client sends a naive datetime
            that way).
        entity_type (EntityTypeFilter | Unset):
        entityid (int | Unset):
        currency (str | Unset):
        filter_value (str | Unset):
        start_index (int | Unset):
        count (int | Unset):
        sort_by (InvoiceSortBy | Unset): The database sort keys (`x-database-keys`: number,
            issueDate, dueDate, status, contact, id) and the invoice properties the server sorts by in
            memory without error (every match fetched unpaged; see the `sortBy` parameter). Only
            `number`, `id` and `contact` (which breaks ties by `number`) are total orders (`x-total-
            orders`).
        sort_order (SortOrder | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | InvoiceListResponse | str]
    """

    kwargs = _get_kwargs(
        status=status,
        issue_date_from=issue_date_from,
        issue_date_to=issue_date_to,
        due_date_from=due_date_from,
        due_date_to=due_date_to,
        entity_type=entity_type,
        entityid=entityid,
        currency=currency,
        filter_value=filter_value,
        start_index=start_index,
        count=count,
        sort_by=sort_by,
        sort_order=sort_order,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    status: InvoiceStatusId | Unset = UNSET,
    issue_date_from: datetime.datetime | Unset = UNSET,
    issue_date_to: datetime.datetime | Unset = UNSET,
    due_date_from: datetime.datetime | Unset = UNSET,
    due_date_to: datetime.datetime | Unset = UNSET,
    entity_type: EntityTypeFilter | Unset = UNSET,
    entityid: int | Unset = UNSET,
    currency: str | Unset = UNSET,
    filter_value: str | Unset = UNSET,
    start_index: int | Unset = UNSET,
    count: int | Unset = UNSET,
    sort_by: InvoiceSortBy | Unset = UNSET,
    sort_order: SortOrder | Unset = UNSET,
) -> ErrorResponse | InvoiceListResponse | str | None:
    """Get invoices

     Returns the invoices that match every filter given (filters are combined with AND), sorted and
    paged. All parameters are optional and read from the query string; their names are case-insensitive
    (`entityid` = `entityId`). The paging, sorting and search values (`startIndex`, `count`, `sortBy`,
    `sortOrder`, `filterValue`) are read by `ApiContext`: `name[]` is read before `name`, of repeated
    keys the first wins, and a single value is split at `,` and its first part used (`count=5,10` is 5).
    The same route answers with a `.json` suffix (`.xml` gives XML and is not described here). The
    official documentation says a request without a format gets XML, while the source answers JSON: the
    generated client asks for JSON explicitly with `Accept: application/json`. Only GET is routed: the
    API layer has no 405, so another method falls through to ASP.NET (likely a 404 page) and `OPTIONS`
    answers 200 with CORS headers; this contract promises nothing for other methods.

    Args:
        status (InvoiceStatusId | Unset): Draft = 1, Sent = 2, Rejected = 3, Paid = 4, Archived =
            5. `x-enum-titles` are the neutral (English) titles a portal writes in `status.title` and
            accepts in the `status` filter with exact case: note `Billed` for Sent and `Archive` for
            Archived. In responses the generated client also accepts ids a newer portal may add.
        issue_date_from (datetime.datetime | Unset): A date as the server parses it
            (`ApiDateTime.Parse`): `yyyy-MM-ddTHH:mm:ss` or `yyyy-MM-ddTHH-mm-ss`, optionally with 3
            or 7 fractional digits, optionally followed by `Z` or `±hh:mm` (no offset means the
            portal's time zone), or a plain `yyyy-MM-dd`. The offset has no ±14:00 range check
            (`+15:00` is accepted). Any other shape, such as the 6 fractional digits of Python's
            `isoformat()`, is 400 "invalid date time format: <value>". A `+` must be sent as `%2B`.
            The generated client serializes datetimes as `yyyy-MM-ddTHH:mm:ss.fffffff±hh:mm` (7
            digits) so it cannot send a rejected value. `format: date-time` (RFC 3339, which requires
            an offset) is what a client should send and what the generator needs to type the parameter
            as a datetime; the server is more lenient and also reads values without an offset, and
            date-only values, in the portal's time zone (the generated client sends a naive datetime
            that way).
        issue_date_to (datetime.datetime | Unset): A date as the server parses it
            (`ApiDateTime.Parse`): `yyyy-MM-ddTHH:mm:ss` or `yyyy-MM-ddTHH-mm-ss`, optionally with 3
            or 7 fractional digits, optionally followed by `Z` or `±hh:mm` (no offset means the
            portal's time zone), or a plain `yyyy-MM-dd`. The offset has no ±14:00 range check
            (`+15:00` is accepted). Any other shape, such as the 6 fractional digits of Python's
            `isoformat()`, is 400 "invalid date time format: <value>". A `+` must be sent as `%2B`.
            The generated client serializes datetimes as `yyyy-MM-ddTHH:mm:ss.fffffff±hh:mm` (7
            digits) so it cannot send a rejected value. `format: date-time` (RFC 3339, which requires
            an offset) is what a client should send and what the generator needs to type the parameter
            as a datetime; the server is more lenient and also reads values without an offset, and
            date-only values, in the portal's time zone (the generated client sends a naive datetime
            that way).
        due_date_from (datetime.datetime | Unset): A date as the server parses it
            (`ApiDateTime.Parse`): `yyyy-MM-ddTHH:mm:ss` or `yyyy-MM-ddTHH-mm-ss`, optionally with 3
            or 7 fractional digits, optionally followed by `Z` or `±hh:mm` (no offset means the
            portal's time zone), or a plain `yyyy-MM-dd`. The offset has no ±14:00 range check
            (`+15:00` is accepted). Any other shape, such as the 6 fractional digits of Python's
            `isoformat()`, is 400 "invalid date time format: <value>". A `+` must be sent as `%2B`.
            The generated client serializes datetimes as `yyyy-MM-ddTHH:mm:ss.fffffff±hh:mm` (7
            digits) so it cannot send a rejected value. `format: date-time` (RFC 3339, which requires
            an offset) is what a client should send and what the generator needs to type the parameter
            as a datetime; the server is more lenient and also reads values without an offset, and
            date-only values, in the portal's time zone (the generated client sends a naive datetime
            that way).
        due_date_to (datetime.datetime | Unset): A date as the server parses it
            (`ApiDateTime.Parse`): `yyyy-MM-ddTHH:mm:ss` or `yyyy-MM-ddTHH-mm-ss`, optionally with 3
            or 7 fractional digits, optionally followed by `Z` or `±hh:mm` (no offset means the
            portal's time zone), or a plain `yyyy-MM-dd`. The offset has no ±14:00 range check
            (`+15:00` is accepted). Any other shape, such as the 6 fractional digits of Python's
            `isoformat()`, is 400 "invalid date time format: <value>". A `+` must be sent as `%2B`.
            The generated client serializes datetimes as `yyyy-MM-ddTHH:mm:ss.fffffff±hh:mm` (7
            digits) so it cannot send a rejected value. `format: date-time` (RFC 3339, which requires
            an offset) is what a client should send and what the generator needs to type the parameter
            as a datetime; the server is more lenient and also reads values without an offset, and
            date-only values, in the portal's time zone (the generated client sends a naive datetime
            that way).
        entity_type (EntityTypeFilter | Unset):
        entityid (int | Unset):
        currency (str | Unset):
        filter_value (str | Unset):
        start_index (int | Unset):
        count (int | Unset):
        sort_by (InvoiceSortBy | Unset): The database sort keys (`x-database-keys`: number,
            issueDate, dueDate, status, contact, id) and the invoice properties the server sorts by in
            memory without error (every match fetched unpaged; see the `sortBy` parameter). Only
            `number`, `id` and `contact` (which breaks ties by `number`) are total orders (`x-total-
            orders`).
        sort_order (SortOrder | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | InvoiceListResponse | str
    """

    return sync_detailed(
        client=client,
        status=status,
        issue_date_from=issue_date_from,
        issue_date_to=issue_date_to,
        due_date_from=due_date_from,
        due_date_to=due_date_to,
        entity_type=entity_type,
        entityid=entityid,
        currency=currency,
        filter_value=filter_value,
        start_index=start_index,
        count=count,
        sort_by=sort_by,
        sort_order=sort_order,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    status: InvoiceStatusId | Unset = UNSET,
    issue_date_from: datetime.datetime | Unset = UNSET,
    issue_date_to: datetime.datetime | Unset = UNSET,
    due_date_from: datetime.datetime | Unset = UNSET,
    due_date_to: datetime.datetime | Unset = UNSET,
    entity_type: EntityTypeFilter | Unset = UNSET,
    entityid: int | Unset = UNSET,
    currency: str | Unset = UNSET,
    filter_value: str | Unset = UNSET,
    start_index: int | Unset = UNSET,
    count: int | Unset = UNSET,
    sort_by: InvoiceSortBy | Unset = UNSET,
    sort_order: SortOrder | Unset = UNSET,
) -> Response[ErrorResponse | InvoiceListResponse | str]:
    """Get invoices

     Returns the invoices that match every filter given (filters are combined with AND), sorted and
    paged. All parameters are optional and read from the query string; their names are case-insensitive
    (`entityid` = `entityId`). The paging, sorting and search values (`startIndex`, `count`, `sortBy`,
    `sortOrder`, `filterValue`) are read by `ApiContext`: `name[]` is read before `name`, of repeated
    keys the first wins, and a single value is split at `,` and its first part used (`count=5,10` is 5).
    The same route answers with a `.json` suffix (`.xml` gives XML and is not described here). The
    official documentation says a request without a format gets XML, while the source answers JSON: the
    generated client asks for JSON explicitly with `Accept: application/json`. Only GET is routed: the
    API layer has no 405, so another method falls through to ASP.NET (likely a 404 page) and `OPTIONS`
    answers 200 with CORS headers; this contract promises nothing for other methods.

    Args:
        status (InvoiceStatusId | Unset): Draft = 1, Sent = 2, Rejected = 3, Paid = 4, Archived =
            5. `x-enum-titles` are the neutral (English) titles a portal writes in `status.title` and
            accepts in the `status` filter with exact case: note `Billed` for Sent and `Archive` for
            Archived. In responses the generated client also accepts ids a newer portal may add.
        issue_date_from (datetime.datetime | Unset): A date as the server parses it
            (`ApiDateTime.Parse`): `yyyy-MM-ddTHH:mm:ss` or `yyyy-MM-ddTHH-mm-ss`, optionally with 3
            or 7 fractional digits, optionally followed by `Z` or `±hh:mm` (no offset means the
            portal's time zone), or a plain `yyyy-MM-dd`. The offset has no ±14:00 range check
            (`+15:00` is accepted). Any other shape, such as the 6 fractional digits of Python's
            `isoformat()`, is 400 "invalid date time format: <value>". A `+` must be sent as `%2B`.
            The generated client serializes datetimes as `yyyy-MM-ddTHH:mm:ss.fffffff±hh:mm` (7
            digits) so it cannot send a rejected value. `format: date-time` (RFC 3339, which requires
            an offset) is what a client should send and what the generator needs to type the parameter
            as a datetime; the server is more lenient and also reads values without an offset, and
            date-only values, in the portal's time zone (the generated client sends a naive datetime
            that way).
        issue_date_to (datetime.datetime | Unset): A date as the server parses it
            (`ApiDateTime.Parse`): `yyyy-MM-ddTHH:mm:ss` or `yyyy-MM-ddTHH-mm-ss`, optionally with 3
            or 7 fractional digits, optionally followed by `Z` or `±hh:mm` (no offset means the
            portal's time zone), or a plain `yyyy-MM-dd`. The offset has no ±14:00 range check
            (`+15:00` is accepted). Any other shape, such as the 6 fractional digits of Python's
            `isoformat()`, is 400 "invalid date time format: <value>". A `+` must be sent as `%2B`.
            The generated client serializes datetimes as `yyyy-MM-ddTHH:mm:ss.fffffff±hh:mm` (7
            digits) so it cannot send a rejected value. `format: date-time` (RFC 3339, which requires
            an offset) is what a client should send and what the generator needs to type the parameter
            as a datetime; the server is more lenient and also reads values without an offset, and
            date-only values, in the portal's time zone (the generated client sends a naive datetime
            that way).
        due_date_from (datetime.datetime | Unset): A date as the server parses it
            (`ApiDateTime.Parse`): `yyyy-MM-ddTHH:mm:ss` or `yyyy-MM-ddTHH-mm-ss`, optionally with 3
            or 7 fractional digits, optionally followed by `Z` or `±hh:mm` (no offset means the
            portal's time zone), or a plain `yyyy-MM-dd`. The offset has no ±14:00 range check
            (`+15:00` is accepted). Any other shape, such as the 6 fractional digits of Python's
            `isoformat()`, is 400 "invalid date time format: <value>". A `+` must be sent as `%2B`.
            The generated client serializes datetimes as `yyyy-MM-ddTHH:mm:ss.fffffff±hh:mm` (7
            digits) so it cannot send a rejected value. `format: date-time` (RFC 3339, which requires
            an offset) is what a client should send and what the generator needs to type the parameter
            as a datetime; the server is more lenient and also reads values without an offset, and
            date-only values, in the portal's time zone (the generated client sends a naive datetime
            that way).
        due_date_to (datetime.datetime | Unset): A date as the server parses it
            (`ApiDateTime.Parse`): `yyyy-MM-ddTHH:mm:ss` or `yyyy-MM-ddTHH-mm-ss`, optionally with 3
            or 7 fractional digits, optionally followed by `Z` or `±hh:mm` (no offset means the
            portal's time zone), or a plain `yyyy-MM-dd`. The offset has no ±14:00 range check
            (`+15:00` is accepted). Any other shape, such as the 6 fractional digits of Python's
            `isoformat()`, is 400 "invalid date time format: <value>". A `+` must be sent as `%2B`.
            The generated client serializes datetimes as `yyyy-MM-ddTHH:mm:ss.fffffff±hh:mm` (7
            digits) so it cannot send a rejected value. `format: date-time` (RFC 3339, which requires
            an offset) is what a client should send and what the generator needs to type the parameter
            as a datetime; the server is more lenient and also reads values without an offset, and
            date-only values, in the portal's time zone (the generated client sends a naive datetime
            that way).
        entity_type (EntityTypeFilter | Unset):
        entityid (int | Unset):
        currency (str | Unset):
        filter_value (str | Unset):
        start_index (int | Unset):
        count (int | Unset):
        sort_by (InvoiceSortBy | Unset): The database sort keys (`x-database-keys`: number,
            issueDate, dueDate, status, contact, id) and the invoice properties the server sorts by in
            memory without error (every match fetched unpaged; see the `sortBy` parameter). Only
            `number`, `id` and `contact` (which breaks ties by `number`) are total orders (`x-total-
            orders`).
        sort_order (SortOrder | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | InvoiceListResponse | str]
    """

    kwargs = _get_kwargs(
        status=status,
        issue_date_from=issue_date_from,
        issue_date_to=issue_date_to,
        due_date_from=due_date_from,
        due_date_to=due_date_to,
        entity_type=entity_type,
        entityid=entityid,
        currency=currency,
        filter_value=filter_value,
        start_index=start_index,
        count=count,
        sort_by=sort_by,
        sort_order=sort_order,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    status: InvoiceStatusId | Unset = UNSET,
    issue_date_from: datetime.datetime | Unset = UNSET,
    issue_date_to: datetime.datetime | Unset = UNSET,
    due_date_from: datetime.datetime | Unset = UNSET,
    due_date_to: datetime.datetime | Unset = UNSET,
    entity_type: EntityTypeFilter | Unset = UNSET,
    entityid: int | Unset = UNSET,
    currency: str | Unset = UNSET,
    filter_value: str | Unset = UNSET,
    start_index: int | Unset = UNSET,
    count: int | Unset = UNSET,
    sort_by: InvoiceSortBy | Unset = UNSET,
    sort_order: SortOrder | Unset = UNSET,
) -> ErrorResponse | InvoiceListResponse | str | None:
    """Get invoices

     Returns the invoices that match every filter given (filters are combined with AND), sorted and
    paged. All parameters are optional and read from the query string; their names are case-insensitive
    (`entityid` = `entityId`). The paging, sorting and search values (`startIndex`, `count`, `sortBy`,
    `sortOrder`, `filterValue`) are read by `ApiContext`: `name[]` is read before `name`, of repeated
    keys the first wins, and a single value is split at `,` and its first part used (`count=5,10` is 5).
    The same route answers with a `.json` suffix (`.xml` gives XML and is not described here). The
    official documentation says a request without a format gets XML, while the source answers JSON: the
    generated client asks for JSON explicitly with `Accept: application/json`. Only GET is routed: the
    API layer has no 405, so another method falls through to ASP.NET (likely a 404 page) and `OPTIONS`
    answers 200 with CORS headers; this contract promises nothing for other methods.

    Args:
        status (InvoiceStatusId | Unset): Draft = 1, Sent = 2, Rejected = 3, Paid = 4, Archived =
            5. `x-enum-titles` are the neutral (English) titles a portal writes in `status.title` and
            accepts in the `status` filter with exact case: note `Billed` for Sent and `Archive` for
            Archived. In responses the generated client also accepts ids a newer portal may add.
        issue_date_from (datetime.datetime | Unset): A date as the server parses it
            (`ApiDateTime.Parse`): `yyyy-MM-ddTHH:mm:ss` or `yyyy-MM-ddTHH-mm-ss`, optionally with 3
            or 7 fractional digits, optionally followed by `Z` or `±hh:mm` (no offset means the
            portal's time zone), or a plain `yyyy-MM-dd`. The offset has no ±14:00 range check
            (`+15:00` is accepted). Any other shape, such as the 6 fractional digits of Python's
            `isoformat()`, is 400 "invalid date time format: <value>". A `+` must be sent as `%2B`.
            The generated client serializes datetimes as `yyyy-MM-ddTHH:mm:ss.fffffff±hh:mm` (7
            digits) so it cannot send a rejected value. `format: date-time` (RFC 3339, which requires
            an offset) is what a client should send and what the generator needs to type the parameter
            as a datetime; the server is more lenient and also reads values without an offset, and
            date-only values, in the portal's time zone (the generated client sends a naive datetime
            that way).
        issue_date_to (datetime.datetime | Unset): A date as the server parses it
            (`ApiDateTime.Parse`): `yyyy-MM-ddTHH:mm:ss` or `yyyy-MM-ddTHH-mm-ss`, optionally with 3
            or 7 fractional digits, optionally followed by `Z` or `±hh:mm` (no offset means the
            portal's time zone), or a plain `yyyy-MM-dd`. The offset has no ±14:00 range check
            (`+15:00` is accepted). Any other shape, such as the 6 fractional digits of Python's
            `isoformat()`, is 400 "invalid date time format: <value>". A `+` must be sent as `%2B`.
            The generated client serializes datetimes as `yyyy-MM-ddTHH:mm:ss.fffffff±hh:mm` (7
            digits) so it cannot send a rejected value. `format: date-time` (RFC 3339, which requires
            an offset) is what a client should send and what the generator needs to type the parameter
            as a datetime; the server is more lenient and also reads values without an offset, and
            date-only values, in the portal's time zone (the generated client sends a naive datetime
            that way).
        due_date_from (datetime.datetime | Unset): A date as the server parses it
            (`ApiDateTime.Parse`): `yyyy-MM-ddTHH:mm:ss` or `yyyy-MM-ddTHH-mm-ss`, optionally with 3
            or 7 fractional digits, optionally followed by `Z` or `±hh:mm` (no offset means the
            portal's time zone), or a plain `yyyy-MM-dd`. The offset has no ±14:00 range check
            (`+15:00` is accepted). Any other shape, such as the 6 fractional digits of Python's
            `isoformat()`, is 400 "invalid date time format: <value>". A `+` must be sent as `%2B`.
            The generated client serializes datetimes as `yyyy-MM-ddTHH:mm:ss.fffffff±hh:mm` (7
            digits) so it cannot send a rejected value. `format: date-time` (RFC 3339, which requires
            an offset) is what a client should send and what the generator needs to type the parameter
            as a datetime; the server is more lenient and also reads values without an offset, and
            date-only values, in the portal's time zone (the generated client sends a naive datetime
            that way).
        due_date_to (datetime.datetime | Unset): A date as the server parses it
            (`ApiDateTime.Parse`): `yyyy-MM-ddTHH:mm:ss` or `yyyy-MM-ddTHH-mm-ss`, optionally with 3
            or 7 fractional digits, optionally followed by `Z` or `±hh:mm` (no offset means the
            portal's time zone), or a plain `yyyy-MM-dd`. The offset has no ±14:00 range check
            (`+15:00` is accepted). Any other shape, such as the 6 fractional digits of Python's
            `isoformat()`, is 400 "invalid date time format: <value>". A `+` must be sent as `%2B`.
            The generated client serializes datetimes as `yyyy-MM-ddTHH:mm:ss.fffffff±hh:mm` (7
            digits) so it cannot send a rejected value. `format: date-time` (RFC 3339, which requires
            an offset) is what a client should send and what the generator needs to type the parameter
            as a datetime; the server is more lenient and also reads values without an offset, and
            date-only values, in the portal's time zone (the generated client sends a naive datetime
            that way).
        entity_type (EntityTypeFilter | Unset):
        entityid (int | Unset):
        currency (str | Unset):
        filter_value (str | Unset):
        start_index (int | Unset):
        count (int | Unset):
        sort_by (InvoiceSortBy | Unset): The database sort keys (`x-database-keys`: number,
            issueDate, dueDate, status, contact, id) and the invoice properties the server sorts by in
            memory without error (every match fetched unpaged; see the `sortBy` parameter). Only
            `number`, `id` and `contact` (which breaks ties by `number`) are total orders (`x-total-
            orders`).
        sort_order (SortOrder | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | InvoiceListResponse | str
    """

    return (
        await asyncio_detailed(
            client=client,
            status=status,
            issue_date_from=issue_date_from,
            issue_date_to=issue_date_to,
            due_date_from=due_date_from,
            due_date_to=due_date_to,
            entity_type=entity_type,
            entityid=entityid,
            currency=currency,
            filter_value=filter_value,
            start_index=start_index,
            count=count,
            sort_by=sort_by,
            sort_order=sort_order,
        )
    ).parsed
