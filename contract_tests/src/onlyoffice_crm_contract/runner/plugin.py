"""The pytest plugin a checker run passes to ``pytest.main``: it hands the suite its run (``interface.RUN_KEY``),
labels every request with the test that sent it, and gathers the tests' outcomes and check counts for the
summary."""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import dataclass, field
from typing import Any, cast

import pytest

from ..interface import CHECK_CASES_PROPERTY, CHECK_FAILURE_PROPERTY, RUN_KEY, CheckFailure, SuiteRun
from .run_record import RunRecord
from .summary import TestOutcomes


@dataclass
class RunPlugin:
    """One run's link to pytest: ``run`` goes in, ``outcomes`` and ``record`` fill up."""

    run: SuiteRun
    record: RunRecord
    outcomes: TestOutcomes = field(default_factory=TestOutcomes)

    def pytest_configure(self, config: pytest.Config) -> None:
        """Hand the suite its run."""
        config.stash[RUN_KEY] = self.run

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_protocol(self, item: pytest.Item, nextitem: pytest.Item | None) -> Generator[None, Any, Any]:
        """Label every request a test (and its fixtures) sends with the test's id, for the record and the HAR."""
        self.record.current_test = item.nodeid
        try:
            return (yield)
        finally:
            self.record.current_test = "between tests"

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
                self.record.add_check_failure(CheckFailure(*cast(tuple[str, str, str, str], value)))
