"""The pytest plugin a checker run passes to ``pytest.main``: it hands the suite its run (``interface.RUN_KEY``),
labels every request with the test that sent it, gathers the tests' outcomes and check counts for the summary,
notes the target-facing tests ``-k`` left out, and stops the session after a test during which a signal came.

Against a live portal a failed test is reported by the suite's own message alone (``interface.failure_message``):
the invoice id and the field the check is about, never pytest's view of the objects around it (an ``Invoice``'s
repr holds its customer), in the terminal, the summaries and the JUnit report alike; a schemathesis check's
failure names a whole object it would quote (``interface.check_failure_message``)."""

from __future__ import annotations

import dataclasses
from collections.abc import Generator
from dataclasses import dataclass, field
from typing import Any, cast

import pytest

from ..interface import (
    CHECK_CASES_PROPERTY,
    CHECK_FAILURE_PROPERTY,
    RUN_KEY,
    CheckFailure,
    SuiteRun,
    check_failure_message,
    failure_message,
)
from .interruption import Interruption
from .outcomes import TestOutcomes
from .run_record import BETWEEN_TESTS, RunRecord
from .suite import TARGET_MARKER


@dataclass
class RunPlugin:
    """One run's link to pytest: ``run`` goes in, ``outcomes`` and ``record`` fill up."""

    run: SuiteRun
    record: RunRecord
    interruption: Interruption = field(default_factory=Interruption)
    outcomes: TestOutcomes = field(default_factory=TestOutcomes)

    def pytest_configure(self, config: pytest.Config) -> None:
        """Hand the suite its run."""
        config.stash[RUN_KEY] = self.run

    def pytest_deselected(self, items: list[pytest.Item]) -> None:
        """Note the target-facing tests left out (the others are not the checker's: ``-m target`` drops them)."""
        self.outcomes.deselected += [item.nodeid for item in items if item.get_closest_marker(TARGET_MARKER)]

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_protocol(self, item: pytest.Item, nextitem: pytest.Item | None) -> Generator[None, Any, Any]:
        """Label every request a test (and its fixtures) sends with the test's id, for the record and the HAR; stop
        the session after it if a signal came (schemathesis' engine, for one, catches the ``KeyboardInterrupt``)."""
        self.record.current_test = item.nodeid
        try:
            return (yield)
        finally:
            self.record.current_test = BETWEEN_TESTS
            self.interruption.stop_if_signalled()

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(self, item: pytest.Item, call: pytest.CallInfo[None]) -> Generator[None, Any, Any]:
        """Against a live portal, a failure's report is the suite's message alone (see the module's description)."""
        report: pytest.TestReport = yield
        if self.run.target.is_live and report.failed and call.excinfo is not None:
            report.longrepr = f"E   {failure_message(call.excinfo.value)}"
        return report

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        """Count the test's outcome, and the schemathesis checks it ran (once: its call phase's properties)."""
        self.outcomes.pytest_runtest_logreport(report)
        if report.when != "call":
            return
        for name, value in report.user_properties:
            if name == CHECK_CASES_PROPERTY:
                check, cases = cast(tuple[str, int], value)
                self.record.count_check(check, cases)
            elif name == CHECK_FAILURE_PROPERTY:
                failure = CheckFailure(*cast(tuple[str, str, str, str], value))
                if self.run.target.is_live:
                    failure = dataclasses.replace(failure, message=check_failure_message(failure.message))
                self.record.add_check_failure(failure)
