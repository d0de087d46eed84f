"""Portal states answered in front of the API (Studio/Global.asax.cs): the server's status, an empty body."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

import onlyoffice_crm_spec as spec
from onlyoffice_crm_spec import AUTHENTICATION_PATH, FILTER_PATH
from onlyoffice_mock_portal.app import create_app
from onlyoffice_mock_portal.config import PortalConfig
from onlyoffice_mock_portal.portal_state import STATE_STATUS

TOKEN = {"Authorization": PortalConfig().token}
BEFORE_AUTHENTICATION = {
    "unknown": (404, "Global.asax.cs:247-264"),
    "suspended": (404, "Global.asax.cs:266-291"),
    "migrating": (503, "Global.asax.cs:313-327"),
    "unpaid": (402, "Global.asax.cs:345-369"),
}


def portal(state: str | None) -> TestClient:
    return TestClient(create_app(PortalConfig(invoices=5, rate_limit=0, portal_state=state)))


@pytest.mark.parametrize(
    "state", sorted(BEFORE_AUTHENTICATION), ids=lambda state: f"{state}-{BEFORE_AUTHENTICATION[state][1]}"
)
def test_a_state_before_authentication_is_its_status_with_an_empty_body_even_without_a_token_global_asax_cs_63_71(
    state: str,
) -> None:
    """ResponseRedirect (Global.asax.cs:384-397) for /api/2.0: status, Response.End(), ASP.NET's text/html."""
    status, _ = BEFORE_AUTHENTICATION[state]
    with portal(state) as client:
        for answer in (client.get(FILTER_PATH), client.get(FILTER_PATH, headers=TOKEN),
                       client.post(AUTHENTICATION_PATH, json={"userName": "a", "password": "b"})):  # fmt: skip
            assert answer.status_code == status
            assert answer.content == b""
            assert answer.headers["content-type"].startswith("text/html")
            assert "retry-after" not in answer.headers  # an empty 503 is not the rate limit


def test_a_blocked_portal_answers_403_empty_only_to_an_authenticated_caller_global_asax_cs_371_382() -> None:
    """BlockIPSecurityPortal runs after Authenticate() (Global.asax.cs:74-75) and checks IsAuthenticated: the
    source says so, where the third reading's 'before authentication' covers 402/404/503 only."""
    with portal("blocked") as client:
        blocked = client.get(FILTER_PATH, headers=TOKEN)
        assert (blocked.status_code, blocked.content) == (403, b"")
        assert client.get(FILTER_PATH).status_code == 401


def test_every_state_has_the_status_the_spec_gives_an_empty_text_html_answer() -> None:
    responses = spec.operation(FILTER_PATH, "get")["responses"]
    for status in set(STATE_STATUS.values()):
        answer = spec.resolve(dict(responses[str(status)]))
        assert spec.resolve(dict(answer["content"]["text/html"]["schema"]))["maxLength"] == 0


def test_a_portal_without_a_state_answers_as_usual() -> None:
    with portal(None) as client:
        assert client.get(FILTER_PATH, headers=TOKEN).status_code == 200
        assert client.get(FILTER_PATH).status_code == 401
