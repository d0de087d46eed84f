"""``onlyoffice-crm-contract`` (also ``python -m onlyoffice_crm_contract.runner``): check the target, run the
target-facing tests of the installed suite, measure coverage, write the reports, exit with the verdict's code
(``exit_codes.py``; the rules in ``verdict.py``).

Everything runs in this one process (pytest in-process), and every client of the run sends through its one gate
(``gate.py``): the login, the preflight, schemathesis (through ``gateway.py``) and every generated client of the
suite; one rate limiter and one record serve them all. The suite gets the target from the run's pytest plugin
(``plugin.py``), not from the environment.

Once the options are read, every exit writes the summary (text and Markdown), the JUnit report, the coverage file
and the HAR: a preflight failure, an incomplete set of variables and an interrupted run included. Every one of
them, and every line the run prints (pytest's included), passes the run's one scrubber (``scrubbing.py``: the
token, the password, the user name and a login's token, in every encoded form), and each report is written to a
temporary file and renamed over its name (``report_files.py``: never through a planted link). SIGINT, SIGTERM
and SIGHUP stop the run at any moment without a verdict (``interruption.py``); the mock portal the run started
runs in a session of its own, so a Ctrl-C meant for the run does not stop it under the run, and it is stopped
before the reports are written.
"""

from __future__ import annotations

import os
import secrets
import sys
import tempfile
import traceback
import warnings
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from onlyoffice_mock_portal.process import MockPortalError, mock_portal_process

from .coverage import measure
from .exit_codes import ExitCode
from .gate import Gate, GatedTransport, Policy
from .har import write_har
from .interruption import Interruption
from .junit import write_junit
from .markdown import markdown_summary
from .masking import Secret
from .options import Settings, UsageError, parser, settings_from
from .preflight import PreflightError, check_target
from .report_files import write_json_report, write_text_report
from .roles import limit_coverage, role_name
from .scrubbing import ScrubbedStream, scrubbed_output
from .suite import SuiteNotFoundError, pytest_arguments
from .summary import PREFIX, summary_lines
from .verdict import PYTEST_FAILED, PYTEST_INTERRUPTED, PYTEST_NO_TESTS, PYTEST_OK, RunResult, Verdict, decide

if TYPE_CHECKING:
    from .http_target import HttpTarget

LOGIN_TIMEOUT_S = 8.0


@dataclass(frozen=True)
class ReportFiles:
    """Where one run writes its artefacts."""

    folder: Path

    @property
    def junit(self) -> Path:
        """pytest's JUnit report, with the verdict's case."""
        return self.folder / "contract-junit.xml"

    @property
    def har(self) -> Path:
        """Every request and answer."""
        return self.folder / "contract-traffic.har"

    @property
    def text(self) -> Path:
        """The summary as printed."""
        return self.folder / "contract-summary.txt"

    @property
    def markdown(self) -> Path:
        """The summary the action publishes."""
        return self.folder / "contract-summary.md"

    @property
    def coverage(self) -> Path:
        """How many requests exercised each documented item."""
        return self.folder / "contract-coverage.json"

    def all(self) -> list[Path]:
        """Every artefact, in the order the summary names them."""
        return [self.junit, self.har, self.coverage, self.text, self.markdown]


def _run_pytest(
    reports: ReportFiles, run: Settings, target: HttpTarget, result: RunResult, interruption: Interruption
) -> None:
    """Run the suite against ``target``; pytest's exit code and the tests' outcomes go into ``result``."""
    # Here, not at the top: a preflight error must end the run before these imports' seconds.
    import pytest
    from hypothesis.configuration import set_hypothesis_home_dir

    from ..interface import SuiteRun
    from .plugin import RunPlugin

    plugin = RunPlugin(SuiteRun(target, run.max_examples, run.role), result.record, interruption, result.outcomes)
    with tempfile.TemporaryDirectory(prefix="onlyoffice-crm-contract-") as scratch:
        # Hypothesis keeps a cache in .hypothesis/ of the current directory: a run leaves only its reports behind.
        set_hypothesis_home_dir(Path(scratch) / "hypothesis")
        # pytest writes its JUnit report here, not into the report folder (it would follow a planted link): the
        # runner adds its verdict and writes it, scrubbed, the way it writes every report.
        junit = Path(scratch) / reports.junit.name
        try:
            arguments = pytest_arguments(Path(scratch), junit, run.select)
            result.pytest_code = int(pytest.main(arguments, plugins=[plugin]))
        finally:
            set_hypothesis_home_dir(None)
            if junit.is_file():
                result.pytest_report = junit.read_text(encoding="utf-8", errors="replace")
    if result.pytest_code == PYTEST_NO_TESTS and run.select:
        raise UsageError(f"no test of the suite matches -k {run.select!r}")
    if result.pytest_code not in (PYTEST_OK, PYTEST_FAILED, PYTEST_INTERRUPTED):
        raise UsageError(f"pytest could not run the suite (exit code {result.pytest_code})")


def _check(run: Settings, base_url: str, token: str, read_only: bool, result: RunResult, stop: Interruption) -> None:
    """Check ``base_url`` and run the suite against it, filling ``result``."""
    reports = ReportFiles(run.reports)
    gate = Gate(Policy(base_url=base_url, read_only=read_only, requests_per_second=run.rate_limit), result.record)
    from .http_target import HttpTarget, log_in  # the suite's dependencies: once the options are known good

    with gate.impatient():
        secret = Secret(token or log_in(gate, base_url, run.user_name, run.password, LOGIN_TIMEOUT_S))
        if not token:
            _hide_login_token(secret, result)
        guest_allowed = run.role in ("guest", "auto")
        preflight = check_target(base_url, secret, GatedTransport(gate), guest_allowed=guest_allowed)
        result.version = preflight.version
    answered = "200" if preflight.status == 200 else f"{preflight.status} (the envelope of a guest)"
    print(f"{PREFIX} {result.label}; preflight: the invoice filter answered {answered}", flush=True)
    target = HttpTarget(base_url, secret, gate)
    try:
        _run_pytest(reports, run, target, result, stop)
    finally:
        target.close()


def _hide_login_token(token: str, result: RunResult) -> None:
    """Scrub a login's token from everything from now on; under GitHub Actions, mask it in the job's log first
    (``::add-mask::``, before any line could show it)."""
    result.scrubber.add(token)
    if os.environ.get("GITHUB_ACTIONS") == "true":
        stdout = sys.stdout
        for command in result.scrubber.github_mask_commands(token):
            if isinstance(stdout, ScrubbedStream):
                stdout.write_unscrubbed(command)
            else:
                print(command, flush=True)


def _run(chosen: Settings, result: RunResult, stop: Interruption) -> None:
    """Run against the live portal, or against a mock portal process started (and stopped) here."""
    result.rate_limit, result.narrowed_by = chosen.rate_limit, chosen.narrowed_by
    result.scrubber.add(chosen.token, chosen.password, chosen.user_name)
    result.har_bodies = chosen.har_bodies or not chosen.live
    if chosen.live:
        result.label = f"{chosen.base_url} (live: GET of the invoice filter only, read-only)"
        _check(chosen, chosen.base_url, chosen.token, True, result, stop)
        return
    token = secrets.token_hex(16)
    result.scrubber.add(token)
    arguments = ["--token", token, "--rate-limit", "0", "--role", chosen.mock_role]
    started = f"started for this run, answering as {chosen.mock_role}"
    if chosen.mock_edits_per_request:
        arguments += ["--edits-per-request", str(chosen.mock_edits_per_request)]
        started += f", {chosen.mock_edits_per_request:g} edits per filter request"
    result.label = f"the mock portal ({started})"
    with ExitStack() as stack:
        url = stack.enter_context(mock_portal_process(*arguments)).url
        result.label = f"the mock portal at {url} ({started})"
        _check(chosen, url, token, False, result, stop)


def _write_reports(reports: ReportFiles, result: RunResult, verdict: Verdict) -> list[str]:
    """Every artefact of the run; the text summary's lines."""
    scrubber = result.scrubber  # every report passes it (``report_files.py``): nothing is written around it
    write_har(result.record.exchanges, reports.har, scrubber, bodies=result.har_bodies)
    write_junit(reports.junit, verdict, scrubber, pytest_report=result.pytest_report or "")
    if result.coverage is not None:
        document = {**result.coverage.as_json(), "tests_not_run": result.outcomes.deselected}
        write_json_report(reports.coverage, document, scrubber)
    artefacts = [str(path) for path in reports.all() if path.exists() or path in (reports.text, reports.markdown)]
    lines = [scrubber.scrub(line) for line in summary_lines(result, verdict, artefacts)]
    write_text_report(reports.text, "\n".join(lines) + "\n", scrubber)
    write_text_report(reports.markdown, markdown_summary(result, verdict, artefacts), scrubber)
    return lines


def conclude(reports: ReportFiles, result: RunResult, stop: Interruption) -> tuple[Verdict, list[str]]:
    """The verdict and the written reports; again if a signal came while they were written."""
    while True:
        seen = stop.signal
        result.signal_number, result.signal_name, result.during = stop.signal or 0, stop.signal_name, stop.during
        if result.pytest_code is not None or stop.signal:
            result.coverage = limit_coverage(measure(result.record.exchanges), role_name(result.outcomes))
        verdict = decide(result)
        lines = _write_reports(reports, result, verdict)
        if stop.signal == seen:
            return verdict, lines


def main(argv: list[str] | None = None) -> int:
    """Parse, run against the live portal or a mock portal process, report; the verdict's exit code."""
    result = RunResult()
    stop = Interruption(where=lambda: result.record.current_test)
    stop.install()
    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient` is deprecated")
    try:
        with scrubbed_output(result.scrubber):  # every line printed, pytest's included, is scrubbed
            try:
                return _main(argv, result, stop)
            except Exception:  # a defect of the checker: its traceback may quote a secret too, so it is printed here
                traceback.print_exc()
                raise SystemExit(1) from None
    finally:
        stop.restore()


def _main(argv: list[str] | None, result: RunResult, stop: Interruption) -> int:
    try:
        options = parser().parse_args(argv)  # --help and --version end here, before the suite's imports
        reports = ReportFiles(Path(options.reports))
        try:
            reports.folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise UsageError(f"cannot make the report folder {reports.folder} ({error.strerror or error})") from None
        reports.junit.unlink(missing_ok=True)
        from .http_target import TargetError  # the suite's dependencies: after --help and --version
    except UsageError as error:
        print(f"{PREFIX} {error}", file=sys.stderr)
        return ExitCode.USAGE
    except KeyboardInterrupt:
        print(f"{PREFIX} interrupted: no verdict", file=sys.stderr)
        return ExitCode(128 + (stop.signal or 2))
    try:
        _run(settings_from(options), result, stop)
    except (UsageError, TargetError, PreflightError, MockPortalError, SuiteNotFoundError) as error:
        result.error = str(error)
        print(f"{PREFIX} {error}", file=sys.stderr, flush=True)
    except KeyboardInterrupt:
        stop.note_interrupt()  # the verdict says so: the signal is in ``stop``
    with stop.disarmed():
        verdict, lines = conclude(reports, result, stop)
        if not result.error:
            print("\n".join(lines), flush=True)
    return verdict.code
