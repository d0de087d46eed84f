"""A portal's settings: checked where they are defined, the command's flags made from them, no import-time work."""

from __future__ import annotations

import dataclasses
import gc
import subprocess
import sys
import threading

import pytest

from onlyoffice_mock_portal.app import create_app
from onlyoffice_mock_portal.cli import build_parser, config_from, flag_of, main
from onlyoffice_mock_portal.config import PortalConfig, SettingError, setting_of
from onlyoffice_mock_portal.settings import FaultSettings

FIELDS = dataclasses.fields(PortalConfig)
BAD_VALUES = [
    ("token", ""), ("invoices", -1), ("utc_offset_minutes", 14 * 60 + 1), ("utc_offset_minutes", -14 * 60 - 1),
    ("two_factor", "email"), ("rate_limit", -1), ("rate_limit_window_s", 0), ("error_share", 1.01),
    ("drop_share", -0.1), ("latency_ms", float("inf")), ("edits_per_request", float("nan")), ("max_url_bytes", -1),
    ("max_body_bytes", -5), ("header_timeout_s", 0.0), ("body_timeout_s", -1.0), ("keep_alive_s", 0),
    ("max_connections", 0),
]  # fmt: skip
GOOD_EDGES = [
    ("invoices", 0), ("utc_offset_minutes", -14 * 60), ("utc_offset_minutes", 14 * 60), ("two_factor", "tfa"),
    ("rate_limit", 0), ("error_share", 1), ("drop_share", 0), ("max_connections", 1), ("keep_alive_s", 0.001),
]  # fmt: skip


@pytest.mark.parametrize(("name", "value"), BAD_VALUES)
def test_a_value_out_of_range_is_a_value_error_naming_the_field(name: str, value: object) -> None:
    with pytest.raises(ValueError, match=rf"^{name} must ") as raised:
        PortalConfig(**{name: value})  # type: ignore[arg-type]

    assert isinstance(raised.value, SettingError)
    assert raised.value.name == name


@pytest.mark.parametrize(("name", "value"), GOOD_EDGES)
def test_the_edges_of_each_range_are_taken(name: str, value: object) -> None:
    assert getattr(PortalConfig(**{name: value}), name) == value  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("name", "value"),
    [("invoices", "300"), ("invoices", True), ("error_share", "0.1"), ("edit_early_numbers", 1), ("token", None)],
)
def test_a_value_of_the_wrong_kind_is_a_type_error_naming_the_field(name: str, value: object) -> None:
    with pytest.raises(TypeError, match=rf"^{name} must be "):
        PortalConfig(**{name: value})  # type: ignore[arg-type]


@pytest.mark.parametrize(("name", "value"), [(n, v) for n, v in BAD_VALUES if n in FaultSettings.__dataclass_fields__])
def test_the_live_fault_settings_take_the_same_ranges(name: str, value: object) -> None:
    with pytest.raises(SettingError) as from_config:
        PortalConfig(**{name: value})  # type: ignore[arg-type]
    with pytest.raises(SettingError) as from_settings:
        FaultSettings(**{name: value})  # type: ignore[arg-type]

    assert str(from_settings.value) == str(from_config.value)


def test_the_fault_settings_start_from_the_configs_defaults() -> None:
    assert FaultSettings() == FaultSettings.of(PortalConfig())


def test_every_setting_but_the_two_factor_details_is_a_documented_flag(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "2000")  # one line per flag: help texts are not broken at their hyphens
    assert main(["--help"]) == 0
    shown = " ".join(capsys.readouterr().out.split())  # argparse wraps the help text

    on_command_line = [field for field in FIELDS if setting_of(field).on_command_line]
    assert {field.name for field in FIELDS} - {field.name for field in on_command_line} == {"phone_noise", "tfa_key"}
    for field in on_command_line:
        assert flag_of(field) in shown
        assert " ".join(setting_of(field).help.split()) in shown


def test_the_flags_give_every_field_and_default_to_the_configs_defaults() -> None:
    assert config_from(build_parser().parse_args([])) == PortalConfig()
    arguments = ["--rate-limit-window", "2.5", "--header-timeout", "3", "--data", "x.json", "--edit-early-numbers",
                 "--two-factor", "sms", "--invoices", "7", "--utc-offset-minutes", "-60"]  # fmt: skip
    config = config_from(build_parser().parse_args(arguments))

    assert (config.rate_limit_window_s, config.header_timeout_s, str(config.data_file)) == (2.5, 3.0, "x.json")
    assert (config.edit_early_numbers, config.two_factor, config.invoices, config.utc_offset_minutes) == (
        True, "sms", 7, -60,
    )  # fmt: skip


def test_the_environment_gives_the_commands_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INVOICES", "12")
    monkeypatch.setenv("TOKEN", "from-env")
    monkeypatch.setenv("SEED", "")  # empty: not set

    config = config_from(build_parser().parse_args([]))

    assert (config.invoices, config.token, config.seed) == (12, "from-env", PortalConfig().seed)
    assert config_from(build_parser().parse_args(["--invoices", "3"])).invoices == 3


@pytest.mark.parametrize(
    ("arguments", "message"),
    [(["--header-timeout", "0"], "argument --header-timeout: must be above 0, not 0.0"),
     (["--max-connections", "0"], "argument --max-connections: must be at least 1, not 0"),
     (["--utc-offset-minutes", "900"], "argument --utc-offset-minutes: must be between -840 and 840, not 900"),
     (["--token", ""], "argument --token: must not be empty"),
     (["--port", "65536"], "argument --port: 65536 is not a port (0..65535)")],
)  # fmt: skip
def test_a_bad_flag_is_one_error_line_and_exit_code_2(
    arguments: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(arguments) == 2

    assert capsys.readouterr().err.splitlines()[-1] == f"onlyoffice-mock-portal: error: {message}"


def test_create_app_leaves_the_garbage_collector_alone() -> None:
    frozen = gc.get_freeze_count()

    create_app(PortalConfig(invoices=50))

    assert gc.isenabled()
    assert gc.get_freeze_count() == frozen


@pytest.mark.timeout(60)
def test_importing_the_portal_parses_no_spec_and_makes_no_thread_pool() -> None:
    program = (
        "import gc, threading, concurrent.futures, onlyoffice_crm_spec\n"
        "import onlyoffice_mock_portal.app, onlyoffice_mock_portal.cli, onlyoffice_mock_portal.query\n"
        "import onlyoffice_mock_portal.sorting, onlyoffice_mock_portal.dataset, onlyoffice_mock_portal.server\n"
        "pools = sum(isinstance(o, concurrent.futures.Executor) for o in gc.get_objects())\n"
        "print(onlyoffice_crm_spec.load_spec.cache_info().currsize, pools, threading.active_count())\n"
    )
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=60, check=True)

    assert done.stdout.split() == ["0", "0", "1"]


@pytest.mark.timeout(60)
def test_a_portals_search_threads_end_with_it() -> None:
    from starlette.testclient import TestClient

    from onlyoffice_crm_spec import FILTER_PATH

    config = PortalConfig(invoices=20, rate_limit=0)
    before = set(threading.enumerate())
    with TestClient(create_app(config), headers={"Authorization": config.token}) as client:
        assert client.get(FILTER_PATH).status_code == 200
    searchers = [thread for thread in set(threading.enumerate()) - before if thread.name.startswith("invoice-search")]
    del client
    gc.collect()

    assert searchers
    for thread in searchers:
        thread.join(timeout=30)
        assert not thread.is_alive()
