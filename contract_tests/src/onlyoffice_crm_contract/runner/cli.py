"""``onlyoffice-crm-contract`` (also ``python -m onlyoffice_crm_contract.runner``): check the target, run the
target-facing tests of the installed suite, summarise, exit 0/1/2.

Everything runs in this one process (pytest in-process), and every client of the run sends through its one gate
(``gate.py``): the login, the preflight, schemathesis (through ``gateway.py``) and every generated client of the
suite; one rate limiter and one record serve them all. The suite gets the target from the run's pytest plugin
(``plugin.py``), not from the environment.
"""

from __future__ import annotations

import secrets
import signal
import sys
import tempfile
import warnings
from contextlib import ExitStack
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING

from onlyoffice_mock_portal.process import MockPortalError, mock_portal_process

from .gate import Gate, GatedTransport, Policy
from .har import write_har
from .masking import Secret
from .options import EXIT_FAILURES, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, Settings, UsageError, settings
from .preflight import PreflightError, check_target
from .run_record import RunRecord
from .suite import SuiteNotFoundError, pytest_arguments
from .summary import TestOutcomes, summary_lines

if TYPE_CHECKING:
    from .http_target import HttpTarget

PREFIX = "contract:"
LOGIN_TIMEOUT_S = 8.0
PYTEST_NO_TESTS_COLLECTED = 5  # pytest.ExitCode.NO_TESTS_COLLECTED, without importing pytest before the preflight


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def _run_pytest(
    junit: Path, select: str, target: HttpTarget, max_examples: int, record: RunRecord
) -> tuple[int, TestOutcomes]:
    """Run the suite against ``target``; pytest's exit code and the tests' outcomes."""
    # Here, not at the top: a preflight error must end the run before these imports' seconds.
    import pytest
    from hypothesis.configuration import set_hypothesis_home_dir

    from ..interface import SuiteRun
    from .plugin import RunPlugin

    plugin = RunPlugin(SuiteRun(target, max_examples), record)

    with tempfile.TemporaryDirectory(prefix="onlyoffice-crm-contract-") as scratch:
        # Hypothesis keeps a cache in .hypothesis/ of the current directory: a run leaves only its reports behind.
        set_hypothesis_home_dir(Path(scratch) / "hypothesis")
        try:
            code = int(pytest.main(pytest_arguments(Path(scratch), junit, select), plugins=[plugin]))
        finally:
            set_hypothesis_home_dir(None)
    return code, plugin.outcomes


def _exit_code(pytest_code: int, select: str) -> int:
    if pytest_code == 0:
        return EXIT_OK
    if pytest_code == 1:
        return EXIT_FAILURES
    if pytest_code == 2:
        return EXIT_INTERRUPTED
    if pytest_code == PYTEST_NO_TESTS_COLLECTED and select:
        print(f"{PREFIX} no test of the suite matches -k {select!r}", file=sys.stderr)
        return EXIT_USAGE
    print(f"{PREFIX} pytest could not run the suite (exit code {pytest_code})", file=sys.stderr)
    return EXIT_USAGE


def run(run: Settings, base_url: str, token: str, read_only: bool, label: str) -> int:
    """Check ``base_url``, run the suite against it, write the artefacts, print the summary; the exit code."""
    try:
        run.reports.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise UsageError(f"cannot make the report folder {run.reports} ({error.strerror or error})") from None
    junit, har, text = (
        run.reports / name for name in ("contract-junit.xml", "contract-traffic.har", "contract-summary.txt")
    )
    junit.unlink(missing_ok=True)
    record = RunRecord()
    gate = Gate(Policy(base_url=base_url, read_only=read_only, requests_per_second=run.rate_limit), record)
    # Imports the suite's dependencies: after the options are known good.
    from .http_target import HttpTarget, log_in

    try:
        with gate.impatient():
            secret = Secret(token or log_in(gate, base_url, run.user_name, run.password, LOGIN_TIMEOUT_S))
            found = check_target(base_url, secret, GatedTransport(gate))
        print(f"{PREFIX} {label}; preflight: the invoice filter answered 200", flush=True)
        target = HttpTarget(base_url, secret, gate)
        try:
            pytest_code, outcomes = _run_pytest(junit, run.select, target, run.max_examples, record)
        finally:
            target.close()
        code = _exit_code(pytest_code, run.select)
    finally:
        write_har(record.exchanges, har)
    artefacts = [str(path) for path in (junit, har, text) if path == text or path.exists()]
    lines = summary_lines(label, found.version, outcomes, record, run.rate_limit, artefacts)
    verdict = {EXIT_OK: "the contract holds", EXIT_FAILURES: "contract failures (exit 1)"}
    caveat = " (where checked: some checks were inconclusive, see WARN)" if outcomes.inconclusive else ""
    lines.append(f"{PREFIX} {verdict.get(code, f'the run did not complete (exit {code})')}{caveat}")
    text.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    return code


def main(argv: list[str] | None = None) -> int:
    """Parse, then run against the live portal or a mock portal process; one line and exit 2 on bad input."""
    signal.signal(signal.SIGTERM, _interrupt)
    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient` is deprecated")
    try:
        chosen = settings(argv)  # --help and --version end here, before the suite's imports
    except UsageError as error:
        print(f"{PREFIX} {error}", file=sys.stderr)
        return EXIT_USAGE
    from .http_target import TargetError

    try:
        with ExitStack() as stack:
            if chosen.live:
                label = f"{chosen.base_url} (live: GET of the invoice filter only, read-only)"
                return run(chosen, chosen.base_url, chosen.token, read_only=True, label=label)
            token = secrets.token_hex(16)
            arguments = ["--token", token, "--rate-limit", "0"]
            label = "started for this run"
            if chosen.mock_edits_per_request:
                arguments += ["--edits-per-request", str(chosen.mock_edits_per_request)]
                label += f", {chosen.mock_edits_per_request:g} edits per filter request"
            url = stack.enter_context(mock_portal_process(*arguments)).url
            return run(chosen, url, token, read_only=False, label=f"the mock portal at {url} ({label})")
    except (UsageError, TargetError, PreflightError, MockPortalError, SuiteNotFoundError) as error:
        print(f"{PREFIX} {error}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print(f"{PREFIX} interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
