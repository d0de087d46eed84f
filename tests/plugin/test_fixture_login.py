"""The fixture's login with a token of one's own (issue 27): the documented password no longer logs in, and the
fixture says so instead of handing out a password that fails."""

from __future__ import annotations

import pytest

from onlyoffice_crm import AuthenticationError, Portal
from onlyoffice_mock_portal import MockPortal, PortalConfig
from onlyoffice_mock_portal.records import InvoiceRecords
from onlyoffice_mock_portal.testing import serve_portal

DEFAULTS = PortalConfig()


@pytest.mark.timeout(30)
def test_with_a_token_of_ones_own_the_default_password_is_refused_and_the_fixture_says_so() -> None:
    config = PortalConfig(invoices=2, rate_limit=0, token="team-token")
    with serve_portal(config) as running:
        fixture = MockPortal(running, config, InvoiceRecords())
        with pytest.raises(AuthenticationError):
            Portal.login(running.url, DEFAULTS.user_name, DEFAULTS.password)
        with pytest.raises(RuntimeError, match="give onlyoffice_portal_config a password"):
            _ = fixture.password


@pytest.mark.timeout(30)
def test_with_a_password_of_ones_own_the_fixture_logs_in_with_it() -> None:
    config = PortalConfig(invoices=2, rate_limit=0, token="team-token", password="team-password")
    with serve_portal(config) as running:
        fixture = MockPortal(running, config, InvoiceRecords())
        with Portal.login(running.url, fixture.user_name, fixture.password) as portal:
            assert portal.count_invoices() == 2
    assert fixture.password == "team-password"
