"""Errors with an empty body, answered by ``Global.asax`` in front of the API (``Studio/Global.asax.cs:49-77``,
``ResponseRedirect`` at ``:384-397``: ``Response.StatusCode = code; Response.End()``, ASP.NET's default
``text/html``), are named errors that say what happened, never a JSON decoding failure; the API's own 403
envelope (a guest's, ``ProductSecurityFilter.cs:76-137``) is another error; an empty 503 is not the rate limit.
"""

from __future__ import annotations

import asyncio

import httpx
import pytest

from onlyoffice_crm import (
    AsyncPortal,
    IpBlockedError,
    NoCrmAccessError,
    NotFoundError,
    PaymentRequiredError,
    PermissionDeniedError,
    Portal,
    PortalError,
    PortalNotFoundError,
    PortalUnavailableError,
    PortalUnpaidError,
    RateLimitError,
    ServerError,
)
from onlyoffice_mock_portal.config import PortalConfig
from onlyoffice_mock_portal.testing import serve_portal

from .conftest import BASE_URL

# What Global.asax sends: the status, no body, ASP.NET's default content type.
EMPTY = {"Content-Type": "text/html"}
NO_INVOICES = {"total": 0, "status": 0, "statusCode": 200, "response": []}
# (status, the error, its parents a caller may catch, words its message must hold)
IN_FRONT = [
    (402, PortalUnpaidError, (PaymentRequiredError,), "not paid"),
    (403, IpBlockedError, (PermissionDeniedError,), "IP address"),
    (404, PortalNotFoundError, (NotFoundError,), "no portal at this address"),
    (503, PortalUnavailableError, (ServerError,), "migrated"),
]
GUEST_403 = {
    "status": 1,
    "statusCode": 403,
    "error": {"message": "Forbidden", "hresult": -2147467259, "data": {}},
}  # ApiManager.cs:81-85, ApiHttpHandler.cs:90-93


def counting(*responses: httpx.Response) -> tuple[httpx.MockTransport, list[httpx.Request]]:
    sent: list[httpx.Request] = []

    def handle(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return responses[min(len(sent), len(responses)) - 1]

    return httpx.MockTransport(handle), sent


@pytest.mark.parametrize(("status", "error", "parents", "words"), IN_FRONT)
def test_an_empty_answer_in_front_of_the_api_is_a_named_error_saying_what_happened(
    status: int, error: type[PortalError], parents: tuple[type[PortalError], ...], words: str
) -> None:
    transport, sent = counting(httpx.Response(status, headers=EMPTY))

    with Portal(BASE_URL, "token", transport=transport, rate_limit=None) as portal, pytest.raises(error) as raised:
        portal.count_invoices()

    assert isinstance(raised.value, parents)
    assert raised.value.status_code == status
    assert words in str(raised.value)
    assert len(sent) == 1  # none of them is retried


@pytest.mark.parametrize(("status", "error", "parents", "words"), IN_FRONT)
def test_an_empty_answer_before_authentication_is_the_same_error_for_a_login(
    status: int, error: type[PortalError], parents: tuple[type[PortalError], ...], words: str
) -> None:
    """These checks run before authentication (``Global.asax.cs:63-74``): a login gets them rather than a 401."""
    transport, _ = counting(httpx.Response(status, headers=EMPTY))

    with pytest.raises(error):
        Portal.login(BASE_URL, "anna@example.com", "pw", transport=transport)


@pytest.mark.parametrize(("status", "error", "parents", "words"), IN_FRONT)
def test_an_async_portal_raises_the_same_named_errors(
    status: int, error: type[PortalError], parents: tuple[type[PortalError], ...], words: str
) -> None:
    async def count() -> int:
        transport = httpx.MockTransport(lambda request: httpx.Response(status, headers=EMPTY))
        async with AsyncPortal(BASE_URL, "token", transport=transport, rate_limit=None) as portal:
            return await portal.count_invoices()

    with pytest.raises(error):
        asyncio.run(count())


def test_the_rate_limits_503_with_retry_after_is_retried_and_not_a_migration() -> None:
    transport, sent = counting(
        httpx.Response(503, headers={"Retry-After": "0"}),
        httpx.Response(200, json=NO_INVOICES),
    )

    with Portal(BASE_URL, "token", transport=transport, rate_limit=None) as portal:
        assert portal.count_invoices() == 0
    assert len(sent) == 2


def test_the_rate_limits_503_after_every_retry_is_a_rate_limit_error() -> None:
    transport, _ = counting(httpx.Response(503, headers={"Retry-After": "0"}))

    with (
        Portal(BASE_URL, "token", transport=transport, rate_limit=None, max_retries=1) as portal,
        pytest.raises(RateLimitError) as raised,
    ):
        portal.count_invoices()
    assert not isinstance(raised.value, PortalUnavailableError)


def test_a_proxys_503_page_is_still_retried() -> None:
    busy = httpx.Response(503, text="<html><body>503 Service Unavailable</body></html>", headers=EMPTY)
    transport, sent = counting(busy, httpx.Response(200, json=NO_INVOICES))

    with Portal(BASE_URL, "token", transport=transport, rate_limit=None) as portal:
        assert portal.count_invoices() == 0
    assert len(sent) == 2


def test_a_guests_403_envelope_says_the_account_has_no_crm_access() -> None:
    transport, _ = counting(httpx.Response(403, json=GUEST_403))

    with (
        Portal(BASE_URL, "token", transport=transport, rate_limit=None) as portal,
        pytest.raises(NoCrmAccessError) as raised,
    ):
        portal.count_invoices()

    assert isinstance(raised.value, PermissionDeniedError)
    assert not isinstance(raised.value, IpBlockedError)
    assert raised.value.hresult == -2147467259
    assert "no access to the CRM" in str(raised.value)


def test_a_403_with_another_body_stays_a_plain_permission_error() -> None:
    page = httpx.Response(403, text="<html><body>403 Forbidden by nginx</body></html>", headers=EMPTY)
    transport, _ = counting(page)

    with (
        Portal(BASE_URL, "token", transport=transport, rate_limit=None) as portal,
        pytest.raises(PermissionDeniedError) as raised,
    ):
        portal.count_invoices()

    assert type(raised.value) is PermissionDeniedError


@pytest.mark.parametrize("status", [402, 403, 404])
def test_the_apis_own_envelope_keeps_the_plain_error_and_the_servers_message(status: int) -> None:
    body = {"status": 1, "statusCode": status, "error": {"message": "PaymentRequired", "hresult": -2147467259}}
    transport, _ = counting(httpx.Response(status, json=body))

    with (
        Portal(BASE_URL, "token", transport=transport, rate_limit=None) as portal,
        pytest.raises(PortalError) as raised,
    ):
        portal.count_invoices()

    assert not isinstance(raised.value, PortalUnpaidError | IpBlockedError | PortalNotFoundError | NoCrmAccessError)
    assert raised.value.message == "PaymentRequired"


MOCK_STATES = [
    ("unknown", PortalNotFoundError),
    ("suspended", PortalNotFoundError),
    ("unpaid", PortalUnpaidError),
    ("blocked", IpBlockedError),
    ("migrating", PortalUnavailableError),
]


@pytest.mark.parametrize(("state", "error"), MOCK_STATES)
def test_the_mock_portal_in_each_state_gives_its_named_error(state: str, error: type[PortalError]) -> None:
    config = PortalConfig(invoices=5, portal_state=state, rate_limit=0)
    with (
        serve_portal(config) as running,
        Portal(running.url, config.token, rate_limit=None) as portal,
        pytest.raises(error),
    ):
        portal.count_invoices()
    assert len(running.control.requests) == 1


def test_the_mock_portal_as_a_guest_gives_no_crm_access() -> None:
    config = PortalConfig(invoices=5, role="guest", rate_limit=0)
    with (
        serve_portal(config) as running,
        Portal(running.url, config.token, rate_limit=None) as portal,
        pytest.raises(NoCrmAccessError),
    ):
        portal.count_invoices()
