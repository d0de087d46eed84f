"""The checker's own options: the installed suite it points pytest at, its version, `-k`, the report folder, and
the library's words for the portal (ONLYOFFICE_*), with the old names as aliases that count only with BASE_URL."""

from __future__ import annotations

from importlib.metadata import version
from pathlib import Path

import pytest

import onlyoffice_crm
from onlyoffice_crm_contract.runner import summary
from onlyoffice_crm_contract.runner.cli import main
from onlyoffice_crm_contract.runner.exit_codes import MEANINGS, ExitCode
from onlyoffice_crm_contract.runner.options import OLD_NAMES, PORTAL_VARIABLES, UsageError, parser, settings
from onlyoffice_crm_contract.runner.suite import pytest_arguments, suite_dir

PORTAL = "https://portal.example.com"


def test_pytest_runs_the_installed_suite_with_the_checkers_own_configuration(tmp_path: Path) -> None:
    arguments = pytest_arguments(tmp_path, tmp_path / "junit.xml", select="paging")
    ini = Path(arguments[arguments.index("-c") + 1])

    assert arguments[0] == str(suite_dir())
    assert {"conftest.py", "schemathesis.toml", "test_schema_conformance.py"} <= {p.name for p in suite_dir().iterdir()}
    assert arguments[arguments.index("--rootdir") + 1] == str(suite_dir())
    assert ini.parent == tmp_path
    assert "target:" in ini.read_text(encoding="utf-8")
    assert arguments[arguments.index("-m") + 1] == "target"
    assert arguments[-2:] == ["-k", "paging"]
    assert "no:cacheprovider" in arguments


def test_version_prints_the_command_and_the_kits_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["--version"])

    assert stopped.value.code == 0
    assert capsys.readouterr().out == f"onlyoffice-crm-contract {version('onlyoffice-crm-client')}\n"


def test_url_and_report_dir_are_the_names_and_blank_variables_count_as_unset(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONTRACT_MAX_EXAMPLES", "")
    monkeypatch.setenv("CONTRACT_REPORTS", "")
    monkeypatch.setenv("ONLYOFFICE_TOKEN", "t")

    chosen = settings(["--url", f"{PORTAL}/", "--report-dir", "out", "-k", "paging"])
    monkeypatch.setenv("ONLYOFFICE_TOKEN", "")
    blank = settings([])

    assert (chosen.base_url, chosen.token, chosen.reports, chosen.select) == (PORTAL, "t", Path("out"), "paging")
    assert (blank.base_url, blank.max_examples, blank.reports) == ("", 30, Path("reports"))


def test_the_checker_reads_the_librarys_variable_names() -> None:
    assert PORTAL_VARIABLES == (
        onlyoffice_crm.URL_VARIABLE, onlyoffice_crm.TOKEN_VARIABLE, onlyoffice_crm.USER_NAME_VARIABLE,
        onlyoffice_crm.PASSWORD_VARIABLE,
    )  # fmt: skip
    assert PORTAL_VARIABLES == ("ONLYOFFICE_URL", "ONLYOFFICE_TOKEN", "ONLYOFFICE_USER_NAME", "ONLYOFFICE_PASSWORD")
    help_text = parser().format_help()
    assert all(name in help_text for name in (*PORTAL_VARIABLES, *OLD_NAMES.values()))


@pytest.mark.parametrize(
    ("environment", "portal", "credentials"),
    [
        ({"ONLYOFFICE_URL": PORTAL, "ONLYOFFICE_TOKEN": "t"}, PORTAL, ("t", "", "")),
        ({"ONLYOFFICE_URL": PORTAL, "ONLYOFFICE_USER_NAME": "u", "ONLYOFFICE_PASSWORD": "p"}, PORTAL, ("", "u", "p")),
        ({"BASE_URL": PORTAL, "TOKEN": "t"}, PORTAL, ("t", "", "")),
        ({"BASE_URL": PORTAL, "USER_NAME": "u", "PASSWORD": "p"}, PORTAL, ("", "u", "p")),
        ({"TOKEN": "t", "USER_NAME": "u", "PASSWORD": "p"}, "", ("", "", "")),
        ({}, "", ("", "", "")),
    ],
    ids=["library token", "library login", "old token", "old login", "old names without BASE_URL", "nothing"],
)
def test_the_portal_comes_from_the_library_names_or_from_the_old_ones_with_base_url(
    monkeypatch: pytest.MonkeyPatch, environment: dict[str, str], portal: str, credentials: tuple[str, str, str]
) -> None:
    for name, value in environment.items():
        monkeypatch.setenv(name, value)

    chosen = settings([])

    assert (chosen.base_url, (chosen.token, chosen.user_name, chosen.password)) == (portal, credentials)
    assert chosen.live == bool(portal)


@pytest.mark.parametrize(
    ("environment", "said"),
    [
        ({"ONLYOFFICE_TOKEN": "t"}, "ONLYOFFICE_TOKEN set without ONLYOFFICE_URL"),
        ({"ONLYOFFICE_USER_NAME": "u", "ONLYOFFICE_PASSWORD": "p"}, "set without ONLYOFFICE_URL"),
        ({"ONLYOFFICE_URL": PORTAL}, "a live portal needs ONLYOFFICE_TOKEN"),
        ({"ONLYOFFICE_URL": PORTAL, "ONLYOFFICE_USER_NAME": "u"}, "a live portal needs ONLYOFFICE_TOKEN"),
        ({"ONLYOFFICE_URL": PORTAL, "TOKEN": "t"}, "a live portal needs ONLYOFFICE_TOKEN"),
        ({"ONLYOFFICE_URL": PORTAL, "ONLYOFFICE_TOKEN": "t", "BASE_URL": PORTAL}, "and the old BASE_URL are set"),
        ({"BASE_URL": PORTAL}, "a live portal needs ONLYOFFICE_TOKEN"),
        ({"ONLYOFFICE_URL": "portal.example.com", "ONLYOFFICE_TOKEN": "t"}, "has no scheme"),
    ],
    ids=[
        "token only",
        "login only",
        "url only",
        "user without password",
        "old token with the library url",
        "both sets",
        "old url only",
        "no scheme",
    ],
)
def test_an_incomplete_set_is_one_line_and_exit_2_never_the_mock(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], environment: dict[str, str], said: str
) -> None:
    for name, value in environment.items():
        monkeypatch.setenv(name, value)

    with pytest.raises(UsageError, match=said):
        settings([])
    code = main([])

    captured = capsys.readouterr()
    assert (code, captured.out, captured.err.count("\n")) == (2, "", 1), captured
    assert said in captured.err
    assert "mock portal at" not in captured.err


def test_a_token_flag_without_a_portal_is_an_error_not_a_run_of_the_mock() -> None:
    with pytest.raises(UsageError, match=r"--token set without ONLYOFFICE_URL"):
        settings(["--token", "t"])


def test_a_narrowed_run_says_why_and_a_deeper_one_is_full() -> None:
    assert settings(["-k", "paging"]).narrowed_by == ["-k 'paging'"]
    assert settings(["--max-examples", "2"]).narrowed_by == ["2 generated cases per operation (a full run: 30)"]
    assert settings(["--max-examples", "500"]).narrowed_by == []
    assert settings([]).narrowed_by == []


def test_every_exit_code_is_documented_once_and_in_the_help() -> None:
    help_text = " ".join(parser().format_help().split())

    assert set(MEANINGS) == set(ExitCode)
    assert [int(code) for code in ExitCode] == [0, 1, 2, 4, 129, 130, 143]
    assert all(f"{int(code)} {' '.join(meaning.split())}" in help_text for code, meaning in MEANINGS.items())


def test_a_report_folder_that_cannot_be_made_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a-file").write_text("")

    code = main(["--report-dir", str(tmp_path / "a-file" / "reports"), "--max-examples", "1"])

    error = capsys.readouterr().err
    assert code == 2
    assert error.startswith("contract: cannot make the report folder ")
    assert len(error.splitlines()) == 1


@pytest.mark.timeout(60)
def test_a_k_expression_that_selects_nothing_is_exit_2_naming_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["--report-dir", str(tmp_path), "--max-examples", "1", "-k", "no_such_test"])

    assert code == 2
    assert "contract: no test of the suite matches -k 'no_such_test'" in capsys.readouterr().err
    assert "no verdict: no test of the suite matches" in (tmp_path / "contract-summary.txt").read_text("utf-8")


def test_a_failure_without_a_curl_line_is_reproduced_with_the_checker_and_k() -> None:
    line = summary.test_failure_line("test_behaviour.py::test_x[case-1]", "E   AssertionError: boom")

    assert line == (
        "FAIL test_behaviour.py::test_x[case-1]: AssertionError: boom | reproduce: onlyoffice-crm-contract -k "
        "'test_x' (same target options)"
    )
