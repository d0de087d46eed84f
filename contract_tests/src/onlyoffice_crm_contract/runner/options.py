"""The checker's command line (``onlyoffice-crm-contract``): flags mirroring environment variables, validated.

The portal and its credentials use the library's words (``ONLYOFFICE_URL``, ``ONLYOFFICE_TOKEN``,
``ONLYOFFICE_USER_NAME``, ``ONLYOFFICE_PASSWORD``, the library's own constants). The old names ``BASE_URL``,
``TOKEN``, ``USER_NAME`` and ``PASSWORD`` are aliases that count only together with ``BASE_URL``. A set that names
no portal, or a portal without credentials, is an error: never a silent run of the mock portal instead."""

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

from onlyoffice_crm import PASSWORD_VARIABLE, TOKEN_VARIABLE, URL_VARIABLE, USER_NAME_VARIABLE, check_base_url

from ..interface import AUTO_ROLE, CALLER_ROLES
from .exit_codes import epilog
from .suite import default_max_examples

# The portal allows 500 requests per 10 s; a live run stays at a fifth of that by default.
DEFAULT_LIVE_RATE_LIMIT = 10
PROG = "onlyoffice-crm-contract"
# The kit's one distribution; its version is the spec's info.version.
DISTRIBUTION = "onlyoffice-crm-client"
PORTAL_VARIABLES = (URL_VARIABLE, TOKEN_VARIABLE, USER_NAME_VARIABLE, PASSWORD_VARIABLE)
"""The library's names for the portal and its credentials: the checker's names too."""
OLD_NAMES = {URL_VARIABLE: "BASE_URL", TOKEN_VARIABLE: "TOKEN", USER_NAME_VARIABLE: "USER_NAME",
             PASSWORD_VARIABLE: "PASSWORD"}  # fmt: skip
"""The checker's names before 4.0.0, kept as aliases: they count only when ``BASE_URL`` is set."""
NEEDS_CREDENTIALS = (
    f"a live portal needs {TOKEN_VARIABLE} (--token), or {USER_NAME_VARIABLE} and {PASSWORD_VARIABLE} "
    "(--user-name, --password)"
)


ROLE_AUTO = AUTO_ROLE
ROLES = (*CALLER_ROLES, ROLE_AUTO)
"""The values of ``--role`` (``CONTRACT_ROLE``): the spec's ``x-caller-roles``, or infer it."""
MOCK_ROLE_FOR_AUTO = "admin"

YES_OR_NO = {"true": True, "1": True, "yes": True, "on": True, "false": False, "0": False, "no": False, "off": False}
"""The values of a yes-or-no variable (``CONTRACT_HAR_BODIES``), in any case."""


class UsageError(Exception):
    """Bad input (a flag, a variable, the portal's address): reported in one line, exit 2."""


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
    full_examples: int = 0
    """The suite's default generated cases per operation: fewer makes the run partial (0: the run's own)."""
    har_bodies: bool = False
    """Keep a live portal's response bodies in the HAR (the mock portal's are always kept)."""
    role: str = ROLE_AUTO
    """Whom the token belongs to (admin, user, guest), or ``auto``: the suite infers it from the filter's answers.
    The mock portal the runner starts answers as this role (admin for ``auto``)."""

    @property
    def mock_role(self) -> str:
        """The role the started mock portal answers as."""
        return MOCK_ROLE_FOR_AUTO if self.role == ROLE_AUTO else self.role

    @property
    def narrowed_by(self) -> list[str]:
        """Why this run is partial (it has no verdict), or ``[]`` for a full run."""
        reasons = [f"-k {self.select!r}"] if self.select else []
        if self.max_examples < self.full_examples:
            reasons.append(f"{self.max_examples} generated cases per operation (a full run: {self.full_examples})")
        return reasons

    @property
    def live(self) -> bool:
        """A portal named by the user: read-only, rate-limited."""
        return bool(self.base_url)


def _whole_number(name: str, text: str, minimum: int) -> int:
    if not re.fullmatch(r"\s*\d+\s*", text) or int(text) < minimum:
        raise UsageError(f"{name} must be a whole number of at least {minimum}, not {text!r}")
    return int(text)


def _yes_or_no(name: str, text: str) -> bool:
    try:
        return YES_OR_NO[text.strip().lower()]
    except KeyError:
        raise UsageError(f"{name} must be true or false, not {text!r}") from None


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
        raise UsageError(
            f"{URL_VARIABLE} is not a valid URL ({error})" + ("" if "@" in text else f": {text!r}")
        ) from None
    if credentials:
        raise UsageError(
            f"{URL_VARIABLE} must not carry a user name or password: give {TOKEN_VARIABLE}, or {USER_NAME_VARIABLE} "
            f"and {PASSWORD_VARIABLE}"
        )
    if re.search(r"\s|[\x00-\x1f\x7f]", text):
        raise UsageError(f"{URL_VARIABLE} must not contain spaces or control characters: {text!r}")
    try:
        base_url = check_base_url(text)
    except ValueError as error:
        raise UsageError(str(error)) from None
    if port == 0 or text.endswith(("?", "#")):
        raise UsageError(
            f"{URL_VARIABLE} must be the portal's address, without port 0, a query or a fragment: {text!r}"
        )
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
        "the environment variable named in its help: prefer the variables for secrets (a flag shows in ps). The "
        f"portal's variables are the library's ({', '.join(PORTAL_VARIABLES)}); the old names "
        f"{', '.join(OLD_NAMES.values())} are aliases that count only when BASE_URL is set. A set without a portal "
        "address or without credentials is an error (exit 2), never a run of the mock portal.",
        epilog=f"{epilog()} Every run that read its options writes a summary (text and Markdown), a JUnit report, "
        "a coverage file and a HAR record of every request under --report-dir.",
    )
    command.add_argument("--version", action="version", version=f"{PROG} {kit_version()}")
    command.add_argument(
        "--url",
        "--base-url",
        dest="base_url",
        metavar="URL",
        default="",
        help=f"a live portal, e.g. https://portal.example.com ({URL_VARIABLE}; default: the mock portal)",
    )
    command.add_argument("--token", default="", help=f"the portal's API token ({TOKEN_VARIABLE})")
    command.add_argument("--user-name", default="", help=f"log in once as this user ({USER_NAME_VARIABLE})")
    command.add_argument("--password", default="", help=f"with --user-name ({PASSWORD_VARIABLE})")
    command.add_argument(
        "--max-examples",
        default=env("CONTRACT_MAX_EXAMPLES", str(default_max_examples())),
        help="generated cases per operation and property; fewer than the default makes a partial run without a "
        "verdict, more goes deeper (CONTRACT_MAX_EXAMPLES; default: %(default)s)",
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
        "--role",
        default=env("CONTRACT_ROLE", ROLE_AUTO),
        help="whom the token belongs to: admin, user (not an administrator: some invoices hidden, canDelete only on "
        "its own) or guest (403 for every read); auto infers it from the filter's answers (canDelete false on "
        "an invoice: a user; a 403 envelope: a guest). The checks the role makes impossible are listed as such, "
        "not failed. The mock portal the checker starts answers as this role (admin for auto) "
        "(CONTRACT_ROLE; default: %(default)s)",
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
        "--har-bodies",
        action="store_const",
        const="true",
        default=env("CONTRACT_HAR_BODIES", "false"),
        help="a live portal only: keep the response bodies (the portal's customers and invoices) in the HAR; "
        "without it the HAR gives each body's size and SHA-256 only. Secrets are scrubbed either way "
        "(CONTRACT_HAR_BODIES=true)",
    )
    command.add_argument(
        "-k",
        dest="select",
        metavar="EXPRESSION",
        default="",
        help="run only the suite's tests whose names match this pytest -k expression, e.g. to rerun one failure: a "
        "partial run without a verdict, which lists the tests it left out",
    )
    return command  # fmt: skip


def portal_environment(environ: dict[str, str] | os._Environ[str] | None = None) -> dict[str, str]:
    """The portal variables that are set (non-blank), by the library's names: the ``ONLYOFFICE_*`` set, or the old
    names when ``BASE_URL`` is set; a UsageError when both sets are in use."""
    environ = os.environ if environ is None else environ
    new = {name: environ[name] for name in PORTAL_VARIABLES if environ.get(name, "").strip()}
    if not environ.get(OLD_NAMES[URL_VARIABLE], "").strip():
        return new
    if new:
        raise UsageError(
            f"both {', '.join(new)} and the old BASE_URL are set: keep the {URL_VARIABLE} set and unset BASE_URL"
        )
    return {name: environ[old] for name, old in OLD_NAMES.items() if environ.get(old, "").strip()}


def _portal(options: argparse.Namespace) -> tuple[str, str, str, str]:
    """The portal's address, token, user name and password from the flags, else the environment; ``""`` for the
    mock portal. A UsageError for an incomplete set."""
    found = portal_environment()
    text = options.base_url.strip() or found.get(URL_VARIABLE, "").strip()
    token = (options.token or found.get(TOKEN_VARIABLE, "")).strip()
    user_name = (options.user_name or found.get(USER_NAME_VARIABLE, "")).strip()
    password = options.password or found.get(PASSWORD_VARIABLE, "")
    if not text:
        given = [name for name in PORTAL_VARIABLES if name in found]
        given += [flag for flag, value in (("--token", options.token), ("--user-name", options.user_name),
                                            ("--password", options.password)) if value]  # fmt: skip
        if given:
            raise UsageError(
                f"{', '.join(given)} set without {URL_VARIABLE}: set {URL_VARIABLE} (or --url) to check that portal, "
                "or unset them to check the mock portal"
            )
        return "", "", "", ""
    base_url = validated_base_url(text)
    if not token and not (user_name and password):
        raise UsageError(NEEDS_CREDENTIALS)
    return base_url, token, user_name, password


def settings(argv: list[str] | None = None) -> Settings:
    """The run's settings from ``argv`` and the environment, or a UsageError naming the problem."""
    options = parser().parse_args(argv)
    return settings_from(options)


def settings_from(options: argparse.Namespace) -> Settings:
    """The run's settings from parsed options and the environment, or a UsageError naming the problem."""
    base_url, token, user_name, password = _portal(options)
    default_rate = DEFAULT_LIVE_RATE_LIMIT if base_url else 0
    rate_limit = _whole_number("CONTRACT_RATE_LIMIT", options.rate_limit or str(default_rate), 0)
    edits = _edit_rate(options.mock_edits_per_request)
    if base_url and edits:
        raise UsageError("CONTRACT_MOCK_EDITS_PER_REQUEST applies to the mock portal only, not to a live portal")
    role = options.role.strip().lower()
    if role not in ROLES:
        raise UsageError(f"CONTRACT_ROLE must be one of {', '.join(ROLES)}, not {options.role!r}")
    return Settings(
        role=role, base_url=base_url, token=token, user_name=user_name, password=password,
        max_examples=_whole_number("CONTRACT_MAX_EXAMPLES", options.max_examples, 1), rate_limit=rate_limit,
        reports=Path(options.reports), select=options.select, mock_edits_per_request=edits,
        full_examples=default_max_examples(), har_bodies=_yes_or_no("CONTRACT_HAR_BODIES", options.har_bodies),
    )  # fmt: skip
