"""One authenticated GET of the filter before any test, so that an unusable target ends the run in seconds with
one line naming the cause and what to do, instead of a failure in every test."""

from __future__ import annotations

import json
import ssl
from dataclasses import dataclass

import httpx

import onlyoffice_crm_spec as spec
from onlyoffice_crm import PASSWORD_VARIABLE, TOKEN_VARIABLE, URL_VARIABLE, USER_NAME_VARIABLE

TIMEOUT = httpx.Timeout(8.0, connect=5.0)
VERSION_HEADER_WORDS = ("version",)


class PreflightError(Exception):
    """The target cannot be tested; the message names the cause and what to do (exit 2)."""


@dataclass(frozen=True)
class Preflight:
    """What the first answer said about the target."""

    version: str
    """The server version from a response header, or how it stayed unknown."""
    status: int = 200
    """200, or 403 for a guest's token (accepted only when the run allows a guest)."""


def _is_tls_error(error: BaseException) -> bool:
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, ssl.SSLError) or "SSL" in str(seen) or "CERTIFICATE" in str(seen):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _transport_problem(base_url: str, error: httpx.HTTPError) -> str:
    if isinstance(error, httpx.TimeoutException):
        return f"{base_url} did not answer within {TIMEOUT.read:g} s: check {URL_VARIABLE}, the network and any proxy"
    if _is_tls_error(error):
        return (
            f"TLS with {base_url} failed ({type(error).__name__}): check the certificate, or that the port "
            "speaks https (use http:// for a plain-HTTP address)"
        )
    return f"cannot reach {base_url} ({type(error).__name__}): check {URL_VARIABLE}, DNS and that the portal is up"


PROBLEM_BY_STATUS = {
    401: f"the portal refuses the token (401): check {TOKEN_VARIABLE}, or give {USER_NAME_VARIABLE} and "
    f"{PASSWORD_VARIABLE} to log in",
    402: "the portal answers 402 Payment Required: its tariff has expired or is unpaid; renew it, then rerun",
    403: "the user has no access to the CRM module (403): use the token of a user with CRM access (or --role guest "
    "to check what such a caller is answered)",
    404: f"no invoice filter at this address (404): {URL_VARIABLE} must be the portal's root, and the CRM module on",
    429: "the portal is rate-limiting this client (429): wait, then rerun with a lower CONTRACT_RATE_LIMIT",
    503: "the portal is unavailable or rate-limiting (503): wait (Retry-After), then rerun",
}


def server_version(response: httpx.Response) -> str:
    """The server version a response header tells, e.g. ``X-Version: 12.5.2``; else that none did."""
    told = [f"{name}: {value}" for name, value in response.headers.items() if "version" in name.lower()]
    return ", ".join(told) if told else "not told in the response headers"


def _is_error_envelope(response: httpx.Response, status: int) -> bool:
    try:
        document = json.loads(response.content)
    except ValueError:
        return False
    return isinstance(document, dict) and document.get("statusCode") == status


def check_target(
    base_url: str, token: str, transport: httpx.BaseTransport | None = None, guest_allowed: bool = False
) -> Preflight:
    """GET the filter (one invoice) with ``token`` (over ``transport``: the run's gate); a PreflightError unless it
    is a 200 with the JSON envelope, or, when ``guest_allowed``, the 403 envelope a guest gets for every read."""
    url = f"{base_url}{spec.FILTER_PATH}"
    try:
        with httpx.Client(timeout=TIMEOUT, transport=transport) as http:
            response = http.get(url, params={"count": 1}, headers={"Authorization": token})
    except httpx.HTTPError as error:
        raise PreflightError(_transport_problem(base_url, error)) from None
    status = response.status_code
    if guest_allowed and status == 403 and _is_error_envelope(response, 403):
        return Preflight(version=server_version(response), status=403)
    if status in PROBLEM_BY_STATUS:
        raise PreflightError(f"{base_url}: {PROBLEM_BY_STATUS[status]}")
    if 300 <= status < 400:
        where = response.headers.get("location", "elsewhere")
        raise PreflightError(
            f"{base_url} redirects ({status}) to {where}: use the portal's own address as {URL_VARIABLE}"
        )
    if status != 200:
        raise PreflightError(f"{base_url} answered the invoice filter with HTTP {status}: the run would test nothing")
    kind = response.headers.get("content-type", "no content type")
    try:
        document = json.loads(response.content)
    except ValueError:
        raise PreflightError(
            f"{base_url} answered 200 but not JSON ({kind.split(';')[0]}): {URL_VARIABLE} points at a web page or a "
            "sign-in page, not at a portal's API"
        ) from None
    if not isinstance(document, dict) or not isinstance(document.get("response"), list):
        raise PreflightError(f"{base_url} answered 200 with JSON that is not an invoice list: is it a portal?")
    return Preflight(version=server_version(response))
