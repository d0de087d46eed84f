"""One operation of the spec run through schemathesis' engine, as its CLI would run it: every phase and check
``schemathesis.toml`` enables, with each check's cases and failures counted.

The engine (not schemathesis' pytest plugin) because the schema is built in a fixture and the plugin's
``from_fixture`` does not run under pytest 9; it also probes ``ignored_auth`` once per operation, not per case.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from schemathesis.engine import Status, events, from_schema

from ..interface import CHECK_CASES_PROPERTY, CHECK_FAILURE_PROPERTY, CheckFailure
from .properties import curl_command


@dataclass
class Outcome:
    """What one engine run of one operation found."""

    failures: list[CheckFailure] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    statuses: Counter[int] = field(default_factory=Counter)
    """The status codes of the responses the checks validated."""
    cases: Counter[str] = field(default_factory=Counter)
    """How many cases each check ran."""


def _failure(check: str, failure: Any, interaction: Any, base_url: str) -> CheckFailure:
    message = next((line.strip() for line in str(failure.message).splitlines() if line.strip()), "")
    reproduce = ""
    if interaction:
        # schemathesis reached the target in-process (its application, or the gateway to it): the command names
        # the target's own address.
        sent = urlsplit(interaction.request.uri)
        query = f"?{sent.query}" if sent.query else ""
        reproduce = curl_command(interaction.request.method, f"{base_url}{sent.path}{query}")
    return CheckFailure(check, str(failure.title), message[:200], reproduce)


def run_operation(schema: Any, method: str, path: str, base_url: str, excused: frozenset[str] = frozenset()) -> Outcome:
    """Run every configured phase and check on ``method path`` of the target at ``base_url``; count each check's
    cases; return what failed.

    A failure of a check in ``excused`` is behaviour the spec documents for this operation: neither returned
    nor counted as a failure."""
    schema.config.update(continue_on_failure=True)
    outcome = Outcome()
    for event in from_schema(schema.include(method=method, path=path)).execute():
        if isinstance(event, events.Interrupted):
            raise KeyboardInterrupt  # the engine caught Ctrl-C/SIGTERM and stopped: so does the test run
        if isinstance(event, events.FatalError | events.NonFatalError):
            outcome.errors.append(str(getattr(event, "info", event)).splitlines()[0][:300])
        if not isinstance(event, events.ScenarioFinished):
            continue
        recorder = event.recorder
        for case_id, interaction in recorder.interactions.items():
            if interaction.response is not None and case_id in recorder.checks:
                outcome.statuses[interaction.response.status_code] += 1
        for case_id, nodes in recorder.checks.items():
            for node in nodes:
                if node.status == Status.FAILURE and node.failure_info is not None and node.name not in excused:
                    sent = recorder.interactions.get(case_id)
                    outcome.failures.append(_failure(node.name, node.failure_info.failure, sent, base_url))
                outcome.cases[node.name] += 1
    return outcome


def describe(outcome: Outcome) -> str:
    """The failures and errors of an outcome, one line each, for an assertion message."""
    lines = [f"{failure.check}: {failure.title}: {failure.message} | reproduce: {failure.reproduce}"
             for failure in outcome.failures]  # fmt: skip
    return "\n".join([*lines, *(f"error: {error}" for error in outcome.errors)])


def report(outcome: Outcome, record_property: Callable[[str, object], None]) -> None:
    """Hand each check's case count and failures to the run's summary, as properties of the test."""
    for check, cases in sorted(outcome.cases.items()):
        record_property(CHECK_CASES_PROPERTY, (check, cases))
    for failure in outcome.failures:
        record_property(CHECK_FAILURE_PROPERTY, (failure.check, failure.title, failure.message, failure.reproduce))
