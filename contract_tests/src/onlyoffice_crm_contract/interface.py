"""What the runner and the suite agree on, and all they share: the runner imports the suite only to locate its
files, and the suite never imports the runner.

The runner hands the suite its run as a :class:`SuiteRun` in pytest's stash (:data:`RUN_KEY`), from a plugin it
passes to ``pytest.main``; a plain ``pytest`` run of the suite finds none and tests the in-process mock portal.
The suite reports back through pytest's test properties (``record_property``), under the names below.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

import pytest

if TYPE_CHECKING:
    from onlyoffice_crm_client import AuthenticatedClient

KNOWN_DEFECT_PROPERTY = "known_server_defect"
"""A defect the spec lists for the real server, shown by the target: a warning of the run."""
INCONCLUSIVE_PROPERTY = "inconclusive"
"""A check without a verdict (``suite/paging.py``): the target changed during it, twice running."""
CHECK_CASES_PROPERTY = "schemathesis_check_cases"
"""``(check, cases)``: how many cases one schemathesis check ran in one test."""
CHECK_FAILURE_PROPERTY = "schemathesis_check_failure"
"""``(check, title, message, reproduce)``: one case that failed one schemathesis check (a :class:`CheckFailure`)."""
CALLER_ROLE_PROPERTY = "caller_role"
"""``(role, how)``: whom the run's token belongs to (``admin``, ``user`` or ``guest``; the spec's
``x-caller-roles``) and how the suite knows it (``given by --role``, ``inferred from canDelete false on invoice
12``)."""
IMPOSSIBLE_FOR_ROLE = "impossible for "
"""How the reason of a test skipped because of its caller's role starts: ``impossible for a user: <why>``. Such a
test is not a gap of the run: its caller's role made it impossible (``suite/roles.py``)."""
CALLER_ROLES = ("admin", "user", "guest")
"""The roles a run's caller may have; a run may also be told :data:`AUTO_ROLE`."""
AUTO_ROLE = "auto"
"""Infer the caller's role from the filter's answers (``suite/roles.py``)."""
ROLE_ARTICLES = {"admin": "an admin", "user": "a user", "guest": "a guest"}
"""How the summaries name a caller of each role (``impossible for a user: ...``)."""


@dataclass(frozen=True)
class CheckFailure:
    """One schemathesis check that failed on one case: what the suite reports and the runner summarises."""

    check: str
    title: str
    message: str
    reproduce: str


class Target(Protocol):
    """A server under contract, as the suite uses it."""

    @property
    def base_url(self) -> str:
        """Where the target is (a reproduce command names it)."""

    @property
    def token(self) -> str:
        """The token it accepts."""

    @property
    def is_live(self) -> bool:
        """Only GET requests to the filter (and the runner's one login) may be sent to it."""

    @property
    def app(self) -> Any:
        """The ASGI application schemathesis sends its requests to: the target itself in-process, or a gateway
        that passes each request on to the target through the run's gate."""

    def client(self, token: str | None = None) -> AuthenticatedClient:
        """A generated client of the target with its token (or ``token``; ``""`` sends none)."""


@dataclass(frozen=True)
class SuiteRun:
    """What the runner hands the suite: the target and how deep to test it."""

    target: Target
    max_examples: int | None = None
    """Generated cases per fuzzed operation and property; None for the suite's own default."""
    role: str = AUTO_ROLE
    """Whom the target's token belongs to (one of :data:`CALLER_ROLES`), or ``auto``: the suite infers it."""


RUN_KEY = pytest.StashKey[SuiteRun]()
"""Where the runner's plugin puts the run in ``config.stash``."""

FAILURE_MESSAGE_CHARACTERS = 500
"""The longest failure message the runner shows of a test against a live portal."""


def failure_message(error: BaseException) -> str:
    """What the runner shows of a test's failure against a live portal: the suite's own assertion message (what it
    chose to quote, by the rule that a failure names only what the check is about: an invoice's id, the field at
    fault and its value), without pytest's rewriting of the assertion (``assert [...] == []``,
    ``+ where ... = f(Invoice(...))``), which shows the objects around it; else the error's type and first line.
    Of hypothesis' distinct failures, the first."""
    if isinstance(error, BaseExceptionGroup) and error.exceptions:  # hypothesis' distinct failures: the first
        return failure_message(error.exceptions[0])
    text = str(error)
    if isinstance(error, AssertionError):
        suite_message = text.split("\nassert ", 1)[0] if "\nassert " in text else ""
        if not suite_message and text.startswith("assert "):
            return "AssertionError: an assertion of the suite failed (details are not shown for a live portal)"
        text = suite_message or text
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    return f"{type(error).__name__}: {first[:FAILURE_MESSAGE_CHARACTERS]}"


def _end_of_literal(text: str) -> int:
    """Where the Python literal (``{...}`` or ``[...]``) that ``text`` starts with ends, or -1."""
    depth, quote, escaped = 0, "", False
    for index, character in enumerate(text):
        if quote:
            escaped, quote = (not escaped and character == "\\"), ("" if character == quote and not escaped else quote)
        elif character in "'\"":
            quote = character
        elif character in "{[":
            depth += 1
        elif character in "}]":
            depth -= 1
            if depth == 0:
                return index + 1
    return -1


def check_failure_message(message: str) -> str:
    """A schemathesis check's message as the runner shows it for a live portal: a whole object or array it quotes
    first (jsonschema's ``{'id': 7, 'contact': {...}} is not valid under ...`` holds an invoice) is named, not
    quoted; a single value (the field at fault) is kept."""
    if message[:1] not in ("{", "["):
        return message
    end = _end_of_literal(message)
    shown = "an object" if message[0] == "{" else "an array"
    return shown + message[end:] if end > 0 else f"{shown} (not shown for a live portal)"
