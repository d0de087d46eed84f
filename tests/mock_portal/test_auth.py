"""Who gets in, and what everyone else is told."""

from __future__ import annotations

import base64
import re

import pytest
from starlette.testclient import TestClient

from onlyoffice_crm_spec import AUTHENTICATION_PATH, FILTER_PATH
from onlyoffice_mock_portal.app import create_app
from onlyoffice_mock_portal.config import PortalConfig

CONFIG = PortalConfig()
BASIC = "Basic " + base64.b64encode(f"{CONFIG.user_name}:{CONFIG.password}".encode()).decode()


@pytest.mark.parametrize(
    ("headers", "cookies"),
    [({"Authorization": CONFIG.token}, {}), ({"Authorization": f"Bearer {CONFIG.token}"}, {}),
     ({"Authorization": BASIC}, {}), ({}, {"asc_auth_key": CONFIG.token})],
    ids=["raw token", "bearer", "basic", "cookie"],
)  # fmt: skip
def test_each_way_of_presenting_credentials_is_let_in(
    anonymous: TestClient, headers: dict[str, str], cookies: dict[str, str]
) -> None:
    anonymous.cookies.update(cookies)
    try:
        response = anonymous.get(FILTER_PATH, headers=headers)
    finally:
        anonymous.cookies.clear()

    assert response.status_code == 200
    assert response.json()["total"] == CONFIG.invoices


def test_a_401_without_credentials_is_text_html_without_a_challenge(anonymous: TestClient) -> None:
    response = anonymous.get(FILTER_PATH)

    assert (response.status_code, response.text) == (401, "Unauthorized")
    assert response.headers["content-type"].startswith("text/html")
    assert "www-authenticate" not in response.headers


@pytest.mark.parametrize("header", ["wrong-token", f"bearer {CONFIG.token}", f"{CONFIG.token}x", "Basic !!!"])
def test_a_wrong_authorization_header_is_a_401_with_a_basic_challenge(anonymous: TestClient, header: str) -> None:
    response = anonymous.get(FILTER_PATH, headers={"Authorization": header})

    assert (response.status_code, response.text) == (401, "Unauthorized")
    assert response.headers["www-authenticate"] == 'Basic Realm="testserver"'


def test_login_gives_the_configured_token_in_the_portal_envelope(anonymous: TestClient) -> None:
    response = anonymous.post(AUTHENTICATION_PATH, json={"userName": CONFIG.user_name, "password": CONFIG.password})

    assert response.status_code == 201
    body = response.json()
    assert (body["count"], body["status"], body["statusCode"]) == (1, 0, 201)
    assert body["response"]["token"] == CONFIG.token
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}\+03:00", body["response"]["expires"])


def test_login_accepts_a_form_body(anonymous: TestClient) -> None:
    form = {"userName": CONFIG.user_name, "password": CONFIG.password}
    assert anonymous.post(AUTHENTICATION_PATH, data=form).status_code == 201


@pytest.mark.parametrize(
    "fields",
    [{"userName": CONFIG.user_name, "password": "nope"},
     {"userName": "nobody@example.com", "password": CONFIG.password}, {"password": CONFIG.password},
     {"userName": CONFIG.user_name}, {"userName": 5, "password": "x"}, {"userName": "", "password": ""}],
    ids=["wrong password", "wrong user", "no user name", "no password", "number", "empty"],
)  # fmt: skip
def test_a_failed_login_is_the_500_envelope(anonymous: TestClient, fields: dict[str, object]) -> None:
    response = anonymous.post(AUTHENTICATION_PATH, json=fields)

    assert response.status_code == 500
    assert response.headers["content-type"] == "application/json; charset=UTF-8"
    error = {"message": "User authentication failed", "hresult": -2146233087, "data": {}}
    assert response.json() == {"status": 1, "statusCode": 500, "error": error}


@pytest.mark.parametrize("body", [b"{", b"[]", b"\xff", b'"text"'])
def test_a_malformed_login_is_a_400_in_the_error_envelope(anonymous: TestClient, body: bytes) -> None:
    response = anonymous.post(AUTHENTICATION_PATH, content=body, headers={"Content-Type": "application/json"})

    assert response.status_code == 400
    assert response.json()["status"] == 1
    assert response.json()["statusCode"] == 400


@pytest.mark.parametrize(
    ("mode", "extra"),
    [("sms", {"sms": True, "phoneNoise": "+7 *** *** **45"}), ("tfa", {"tfa": True, "tfaKey": "KEY123"})],
)
def test_a_two_factor_login_has_a_null_token_and_names_the_step(mode: str, extra: dict[str, object]) -> None:
    config = PortalConfig(invoices=5, two_factor=mode, tfa_key="KEY123", rate_limit=0)  # type: ignore[arg-type]
    client = TestClient(create_app(config))

    response = client.post(AUTHENTICATION_PATH, json={"userName": config.user_name, "password": config.password})

    assert response.status_code == 201
    answer = response.json()["response"]
    assert answer["token"] is None
    assert {key: answer[key] for key in extra} == extra


# ---------------------------------------------------------------- the documented password beside a custom token


def login_status(config: PortalConfig, user_name: str, password: str) -> tuple[int, int]:
    """The status of a login with these credentials, and of a filter request with them as Basic credentials."""
    client = TestClient(create_app(config))
    login = client.post(AUTHENTICATION_PATH, json={"userName": user_name, "password": password})
    basic = "Basic " + base64.b64encode(f"{user_name}:{password}".encode()).decode()
    return login.status_code, client.get(FILTER_PATH, headers={"Authorization": basic}).status_code


def test_with_a_custom_token_the_documented_password_logs_in_nowhere() -> None:
    config = PortalConfig(invoices=1, rate_limit=0, token="team-secret")

    assert login_status(config, config.user_name, CONFIG.password) == (500, 401)


def test_with_a_custom_token_a_password_of_ones_own_logs_in_and_gets_that_token() -> None:
    config = PortalConfig(invoices=1, rate_limit=0, token="team-secret", user_name="qa@example.com", password="pw")
    client = TestClient(create_app(config))

    response = client.post(AUTHENTICATION_PATH, json={"userName": "qa@example.com", "password": "pw"})

    assert response.status_code == 201
    assert response.json()["response"]["token"] == "team-secret"
    assert login_status(config, "qa@example.com", "pw") == (201, 200)
    assert login_status(config, "qa@example.com", CONFIG.password) == (500, 401)


def test_with_the_documented_token_the_documented_password_logs_in() -> None:
    assert login_status(PortalConfig(invoices=1, rate_limit=0), CONFIG.user_name, CONFIG.password) == (201, 200)
