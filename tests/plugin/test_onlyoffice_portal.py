"""The ``onlyoffice_portal`` pytest plugin (issue 17, point 2), run as a downstream project runs it: small test
files in an empty directory, under a pytest of their own (``pytester``, in a subprocess: a run in this process
would import the server's lazily loaded modules a second time, as duplicates, once pytester drops them).

The inner runs load no plugin from entry points (``PYTEST_DISABLE_PLUGIN_AUTOLOAD``), as in a downstream
environment that has none of this repository's test tools, and load ours by its module name; that the
``pytest11`` entry point loads it is checked by ``tests/packaging/test_downstream_project.py`` from the wheel.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

pytest_plugins = ["pytester"]  # here, not in a conftest: pytest refuses it in a conftest below the root

DOWNSTREAM_TESTS = Path(__file__).with_name("downstream_tests.py")
PLUGIN = ("-p", "onlyoffice_mock_portal.pytest_plugin")
MISSING_MOCK = 'onlyoffice_portal needs the mock portal: pip install "onlyoffice-crm-client[mock]"'


@pytest.fixture
def downstream(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> pytest.Pytester:
    """An empty project directory whose pytest runs load only our plugin."""
    monkeypatch.setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")
    return pytester


@pytest.mark.timeout(60)
def test_a_downstream_file_seeds_reads_back_starts_fresh_sees_errors_and_requests(
    downstream: pytest.Pytester,
) -> None:
    downstream.makepyfile(test_invoices=DOWNSTREAM_TESTS.read_text(encoding="utf-8"))

    result = downstream.runpytest_subprocess(*PLUGIN)

    result.assert_outcomes(passed=4)


@pytest.mark.timeout(60)
def test_each_test_starts_from_the_configured_state(downstream: pytest.Pytester) -> None:
    downstream.makepyfile(
        test_state="""
        import httpx
        import pytest

        FILTER = "/api/2.0/crm/invoice/filter"

        def total(portal):
            answer = httpx.get(portal.url + FILTER, headers={"Authorization": portal.token})
            return answer.status_code, answer.json()["total"] if answer.status_code == 200 else None

        @pytest.mark.parametrize("round", [1, 2, 3])
        def test_changes_do_not_outlive_their_test(onlyoffice_portal, round):
            assert total(onlyoffice_portal) == (200, 20)
            assert len(onlyoffice_portal.requests) == 1
            assert onlyoffice_portal.invoice()["id"] == 1  # ids count from 1 in every test

            onlyoffice_portal.set_invoices([onlyoffice_portal.invoice() for _ in range(round)])
            assert total(onlyoffice_portal) == (200, round)
            onlyoffice_portal.set_faults(rate_limit=1, rate_limit_window_s=60.0, edits_per_request=2.0)
            assert [total(onlyoffice_portal)[0] for _ in range(2)] == [200, 503]
        """
    )

    result = downstream.runpytest_subprocess(*PLUGIN)

    result.assert_outcomes(passed=3)


@pytest.mark.timeout(60)
def test_the_portal_is_one_server_for_the_session(downstream: pytest.Pytester) -> None:
    downstream.makepyfile(
        test_one="""
        URLS = set()

        def test_a(onlyoffice_portal):
            URLS.add(onlyoffice_portal.url)

        def test_b(onlyoffice_portal):
            URLS.add(onlyoffice_portal.url)
            assert len(URLS) == 1 and next(iter(URLS)).startswith("http://127.0.0.1:")
        """
    )

    downstream.runpytest_subprocess(*PLUGIN).assert_outcomes(passed=2)


@pytest.mark.timeout(60)
def test_bad_records_and_bad_faults_fail_the_call_and_change_nothing(downstream: pytest.Pytester) -> None:
    downstream.makepyfile(
        test_bad="""
        import pytest
        from onlyoffice_crm import Portal
        from onlyoffice_mock_portal import DataFileError

        def test_bad_records(onlyoffice_portal):
            good = onlyoffice_portal.invoice()
            bad = dict(onlyoffice_portal.invoice(), issueDate="2024-03-01")
            del bad["currency"]["abbreviation"]

            with pytest.raises(DataFileError) as raised:
                onlyoffice_portal.set_invoices([good, bad, dict(good)])

            assert str(raised.value).splitlines() == [
                "set_invoices: 3 problems:",
                "  invoices[1].issueDate: expected a date like 2024-03-01T00:00:00.0000000+03:00, got '2024-03-01'",
                "  invoices[1].currency.abbreviation: missing",
                "  invoices[2].id: 1 is also the id of invoices[0]; ids must be unique",
            ]
            with Portal(onlyoffice_portal.url, onlyoffice_portal.token) as portal:
                assert portal.count_invoices() == 20

        def test_bad_faults(onlyoffice_portal):
            with pytest.raises(TypeError, match="error_rate"):
                onlyoffice_portal.set_faults(error_rate=1.0)
            with pytest.raises(ValueError, match="error_share"):
                onlyoffice_portal.set_faults(error_share=2.0)
            with Portal(onlyoffice_portal.url, onlyoffice_portal.token, max_retries=0) as portal:
                assert portal.count_invoices() == 20
        """
    )

    downstream.runpytest_subprocess(*PLUGIN).assert_outcomes(passed=2)


@pytest.mark.timeout(60)
def test_a_conftest_can_override_the_configuration(downstream: pytest.Pytester) -> None:
    downstream.makeconftest(
        """
        import pytest
        from onlyoffice_mock_portal import PortalConfig

        @pytest.fixture(scope="session")
        def onlyoffice_portal_config():
            return PortalConfig(invoices=5, token="team-token", user_name="qa@example.com", password="pw",
                                rate_limit=0, utc_offset_minutes=-300)
        """
    )
    downstream.makepyfile(
        test_config="""
        import datetime as dt
        from onlyoffice_crm import Portal

        def test_the_overridden_portal(onlyoffice_portal):
            assert (onlyoffice_portal.token, onlyoffice_portal.user_name, onlyoffice_portal.password) == (
                "team-token", "qa@example.com", "pw")
            assert onlyoffice_portal.invoice(issueDate=dt.date(2024, 3, 1))["issueDate"] == (
                "2024-03-01T00:00:00.0000000-05:00")
            with Portal.login(onlyoffice_portal.url, "qa@example.com", "pw") as portal:
                assert portal.count_invoices() == 5
        """
    )

    downstream.runpytest_subprocess(*PLUGIN).assert_outcomes(passed=1)


# A [cli]-only install, honestly simulated: the [mock] extra's distributions cannot be imported, as if absent.
_WITHOUT_MOCK_EXTRA = """
import importlib.abc
import sys

BLOCKED = {"starlette", "uvicorn", "numpy", "yaml", "jsonschema", "referencing"}
assert not BLOCKED & set(sys.modules), "imported before the test could hide them"


class WithoutTheMockExtra(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] in BLOCKED:
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None


sys.meta_path.insert(0, WithoutTheMockExtra())
"""


@pytest.mark.timeout(120)
def test_without_the_mock_extra_the_fixture_fails_with_one_clear_line(
    downstream: pytest.Pytester,
) -> None:
    downstream.makeconftest(_WITHOUT_MOCK_EXTRA)
    downstream.makepyfile(
        test_cli_only="""
        import onlyoffice_crm

        def test_without_the_portal():
            assert onlyoffice_crm.Portal

        def test_with_the_portal(onlyoffice_portal):
            raise AssertionError("not reached")
        """
    )

    result = downstream.runpytest_subprocess(*PLUGIN)

    result.assert_outcomes(passed=1, errors=1)
    output = result.stdout.str()
    assert f"{MISSING_MOCK} (no module named 'starlette')" in output
    assert "Traceback" not in output
    assert "another exception occurred" not in output
    assert "pytest_plugin.py" not in output  # no frames of the plugin: the message is the whole story


@pytest.mark.timeout(60)
def test_loading_the_plugin_imports_nothing_of_the_server(tmp_path: Path) -> None:
    script = textwrap.dedent(
        """
        import sys
        import onlyoffice_mock_portal.pytest_plugin
        print(sorted({"numpy", "starlette", "uvicorn", "yaml", "jsonschema", "httpx"} & set(sys.modules)))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True, timeout=60, check=False
    )

    assert (done.returncode, done.stdout, done.stderr) == (0, "[]\n", "")
