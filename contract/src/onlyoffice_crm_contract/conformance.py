"""One operation of the spec run through schemathesis' engine, as its CLI would run it: every phase and check
``schemathesis.toml`` enables, with each check's cases and failures counted into the run's record.

The engine (not schemathesis' pytest plugin) because the schema is built in a fixture and the plugin's
``from_fixture`` does not run under pytest 9; it also probes ``ignored_auth`` once per operation, not per case.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from schemathesis.engine import Status, events, from_schema

from .masking import curl_command
from .run_record import RECORD, CheckFailure, RunRecord


@dataclass
class Outcome:
    """What one engine run of one operation found."""

    failures: list[CheckFailure] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    statuses: Counter[int] = field(default_factory=Counter)


def _failure(check: str, failure: Any, interaction: Any) -> CheckFailure:
    message = next((line.strip() for line in str(failure.message).splitlines() if line.strip()), "")
    reproduce = curl_command(interaction.request.method, interaction.request.uri) if interaction else ""
    return CheckFailure(check, str(failure.title), message[:200], reproduce)


def run_operation(
    schema: Any, method: str, path: str, record: RunRecord = RECORD, excused: frozenset[str] = frozenset()
) -> Outcome:
    """Run every configured phase and check on ``method path``; count into ``record``; return what failed.

    A failure of a check in ``excused`` is behaviour the spec documents for this operation: neither returned
    nor recorded as a failure."""
    schema.config.update(continue_on_failure=True)
    outcome = Outcome()
    for event in from_schema(schema.include(method=method, path=path)).execute():
        if isinstance(event, events.FatalError | events.NonFatalError):
            outcome.errors.append(str(getattr(event, "info", event)).splitlines()[0][:300])
        if not isinstance(event, events.ScenarioFinished):
            continue
        recorder = event.recorder
        for case_id, interaction in recorder.interactions.items():
            if interaction.response is not None and case_id in recorder.checks:
                outcome.statuses[interaction.response.status_code] += 1
                record.count_validated(interaction.response.status_code)
        for case_id, nodes in recorder.checks.items():
            for node in nodes:
                failure = None
                if node.status == Status.FAILURE and node.failure_info is not None and node.name not in excused:
                    failure = _failure(node.name, node.failure_info.failure, recorder.interactions.get(case_id))
                    outcome.failures.append(failure)
                record.count_check(node.name, failure)
    return outcome


def describe(outcome: Outcome) -> str:
    """The failures and errors of an outcome, one line each, for an assertion message."""
    lines = [f"{failure.check}: {failure.title}: {failure.message} | reproduce: {failure.reproduce}"
             for failure in outcome.failures]  # fmt: skip
    return "\n".join([*lines, *(f"error: {error}" for error in outcome.errors)])
