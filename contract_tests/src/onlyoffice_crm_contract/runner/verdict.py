"""What one run found, and the verdict it earns: the rules that decide the exit code and the last line.

In order: a signal stops a run without a verdict; so does an error before or around the suite (bad input, an
incomplete set, a preflight that failed, pytest that could not run); failures are failures, in a narrowed run too;
a narrowed run that failed nothing is partial; a full run that left a documented item unexercised fails; only
then does the contract hold.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .coverage import Coverage
from .exit_codes import ExitCode, stopped_by
from .outcomes import TestOutcomes
from .roles import holds_caveat
from .run_record import BETWEEN_TESTS, RunRecord
from .scrubbing import Scrubber

PYTEST_OK, PYTEST_FAILED, PYTEST_INTERRUPTED, PYTEST_NO_TESTS = 0, 1, 2, 5
HOLDS = "the contract holds"
INTERRUPTED = "interrupted: no verdict"
PARTIAL = "partial: no verdict"


@dataclass
class RunResult:
    """Everything the verdict and the reports need, filled in as the run goes."""

    record: RunRecord = field(default_factory=RunRecord)
    outcomes: TestOutcomes = field(default_factory=TestOutcomes)
    label: str = "not chosen"
    version: str = "not asked"
    rate_limit: int = 0
    narrowed_by: list[str] = field(default_factory=list)
    error: str = ""
    """The one line of an error that ended the run before or around the suite."""
    pytest_code: int | None = None
    """pytest's exit code; None when the suite did not run."""
    coverage: Coverage | None = None
    signal_name: str = ""
    """The signal that stopped the run (``SIGTERM``), or ``""``."""
    signal_number: int = 0
    during: str = ""
    scrubber: Scrubber = field(default_factory=Scrubber, repr=False)
    """The run's secrets, masked in every report and line it prints (``scrubbing.py``)."""
    har_bodies: bool = True
    """Whether the HAR keeps response bodies: always for the mock portal, with ``--har-bodies`` for a live one."""
    pytest_report: str | None = None
    """pytest's JUnit report as pytest wrote it (in the run's scratch folder), or None when it wrote none."""

    @property
    def complete(self) -> bool:
        """A full run that ended by itself: its coverage gaps are findings, not merely what it did not run."""
        return not (self.narrowed_by or self.signal_number or self.error) and self.pytest_code in (0, 1)

    @property
    def failure_count(self) -> int:
        """Failed tests plus failed schemathesis cases outside them."""
        return len(self.outcomes.failed) + len(self.record.check_failures)


@dataclass(frozen=True)
class Verdict:
    """The exit code and the last line of a run."""

    code: ExitCode
    text: str


def _error_verdict(result: RunResult) -> Verdict | None:
    if result.error:
        return Verdict(ExitCode.USAGE, f"no verdict: {result.error}")
    if result.pytest_code not in (PYTEST_OK, PYTEST_FAILED):
        return Verdict(ExitCode.USAGE, "no verdict: the suite did not run to its end")
    return None


def decide(result: RunResult) -> Verdict:
    """The verdict the rules of the module's description give ``result``."""
    if result.signal_number or result.pytest_code == PYTEST_INTERRUPTED:
        name = result.signal_name or "SIGINT"
        where = f" during {result.during}" if result.during else ""
        if result.during == BETWEEN_TESTS:
            where = f" {BETWEEN_TESTS}"
        code = stopped_by(result.signal_number) if result.signal_number else ExitCode.INTERRUPTED
        return Verdict(code, f"{INTERRUPTED} (stopped by {name}{where})")
    error = _error_verdict(result)
    if error is not None:
        return error
    if result.failure_count or result.pytest_code == PYTEST_FAILED:
        return Verdict(ExitCode.FAILURES, f"contract failures (exit {int(ExitCode.FAILURES)})")
    if result.narrowed_by:
        return Verdict(ExitCode.PARTIAL, f"{PARTIAL} (narrowed by {' and '.join(result.narrowed_by)})")
    gaps = result.coverage.gaps if result.coverage is not None else []
    if gaps:
        return Verdict(
            ExitCode.FAILURES,
            f"the contract is not fully checked: {len(gaps)} documented item(s) never exercised (exit "
            f"{int(ExitCode.FAILURES)})",
        )
    caveat = " (where checked: some checks were inconclusive, see WARN)" if result.outcomes.inconclusive else ""
    return Verdict(ExitCode.HOLDS, HOLDS + holds_caveat(result.outcomes, result.coverage) + caveat)
