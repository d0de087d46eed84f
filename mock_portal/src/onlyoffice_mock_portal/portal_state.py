"""Portal states answered in front of the API, as ``Studio/Global.asax.cs`` does in ``Application_BeginRequest``.

For an ``/api/2.0/...`` path ``ResponseRedirect`` (``:384-397``) sets the status and ends the response: an
**empty body** with ASP.NET's default content type, ``text/html``. The checks run in this order (``:63-75``):
an unknown portal (404, ``:247-264``), a removed or suspended one (404, ``:266-291``), one being transferred,
restored (503, ``:293-311``), migrated (503, ``:313-327``) or encrypted (503, ``:329-343``), an unpaid one when
the tariff page is disabled (402, ``:345-369``): all before ``Authenticate()`` (``:74``), so a request without
credentials gets them rather than 401. The IP restriction (403, ``:371-382``) runs after it, and only for an
authenticated caller: a blocked portal answers an unauthenticated request as usual (the API's 401).
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

import onlyoffice_crm_spec as spec

from .auth import is_authorized
from .config import PortalConfig
from .errors import HTML_CONTENT_TYPE

API_PREFIX = "/api/2.0/"
"""``SetupInfo.WebApiBaseUrl``: the paths ``ResponseRedirect`` answers without a redirect."""
STATE_STATUS = {"unknown": 404, "suspended": 404, "migrating": 503, "unpaid": 402, "blocked": 403}
"""Each state of :attr:`PortalConfig.portal_state` -> the status ``Global.asax`` answers with."""
AFTER_AUTHENTICATION = frozenset({"blocked"})
"""States checked only for an authenticated caller (``BlockIPSecurityPortal``, ``:371-382``)."""


def unanswered_front_statuses() -> list[str]:
    """One line per status of the filter whose spec answer has an empty ``text/html`` alternative (from
    ``Global.asax``) that no portal state gives, and per state whose status the spec does not give so."""
    home = "the mock portal (onlyoffice_mock_portal/portal_state.py, STATE_STATUS)"
    responses = spec.operation(spec.FILTER_PATH, "get")["responses"]
    empty = set()
    for status, answer in responses.items():
        html = spec.resolve(dict(answer)).get("content", {}).get("text/html", {})
        if spec.resolve(dict(html.get("schema", {}))).get("maxLength") == 0:
            empty.add(int(status))
    given = set(STATE_STATUS.values())
    return [f"spec status {status} of GET {spec.FILTER_PATH} has an empty text/html answer: {home} has no state for it"
            for status in sorted(empty - given)] + [
        f"{home} answers {status} with an empty body, which the spec does not allow" for status in sorted(given - empty)
    ]  # fmt: skip


def front_answer(state: str | None, authenticated: bool) -> Response | None:
    """The empty answer ``Global.asax`` gives in this state, None when the request goes on to the API."""
    if state is None or (state in AFTER_AUTHENTICATION and not authenticated):
        return None
    return Response(b"", STATE_STATUS[state], media_type=HTML_CONTENT_TYPE)


class PortalStateGate:
    """Answers every API request from the portal's state (:attr:`PortalConfig.portal_state`) when it has one."""

    def __init__(self, app: ASGIApp, config: PortalConfig) -> None:
        self.app = app
        self.config = config

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        state = self.config.portal_state
        if scope["type"] == "http" and state is not None and str(scope.get("path", "")).lower().startswith(API_PREFIX):
            answer = front_answer(state, is_authorized(Request(scope), self.config))
            if answer is not None:
                await answer(scope, receive, send)
                return
        await self.app(scope, receive, send)
