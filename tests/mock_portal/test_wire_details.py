"""Smaller wire facts of the third reading: whole-second dates, the binding order, the tfa login, offsets."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from starlette.testclient import TestClient

import onlyoffice_crm_spec as spec
from onlyoffice_crm_spec import AUTHENTICATION_PATH, FILTER_PATH
from onlyoffice_mock_portal.app import create_app
from onlyoffice_mock_portal.config import PortalConfig


@pytest.fixture(scope="module")
def portal() -> Iterator[TestClient]:
    config = PortalConfig(invoices=500, rate_limit=0)
    with TestClient(create_app(config), headers={"Authorization": config.token}) as client:
        yield client


def test_every_invoice_date_is_whole_seconds_onlyoffice_sql_576_582_591(portal: TestClient) -> None:
    """datetime columns without fractions, round-tripped through DateTime.ToString() (InvoiceDao.cs:725,731,740)."""
    raw = portal.get(FILTER_PATH, params={"count": 500}).text
    dates = re.findall(r'"(?:issueDate|dueDate|createOn)":"([^"]+)"', raw)
    assert len(dates) == 1500
    pattern = re.compile(spec.component_schema("InvoiceDateTime")["pattern"])
    assert all(pattern.fullmatch(date) for date in dates)
    assert len({date[11:19] for date in re.findall(r'"createOn":"([^"]+)"', raw)}) > 100  # real clock times


def test_the_first_bad_parameter_in_signature_order_is_reported_apiargumentbuilder_cs_47_73(portal: TestClient) -> None:
    """CRMApi.Invoices.cs:132-141 (signature), :143-147 (the entityType check runs in the body, later)."""
    answer = portal.get(FILTER_PATH, params={"issueDateFrom": "2024-13-01", "status": "foo"}).json()
    assert answer["error"]["message"] == "Requested value 'foo' was not found."
    answer = portal.get(FILTER_PATH, params={"entityType": "foo", "entityid": "abc"}).json()
    assert answer["error"] == {
        "message": "Input string was not in a correct format.",
        "hresult": -2146233033,
        "data": {},
    }


def test_an_offset_without_a_colon_is_400_as_the_spec_decides_apidatetime_cs_80_109(portal: TestClient) -> None:
    """The server probably accepts +0300 and shifts it twice (medium confidence); the spec keeps it out."""
    answer = portal.get(FILTER_PATH, params={"issueDateFrom": "2024-01-15T10:00:00+0300"})
    assert answer.status_code == 400
    assert answer.json()["error"]["message"] == "invalid date time format: 2024-01-15T10:00:00+0300"


@pytest.mark.parametrize(
    ("factor", "keys"), [("tfa", ["token", "tfa"]), ("sms", ["token", "expires", "sms", "phoneNoise"])]
)
def test_a_tfa_login_has_no_expires_and_an_sms_one_has_authenticationentrypoint_cs_102_131(
    factor: str, keys: list[str]
) -> None:
    config = PortalConfig(rate_limit=0, two_factor=factor)  # type: ignore[arg-type]
    with TestClient(create_app(config)) as client:
        answer = client.post(AUTHENTICATION_PATH, json={"userName": config.user_name, "password": config.password})
    assert answer.status_code == 201
    assert list(answer.json()["response"]) == keys
