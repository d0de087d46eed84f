"""The checker's exit codes, in one place: the runner returns them, ``--help`` and the documentation's table are
rendered from :data:`MEANINGS`, and the action's output description names them."""

from __future__ import annotations

import signal
from enum import IntEnum


class ExitCode(IntEnum):
    """What a pipeline can branch on after a contract run."""

    HOLDS = 0
    FAILURES = 1
    USAGE = 2
    PARTIAL = 4
    HANGUP = 128 + signal.SIGHUP
    INTERRUPTED = 128 + signal.SIGINT
    TERMINATED = 128 + signal.SIGTERM


MEANINGS: dict[ExitCode, str] = {
    ExitCode.HOLDS: "the contract holds: a full run, every check passed and everything the spec documents was "
    "exercised (known server defects and inconclusive checks are warnings)",
    ExitCode.FAILURES: "contract failures, or a full run that left something the spec documents unexercised: the "
    "summary names each, failures with up to three curl commands",
    ExitCode.USAGE: "bad input, an incomplete ONLYOFFICE_* set, configuration or preflight error (unreachable, "
    "refused token): one line on standard error; the summary and JUnit report are still written",
    ExitCode.PARTIAL: "partial, no verdict: a narrowed run (-k, or fewer generated cases than the default) "
    "passed what it ran; the summary lists what it did not run",
    ExitCode.HANGUP: "interrupted by SIGHUP: no verdict",
    ExitCode.INTERRUPTED: "interrupted by SIGINT (Ctrl-C): no verdict",
    ExitCode.TERMINATED: "interrupted by SIGTERM (a cancelled CI job): no verdict",
}

STOPPING_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
"""The signals that stop a run without a verdict."""


def stopped_by(signal_number: int) -> ExitCode:
    """The exit code of a run stopped by ``signal_number`` (128 + its number, as shells report it)."""
    return ExitCode(128 + signal_number)


def epilog() -> str:
    """The exit codes as one paragraph of ``--help``."""
    return "Exit codes: " + "; ".join(f"{int(code)} {meaning}" for code, meaning in MEANINGS.items()) + "."


def exit_codes_table() -> str:
    """The exit codes as a Markdown table (the documentation's contract page)."""
    rows = ["| code | meaning |", "|---|---|"]
    rows += [f"| {int(code)} | {meaning} |" for code, meaning in MEANINGS.items()]
    return "\n".join(rows) + "\n"
