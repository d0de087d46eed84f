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

START_INDEX_MINIMUM = 0
"""The `minimum` of `startIndex` in the spec."""
COUNT_MINIMUM = 0
"""The `minimum` of `count` in the spec."""
COUNT_MAXIMUM = 1000
"""The `maximum` of `count` in the spec."""


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
        status (InvoiceStatusId | Unset): One invoice status. The documentation page shows an
            array; the server binds a single value, uses only the first when the key is repeated, and
            ignores `status[]`. The converter accepts the number, the enum name in any case (`draft`,
            `Sent`), or the neutral title with its exact case (`Billed` yes, `billed` 400; see
            `x-enum-titles`); failing those, .NET's enum converter splits on `,` and ORs the flags, so
            `status=1,2` means 3 (Rejected) and `Draft,Paid` means 5: a 200, not a 400. Any Int32
            parses (one outside 1..5 matches nothing). Anything else is 400 "Requested value '<value>'
            was not found.". This client sends the number.
        issue_date_from (datetime.datetime | Unset): Inclusive lower bound on the issue date.
        issue_date_to (datetime.datetime | Unset): Inclusive upper bound on the issue date: the
            server compares against `issueDateTo + 1 day - 1 minute`, so a midnight (or date-only)
            value covers that whole day.
        due_date_from (datetime.datetime | Unset): Inclusive lower bound on the due date.
        due_date_to (datetime.datetime | Unset): Inclusive upper bound on the due date, compared
            against `dueDateTo + 1 day - 1 minute`.
        entity_type (EntityTypeFilter | Unset): The type of entity the invoice is linked to, in
            any case. Any other non-empty value is 400 "Value does not fall within the expected
            range.". Used with `entityid`.
        entityid (int | Unset): The linked entity's id. A non-zero value (even a negative one)
            counts as a filter, but adds a condition only when it is greater than 0 and `entityType`
            is given: `contact` matches the invoice's contact, `opportunity` and `case` the linked
            entity (invoices are only ever linked to opportunities, so `case` matches nothing). When
            no other filter adds a condition either, the list is empty (`entityid=5` alone gives
            `[]`); with another filter (`status=4&entityid=5`) it is ignored. The lower-case `i` is
            the server's own parameter name.
        currency (str | Unset): A currency abbreviation, e.g. `EUR`, compared case-insensitively
            (`eur` = `EUR`: an `=` on a `utf8_general_ci` column).
        filter_value (str | Unset): Text search: the value is cut at the first `,`
            (`filterValue[]` is read first), split on spaces, and every word must be a prefix of a
            space-separated word of the invoice's number or description, case-insensitively (a LIKE):
            `000012` does not match `INV-000012`, `INV` does. A portal with full-text search
            configured matches differently.
        start_index (int | Unset): The number of matching invoices to skip, read with
            `long.TryParse`: negative values count as 0 and a value that is not a number as 0 (never
            400); cut to a 32-bit int.
        count (int | Unset): Page size, read with `ulong.TryParse`: a negative or non-numeric
            value gives the default 1000, never 400, and above 1000 gives 1000. The database is asked
            for `count + 1` rows to know whether a next page exists; the response filter then keeps
            `count` of them but skips that cut when `count` is 0, so `count=0` returns ONE invoice
            (when any matches).
        sort_by (InvoiceSortBy | Unset): Sort key, parsed case-insensitively as the server's
            `InvoiceSortedByType` (a number string parses too: `1` is `issueDate`). `number` (the
            default) sorts as a string and is unique, so it pages exactly once; `id` (v12.7.0 and
            later) too. `issueDate`, `dueDate` and `status` have no tie-breaker under `LIMIT`:
            invoices with equal keys may come in any order, and paging through them may repeat or skip
            one. `contact` sorts by the contact's display name, case- and accent-insensitively (the
            database collation), invoices without a contact last in both directions, ties by `number`
            ascending in both directions: a total order. (Invoices whose contact the caller may not
            see are not listed at all, so `null` contacts are only the administrator's deleted-contact
            case, last.) Any other value is not a database key: the server then fetches every match
            unpaged and sorts in memory by that property of the invoice wrapper (`cost`, `createOn`,
            ...; a nested name such as `contact.displayName` drops invoices whose reference is null;
            `total` becomes `startIndex + matches` when the matches fit in one page); objects that
            cannot be compared answer 500 (`x-known-defects`), and a name that is no property keeps
            `number` ascending and ignores `sortOrder`. For a caller who is not an administrator, an
            in-memory sort answers an empty list (`total` = `startIndex`) as soon as one matching
            invoice is hidden from them. With an in-memory sort, `filterBy` and `filterOp` filter too
            (`x-generic-parameters`).
        sort_order (SortOrder | Unset): Only the exact value `descending` sorts descending;
            anything else is ascending. It has no effect without `sortBy`: the default order is
            `number` ascending whatever `sortOrder` says.

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
        status (InvoiceStatusId | Unset): One invoice status. The documentation page shows an
            array; the server binds a single value, uses only the first when the key is repeated, and
            ignores `status[]`. The converter accepts the number, the enum name in any case (`draft`,
            `Sent`), or the neutral title with its exact case (`Billed` yes, `billed` 400; see
            `x-enum-titles`); failing those, .NET's enum converter splits on `,` and ORs the flags, so
            `status=1,2` means 3 (Rejected) and `Draft,Paid` means 5: a 200, not a 400. Any Int32
            parses (one outside 1..5 matches nothing). Anything else is 400 "Requested value '<value>'
            was not found.". This client sends the number.
        issue_date_from (datetime.datetime | Unset): Inclusive lower bound on the issue date.
        issue_date_to (datetime.datetime | Unset): Inclusive upper bound on the issue date: the
            server compares against `issueDateTo + 1 day - 1 minute`, so a midnight (or date-only)
            value covers that whole day.
        due_date_from (datetime.datetime | Unset): Inclusive lower bound on the due date.
        due_date_to (datetime.datetime | Unset): Inclusive upper bound on the due date, compared
            against `dueDateTo + 1 day - 1 minute`.
        entity_type (EntityTypeFilter | Unset): The type of entity the invoice is linked to, in
            any case. Any other non-empty value is 400 "Value does not fall within the expected
            range.". Used with `entityid`.
        entityid (int | Unset): The linked entity's id. A non-zero value (even a negative one)
            counts as a filter, but adds a condition only when it is greater than 0 and `entityType`
            is given: `contact` matches the invoice's contact, `opportunity` and `case` the linked
            entity (invoices are only ever linked to opportunities, so `case` matches nothing). When
            no other filter adds a condition either, the list is empty (`entityid=5` alone gives
            `[]`); with another filter (`status=4&entityid=5`) it is ignored. The lower-case `i` is
            the server's own parameter name.
        currency (str | Unset): A currency abbreviation, e.g. `EUR`, compared case-insensitively
            (`eur` = `EUR`: an `=` on a `utf8_general_ci` column).
        filter_value (str | Unset): Text search: the value is cut at the first `,`
            (`filterValue[]` is read first), split on spaces, and every word must be a prefix of a
            space-separated word of the invoice's number or description, case-insensitively (a LIKE):
            `000012` does not match `INV-000012`, `INV` does. A portal with full-text search
            configured matches differently.
        start_index (int | Unset): The number of matching invoices to skip, read with
            `long.TryParse`: negative values count as 0 and a value that is not a number as 0 (never
            400); cut to a 32-bit int.
        count (int | Unset): Page size, read with `ulong.TryParse`: a negative or non-numeric
            value gives the default 1000, never 400, and above 1000 gives 1000. The database is asked
            for `count + 1` rows to know whether a next page exists; the response filter then keeps
            `count` of them but skips that cut when `count` is 0, so `count=0` returns ONE invoice
            (when any matches).
        sort_by (InvoiceSortBy | Unset): Sort key, parsed case-insensitively as the server's
            `InvoiceSortedByType` (a number string parses too: `1` is `issueDate`). `number` (the
            default) sorts as a string and is unique, so it pages exactly once; `id` (v12.7.0 and
            later) too. `issueDate`, `dueDate` and `status` have no tie-breaker under `LIMIT`:
            invoices with equal keys may come in any order, and paging through them may repeat or skip
            one. `contact` sorts by the contact's display name, case- and accent-insensitively (the
            database collation), invoices without a contact last in both directions, ties by `number`
            ascending in both directions: a total order. (Invoices whose contact the caller may not
            see are not listed at all, so `null` contacts are only the administrator's deleted-contact
            case, last.) Any other value is not a database key: the server then fetches every match
            unpaged and sorts in memory by that property of the invoice wrapper (`cost`, `createOn`,
            ...; a nested name such as `contact.displayName` drops invoices whose reference is null;
            `total` becomes `startIndex + matches` when the matches fit in one page); objects that
            cannot be compared answer 500 (`x-known-defects`), and a name that is no property keeps
            `number` ascending and ignores `sortOrder`. For a caller who is not an administrator, an
            in-memory sort answers an empty list (`total` = `startIndex`) as soon as one matching
            invoice is hidden from them. With an in-memory sort, `filterBy` and `filterOp` filter too
            (`x-generic-parameters`).
        sort_order (SortOrder | Unset): Only the exact value `descending` sorts descending;
            anything else is ascending. It has no effect without `sortBy`: the default order is
            `number` ascending whatever `sortOrder` says.

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
        status (InvoiceStatusId | Unset): One invoice status. The documentation page shows an
            array; the server binds a single value, uses only the first when the key is repeated, and
            ignores `status[]`. The converter accepts the number, the enum name in any case (`draft`,
            `Sent`), or the neutral title with its exact case (`Billed` yes, `billed` 400; see
            `x-enum-titles`); failing those, .NET's enum converter splits on `,` and ORs the flags, so
            `status=1,2` means 3 (Rejected) and `Draft,Paid` means 5: a 200, not a 400. Any Int32
            parses (one outside 1..5 matches nothing). Anything else is 400 "Requested value '<value>'
            was not found.". This client sends the number.
        issue_date_from (datetime.datetime | Unset): Inclusive lower bound on the issue date.
        issue_date_to (datetime.datetime | Unset): Inclusive upper bound on the issue date: the
            server compares against `issueDateTo + 1 day - 1 minute`, so a midnight (or date-only)
            value covers that whole day.
        due_date_from (datetime.datetime | Unset): Inclusive lower bound on the due date.
        due_date_to (datetime.datetime | Unset): Inclusive upper bound on the due date, compared
            against `dueDateTo + 1 day - 1 minute`.
        entity_type (EntityTypeFilter | Unset): The type of entity the invoice is linked to, in
            any case. Any other non-empty value is 400 "Value does not fall within the expected
            range.". Used with `entityid`.
        entityid (int | Unset): The linked entity's id. A non-zero value (even a negative one)
            counts as a filter, but adds a condition only when it is greater than 0 and `entityType`
            is given: `contact` matches the invoice's contact, `opportunity` and `case` the linked
            entity (invoices are only ever linked to opportunities, so `case` matches nothing). When
            no other filter adds a condition either, the list is empty (`entityid=5` alone gives
            `[]`); with another filter (`status=4&entityid=5`) it is ignored. The lower-case `i` is
            the server's own parameter name.
        currency (str | Unset): A currency abbreviation, e.g. `EUR`, compared case-insensitively
            (`eur` = `EUR`: an `=` on a `utf8_general_ci` column).
        filter_value (str | Unset): Text search: the value is cut at the first `,`
            (`filterValue[]` is read first), split on spaces, and every word must be a prefix of a
            space-separated word of the invoice's number or description, case-insensitively (a LIKE):
            `000012` does not match `INV-000012`, `INV` does. A portal with full-text search
            configured matches differently.
        start_index (int | Unset): The number of matching invoices to skip, read with
            `long.TryParse`: negative values count as 0 and a value that is not a number as 0 (never
            400); cut to a 32-bit int.
        count (int | Unset): Page size, read with `ulong.TryParse`: a negative or non-numeric
            value gives the default 1000, never 400, and above 1000 gives 1000. The database is asked
            for `count + 1` rows to know whether a next page exists; the response filter then keeps
            `count` of them but skips that cut when `count` is 0, so `count=0` returns ONE invoice
            (when any matches).
        sort_by (InvoiceSortBy | Unset): Sort key, parsed case-insensitively as the server's
            `InvoiceSortedByType` (a number string parses too: `1` is `issueDate`). `number` (the
            default) sorts as a string and is unique, so it pages exactly once; `id` (v12.7.0 and
            later) too. `issueDate`, `dueDate` and `status` have no tie-breaker under `LIMIT`:
            invoices with equal keys may come in any order, and paging through them may repeat or skip
            one. `contact` sorts by the contact's display name, case- and accent-insensitively (the
            database collation), invoices without a contact last in both directions, ties by `number`
            ascending in both directions: a total order. (Invoices whose contact the caller may not
            see are not listed at all, so `null` contacts are only the administrator's deleted-contact
            case, last.) Any other value is not a database key: the server then fetches every match
            unpaged and sorts in memory by that property of the invoice wrapper (`cost`, `createOn`,
            ...; a nested name such as `contact.displayName` drops invoices whose reference is null;
            `total` becomes `startIndex + matches` when the matches fit in one page); objects that
            cannot be compared answer 500 (`x-known-defects`), and a name that is no property keeps
            `number` ascending and ignores `sortOrder`. For a caller who is not an administrator, an
            in-memory sort answers an empty list (`total` = `startIndex`) as soon as one matching
            invoice is hidden from them. With an in-memory sort, `filterBy` and `filterOp` filter too
            (`x-generic-parameters`).
        sort_order (SortOrder | Unset): Only the exact value `descending` sorts descending;
            anything else is ascending. It has no effect without `sortBy`: the default order is
            `number` ascending whatever `sortOrder` says.

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
        status (InvoiceStatusId | Unset): One invoice status. The documentation page shows an
            array; the server binds a single value, uses only the first when the key is repeated, and
            ignores `status[]`. The converter accepts the number, the enum name in any case (`draft`,
            `Sent`), or the neutral title with its exact case (`Billed` yes, `billed` 400; see
            `x-enum-titles`); failing those, .NET's enum converter splits on `,` and ORs the flags, so
            `status=1,2` means 3 (Rejected) and `Draft,Paid` means 5: a 200, not a 400. Any Int32
            parses (one outside 1..5 matches nothing). Anything else is 400 "Requested value '<value>'
            was not found.". This client sends the number.
        issue_date_from (datetime.datetime | Unset): Inclusive lower bound on the issue date.
        issue_date_to (datetime.datetime | Unset): Inclusive upper bound on the issue date: the
            server compares against `issueDateTo + 1 day - 1 minute`, so a midnight (or date-only)
            value covers that whole day.
        due_date_from (datetime.datetime | Unset): Inclusive lower bound on the due date.
        due_date_to (datetime.datetime | Unset): Inclusive upper bound on the due date, compared
            against `dueDateTo + 1 day - 1 minute`.
        entity_type (EntityTypeFilter | Unset): The type of entity the invoice is linked to, in
            any case. Any other non-empty value is 400 "Value does not fall within the expected
            range.". Used with `entityid`.
        entityid (int | Unset): The linked entity's id. A non-zero value (even a negative one)
            counts as a filter, but adds a condition only when it is greater than 0 and `entityType`
            is given: `contact` matches the invoice's contact, `opportunity` and `case` the linked
            entity (invoices are only ever linked to opportunities, so `case` matches nothing). When
            no other filter adds a condition either, the list is empty (`entityid=5` alone gives
            `[]`); with another filter (`status=4&entityid=5`) it is ignored. The lower-case `i` is
            the server's own parameter name.
        currency (str | Unset): A currency abbreviation, e.g. `EUR`, compared case-insensitively
            (`eur` = `EUR`: an `=` on a `utf8_general_ci` column).
        filter_value (str | Unset): Text search: the value is cut at the first `,`
            (`filterValue[]` is read first), split on spaces, and every word must be a prefix of a
            space-separated word of the invoice's number or description, case-insensitively (a LIKE):
            `000012` does not match `INV-000012`, `INV` does. A portal with full-text search
            configured matches differently.
        start_index (int | Unset): The number of matching invoices to skip, read with
            `long.TryParse`: negative values count as 0 and a value that is not a number as 0 (never
            400); cut to a 32-bit int.
        count (int | Unset): Page size, read with `ulong.TryParse`: a negative or non-numeric
            value gives the default 1000, never 400, and above 1000 gives 1000. The database is asked
            for `count + 1` rows to know whether a next page exists; the response filter then keeps
            `count` of them but skips that cut when `count` is 0, so `count=0` returns ONE invoice
            (when any matches).
        sort_by (InvoiceSortBy | Unset): Sort key, parsed case-insensitively as the server's
            `InvoiceSortedByType` (a number string parses too: `1` is `issueDate`). `number` (the
            default) sorts as a string and is unique, so it pages exactly once; `id` (v12.7.0 and
            later) too. `issueDate`, `dueDate` and `status` have no tie-breaker under `LIMIT`:
            invoices with equal keys may come in any order, and paging through them may repeat or skip
            one. `contact` sorts by the contact's display name, case- and accent-insensitively (the
            database collation), invoices without a contact last in both directions, ties by `number`
            ascending in both directions: a total order. (Invoices whose contact the caller may not
            see are not listed at all, so `null` contacts are only the administrator's deleted-contact
            case, last.) Any other value is not a database key: the server then fetches every match
            unpaged and sorts in memory by that property of the invoice wrapper (`cost`, `createOn`,
            ...; a nested name such as `contact.displayName` drops invoices whose reference is null;
            `total` becomes `startIndex + matches` when the matches fit in one page); objects that
            cannot be compared answer 500 (`x-known-defects`), and a name that is no property keeps
            `number` ascending and ignores `sortOrder`. For a caller who is not an administrator, an
            in-memory sort answers an empty list (`total` = `startIndex`) as soon as one matching
            invoice is hidden from them. With an in-memory sort, `filterBy` and `filterOp` filter too
            (`x-generic-parameters`).
        sort_order (SortOrder | Unset): Only the exact value `descending` sorts descending;
            anything else is ascending. It has no effect without `sortBy`: the default order is
            `number` ascending whatever `sortOrder` says.

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


# Public names for the two halves of a call, for code that sends requests its own way (the library layer's
# retrying transport, the contract suite's reproduce commands and response checks): the keyword arguments of
# the httpx request this operation sends, and the typed Response built from an httpx response.
build_request = _get_kwargs
build_response = _build_response
