"""The outcome of each target-facing test of a run, fed by the run's pytest plugin (``plugin.RunPlugin``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..interface import CALLER_ROLE_PROPERTY, IMPOSSIBLE_FOR_ROLE, INCONCLUSIVE_PROPERTY, KNOWN_DEFECT_PROPERTY


@dataclass
class TestOutcomes:
    """How the tests ended, their failures and their warnings, and the tests a narrowed run left out."""

    __test__ = False  # a name pytest would otherwise try to collect in the tests that import it

    passed: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    """(test id, pytest's text of the failure)."""
    skipped: int = 0
    warned: int = 0
    """Tests that showed a known server defect or had an inconclusive check (they passed)."""
    known_defects: list[str] = field(default_factory=list)
    inconclusive: list[str] = field(default_factory=list)
    deselected: list[str] = field(default_factory=list)
    """Target-facing tests that ``-k`` left out."""
    caller_role: tuple[str, str] | None = None
    """``(role, how)``: whom the token belongs to, as the suite told it; None when it did not."""
    impossible: list[tuple[str, str]] = field(default_factory=list)
    """(test id, why): tests skipped because the caller's role made them impossible (``impossible for a user: ...``);
    also counted in ``skipped``."""

    def pytest_runtest_logreport(self, report: Any) -> None:
        """Count each test once (its call, or the phase that failed or skipped it)."""
        defects = [str(value) for name, value in report.user_properties if name == KNOWN_DEFECT_PROPERTY]
        doubts = [
            f"{report.nodeid}: {value}" for name, value in report.user_properties if name == INCONCLUSIVE_PROPERTY
        ]
        self.known_defects += defects
        self.inconclusive += doubts
        for name, value in report.user_properties:
            if name == CALLER_ROLE_PROPERTY:
                self.caller_role = (str(value[0]), str(value[1]))
        if report.failed:
            self.failed.append((report.nodeid, report.longreprtext))
        elif report.skipped:
            self.skipped += 1
            reason = skip_reason(report)
            if reason.startswith(IMPOSSIBLE_FOR_ROLE):
                self.impossible.append((report.nodeid, reason))
        elif report.when == "call":
            self.passed += 1
            self.warned += bool(defects or doubts)


def skip_reason(report: Any) -> str:
    """The reason a skipped test's report gives (pytest keeps ``(path, line, "Skipped: reason")``)."""
    longrepr = report.longrepr
    text = longrepr[2] if isinstance(longrepr, tuple) and len(longrepr) == 3 else str(longrepr)
    return str(text).removeprefix("Skipped: ")
