"""The checker's own options: the installed suite it points pytest at, its version, `-k`, and the report folder."""

from __future__ import annotations

from importlib.metadata import version
from pathlib import Path

import pytest

from onlyoffice_crm_contract.runner import summary
from onlyoffice_crm_contract.runner.cli import main
from onlyoffice_crm_contract.runner.options import settings
from onlyoffice_crm_contract.runner.run_record import RunRecord
from onlyoffice_crm_contract.runner.suite import pytest_arguments, suite_dir


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
    monkeypatch.setenv("TOKEN", "t")

    chosen = settings(["--url", "https://portal.example.com/", "--report-dir", "out", "-k", "paging"])
    blank = settings([])

    assert (chosen.base_url, chosen.reports, chosen.select) == ("https://portal.example.com", Path("out"), "paging")
    assert (blank.max_examples, blank.reports) == (30, Path("reports"))


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


def test_a_failure_without_a_curl_line_is_reproduced_with_the_checker_and_k() -> None:
    outcomes = summary.TestOutcomes(failed=[("test_behaviour.py::test_x[case-1]", "E   AssertionError: boom")])

    lines = summary.summary_lines("target", "unknown", outcomes, RunRecord(), 0, [])

    assert (
        "FAIL test_behaviour.py::test_x[case-1]: AssertionError: boom | reproduce: onlyoffice-crm-contract -k "
        "'test_x' (same target options)"
    ) in lines
