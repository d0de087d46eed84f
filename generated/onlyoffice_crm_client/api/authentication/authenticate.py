from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.authentication_request import AuthenticationRequest
from ...models.authentication_response import AuthenticationResponse
from ...models.error_response import ErrorResponse
from ...types import Response


def _get_kwargs(
    *,
    body: AuthenticationRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/2.0/authentication",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> AuthenticationResponse | ErrorResponse | str | None:
    if response.status_code == 201:
        response_201 = AuthenticationResponse.from_dict(response.json())

        return response_201

    if response.status_code == 400:
        response_400 = ErrorResponse.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = response.text
        return response_401

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
) -> Response[AuthenticationResponse | ErrorResponse | str]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: AuthenticationRequest,
) -> Response[AuthenticationResponse | ErrorResponse | str]:
    """Log in and obtain a token

     Exchanges a user name (e-mail) and password for a token to send as `Authorization: <token>` (or
    `Bearer <token>`) or as the `asc_auth_key` cookie. A wrong user name or password, and a missing one,
    throw `AuthenticationException("User authentication failed")`, which the API layer answers with 500
    in the error envelope (hresult -2146233087), not 401. With two-factor authentication on, the 201
    answer has `"token": null` and `sms` or `tfa` (with `phoneNoise` and `tfaKey`).

    Args:
        body (AuthenticationRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AuthenticationResponse | ErrorResponse | str]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: AuthenticationRequest,
) -> AuthenticationResponse | ErrorResponse | str | None:
    """Log in and obtain a token

     Exchanges a user name (e-mail) and password for a token to send as `Authorization: <token>` (or
    `Bearer <token>`) or as the `asc_auth_key` cookie. A wrong user name or password, and a missing one,
    throw `AuthenticationException("User authentication failed")`, which the API layer answers with 500
    in the error envelope (hresult -2146233087), not 401. With two-factor authentication on, the 201
    answer has `"token": null` and `sms` or `tfa` (with `phoneNoise` and `tfaKey`).

    Args:
        body (AuthenticationRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AuthenticationResponse | ErrorResponse | str
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: AuthenticationRequest,
) -> Response[AuthenticationResponse | ErrorResponse | str]:
    """Log in and obtain a token

     Exchanges a user name (e-mail) and password for a token to send as `Authorization: <token>` (or
    `Bearer <token>`) or as the `asc_auth_key` cookie. A wrong user name or password, and a missing one,
    throw `AuthenticationException("User authentication failed")`, which the API layer answers with 500
    in the error envelope (hresult -2146233087), not 401. With two-factor authentication on, the 201
    answer has `"token": null` and `sms` or `tfa` (with `phoneNoise` and `tfaKey`).

    Args:
        body (AuthenticationRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AuthenticationResponse | ErrorResponse | str]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: AuthenticationRequest,
) -> AuthenticationResponse | ErrorResponse | str | None:
    """Log in and obtain a token

     Exchanges a user name (e-mail) and password for a token to send as `Authorization: <token>` (or
    `Bearer <token>`) or as the `asc_auth_key` cookie. A wrong user name or password, and a missing one,
    throw `AuthenticationException("User authentication failed")`, which the API layer answers with 500
    in the error envelope (hresult -2146233087), not 401. With two-factor authentication on, the 201
    answer has `"token": null` and `sms` or `tfa` (with `phoneNoise` and `tfaKey`).

    Args:
        body (AuthenticationRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AuthenticationResponse | ErrorResponse | str
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed


# Public names for the two halves of a call, for code that sends requests its own way (the library layer's
# retrying transport, the contract suite's reproduce commands and response checks): the keyword arguments of
# the httpx request this operation sends, and the typed Response built from an httpx response.
build_request = _get_kwargs
build_response = _build_response
