"""The ``onlyoffice_portal`` fixture's caller role: ``--onlyoffice-portal-role`` or the ini value
``onlyoffice_portal_role`` (``admin`` by default), as :attr:`PortalConfig.role` takes it."""

from __future__ import annotations

import dataclasses

import pytest

from onlyoffice_mock_portal.config import PortalConfig, setting_of
from onlyoffice_mock_portal.pytest_plugin import ROLE_CHOICES

pytest_plugins = ["pytester"]

PLUGIN = ("-p", "onlyoffice_mock_portal.pytest_plugin")
ROLE_TEST = """
import httpx

def test_role(onlyoffice_portal, onlyoffice_portal_config):
    answer = httpx.get(onlyoffice_portal.url + "/api/2.0/crm/invoice/filter",
                       headers={"Authorization": onlyoffice_portal.token})
    print("ROLE", onlyoffice_portal_config.role, answer.status_code)
"""


@pytest.fixture
def downstream(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> pytest.Pytester:
    monkeypatch.setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")
    pytester.makepyfile(test_role=ROLE_TEST)
    return pytester


def test_the_options_choices_are_portal_configs_roles() -> None:
    (role,) = [field for field in dataclasses.fields(PortalConfig) if field.name == "role"]
    assert setting_of(role).choices == ROLE_CHOICES


@pytest.mark.timeout(60)
def test_the_role_is_admin_by_default_and_the_option_or_ini_value_changes_it(downstream: pytest.Pytester) -> None:
    assert "ROLE admin 200" in downstream.runpytest_subprocess(*PLUGIN, "-s").stdout.str()
    assert (
        "ROLE guest 403"
        in downstream.runpytest_subprocess(*PLUGIN, "-s", "--onlyoffice-portal-role=guest").stdout.str()
    )
    downstream.makeini("[pytest]\nonlyoffice_portal_role = user\n")
    assert "ROLE user 200" in downstream.runpytest_subprocess(*PLUGIN, "-s").stdout.str()


@pytest.mark.timeout(60)
def test_an_unknown_role_in_the_ini_file_is_a_usage_error(downstream: pytest.Pytester) -> None:
    downstream.makeini("[pytest]\nonlyoffice_portal_role = owner\n")
    result = downstream.runpytest_subprocess(*PLUGIN)
    assert (
        "onlyoffice_portal_role must be one of admin, user, guest, not 'owner'"
        in result.stdout.str() + result.stderr.str()
    )
