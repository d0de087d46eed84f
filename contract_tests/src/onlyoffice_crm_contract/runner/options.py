"""The checker's command line (``onlyoffice-crm-contract``): flags mirroring the environment variables of
``make contract``, validated."""

from __future__ import annotations

import argparse
import math
import os
import re
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import NoReturn
from urllib.parse import urlsplit

from onlyoffice_crm import check_base_url

from .suite import default_max_examples

# The portal allows 500 requests per 10 s; a live run stays at a fifth of that by default.
DEFAULT_LIVE_RATE_LIMIT = 10
PROG = "onlyoffice-crm-contract"
# The kit's one distribution; its version is the spec's info.version.
DISTRIBUTION = "onlyoffice-crm-client"
EXIT_OK, EXIT_FAILURES, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


class UsageError(Exception):
    """Bad input (a flag, a variable, BASE_URL): reported in one line, exit 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


@dataclass(frozen=True)
class Settings:
    """One run, as the flags and the environment describe it."""

    base_url: str
    """A live portal's address; ``""`` for the mock portal the runner starts."""
    token: str = field(repr=False)
    user_name: str
    password: str = field(repr=False)
    max_examples: int
    rate_limit: int
    reports: Path
    select: str = ""
    """A pytest ``-k`` expression choosing which of the suite's tests run (``""``: all)."""
    mock_edits_per_request: float = 0.0
    """Edits the started mock portal makes before each filter request, on average (0: none)."""

    @property
    def live(self) -> bool:
        """A portal named by the user: read-only, rate-limited."""
        return bool(self.base_url)


def _whole_number(name: str, text: str, minimum: int) -> int:
    if not re.fullmatch(r"\s*\d+\s*", text) or int(text) < minimum:
        raise UsageError(f"{name} must be a whole number of at least {minimum}, not {text!r}")
    return int(text)


def _edit_rate(text: str) -> float:
    try:
        rate = float(text)
    except ValueError:
        rate = math.nan
    if not math.isfinite(rate) or rate < 0:
        raise UsageError(f"CONTRACT_MOCK_EDITS_PER_REQUEST must be a number of at least 0, not {text!r}")
    return rate


def validated_base_url(text: str) -> str:
    """``text`` as a portal's base address, or a UsageError naming the problem; the value is echoed only when it
    carries no credentials.

    The library's ``check_base_url`` decides, after the checks it does not make (yet): no user name or password
    (a secret, and echoed in its messages), no space or control character, a port in 1-65535, no bare ``?`` or
    ``#``."""
    text = text.strip()
    try:
        parts = urlsplit(text)
        credentials = parts.username is not None or parts.password is not None
        port = None if credentials else parts.port
    except ValueError as error:
        raise UsageError(f"BASE_URL is not a valid URL ({error})" + ("" if "@" in text else f": {text!r}")) from None
    if credentials:
        raise UsageError("BASE_URL must not carry a user name or password: give TOKEN, or USER_NAME and PASSWORD")
    if re.search(r"\s|[\x00-\x1f\x7f]", text):
        raise UsageError(f"BASE_URL must not contain spaces or control characters: {text!r}")
    try:
        base_url = check_base_url(text)
    except ValueError as error:
        raise UsageError(str(error)) from None
    if port == 0 or text.endswith(("?", "#")):
        raise UsageError(f"BASE_URL must be the portal's address, without port 0, a query or a fragment: {text!r}")
    return base_url


def kit_version() -> str:
    """The installed kit's version (the spec's ``info.version``)."""
    try:
        return version(DISTRIBUTION)
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "(not installed)"


def _env(name: str, default: str = "") -> str:
    """The variable ``name``; an empty one counts as unset (a CI input left blank arrives as ``""``)."""
    return os.environ.get(name) or default


def parser() -> argparse.ArgumentParser:
    """The command line; every flag defaults to its environment variable."""
    env = _env
    command = _Parser(
        prog=PROG,
        description="Run the contract suite (spec, generated client, portal) against the mock portal, which it "
        "starts on a free loopback port, or against a live portal (--url). Against a live portal it sends "
        "only GET requests to /api/2.0/crm/invoice/filter, plus one login when --user-name/--password are given, "
        "at most --rate-limit per second; it checks the address and the credentials first. Every flag defaults to "
        "the environment variable named in its help: prefer the variables for secrets (a flag shows in ps).",
        epilog="Exit codes: 0 the contract holds, 1 contract failures, 2 bad input, configuration or preflight "
        "error (one line on stderr), 130 interrupted. Writes JUnit, a HAR record of every request and a summary "
        "under --report-dir.",
    )
    command.add_argument("--version", action="version", version=f"{PROG} {kit_version()}")
    command.add_argument(
        "--url",
        "--base-url",
        dest="base_url",
        metavar="URL",
        default=env("BASE_URL", ""),
        help="a live portal, e.g. https://portal.example.com (BASE_URL; default: the mock portal)",
    )
    command.add_argument("--token", default=env("TOKEN", ""), help="the portal's API token (TOKEN)")
    command.add_argument("--user-name", default=env("USER_NAME", ""), help="log in once as this user (USER_NAME)")
    command.add_argument("--password", default=env("PASSWORD", ""), help="with --user-name (PASSWORD)")
    command.add_argument(
        "--max-examples",
        default=env("CONTRACT_MAX_EXAMPLES", str(default_max_examples())),
        help="generated cases per operation and property (CONTRACT_MAX_EXAMPLES; default: %(default)s)",
    )
    command.add_argument(
        "--rate-limit",
        default=env("CONTRACT_RATE_LIMIT"),
        help=f"requests in any one second, 0 for none (CONTRACT_RATE_LIMIT; default: {DEFAULT_LIVE_RATE_LIMIT} "
        "for a live portal, none for the mock)",
    )
    command.add_argument(
        "--mock-edits-per-request",
        metavar="RATE",
        default=env("CONTRACT_MOCK_EDITS_PER_REQUEST", "0"),
        help="the mock portal only: edits of its invoices (added, deleted, status changed) before each filter "
        "request, on average, e.g. 0.1 or 1, as people editing a busy portal make; a paging check that the "
        "portal changed under twice running is reported as WARN inconclusive, not failed "
        "(CONTRACT_MOCK_EDITS_PER_REQUEST; default: %(default)s)",
    )
    command.add_argument(
        "--report-dir",
        "--reports",
        dest="reports",
        metavar="DIR",
        default=env("CONTRACT_REPORTS", "reports"),
        help="folder for the JUnit, HAR and summary files, made if missing (CONTRACT_REPORTS; default: reports/ "
        "in the current directory)",
    )
    command.add_argument(
        "-k",
        dest="select",
        metavar="EXPRESSION",
        default="",
        help="run only the suite's tests whose names match this pytest -k expression, e.g. to rerun one failure",
    )
    return command  # fmt: skip


def settings(argv: list[str] | None = None) -> Settings:
    """The run's settings from ``argv`` and the environment, or a UsageError naming the problem."""
    options = parser().parse_args(argv)
    base_url = validated_base_url(options.base_url) if options.base_url.strip() else ""
    token, user_name, password = options.token.strip(), options.user_name.strip(), options.password
    if base_url and not token and not (user_name and password):
        raise UsageError("a live portal needs TOKEN, or USER_NAME and PASSWORD")
    default_rate = DEFAULT_LIVE_RATE_LIMIT if base_url else 0
    rate_limit = _whole_number("CONTRACT_RATE_LIMIT", options.rate_limit or str(default_rate), 0)
    edits = _edit_rate(options.mock_edits_per_request)
    if base_url and edits:
        raise UsageError("CONTRACT_MOCK_EDITS_PER_REQUEST applies to the mock portal only, not to a live portal")
    return Settings(
        base_url=base_url, token=token, user_name=user_name, password=password,
        max_examples=_whole_number("CONTRACT_MAX_EXAMPLES", options.max_examples, 1), rate_limit=rate_limit,
        reports=Path(options.reports), select=options.select, mock_edits_per_request=edits,
    )  # fmt: skip
