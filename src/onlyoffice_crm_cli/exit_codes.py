"""The documented exit codes of ``onlyoffice-crm``."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """What a script can branch on after running the command."""

    OK = 0
    """Done."""
    FAILED = 1
    """The portal refused or failed (server error, unreachable, timeout, rate limit, no access), or the output file
    could not be written. Trying again later may help."""
    USAGE = 2
    """The command line is wrong: unknown option, unknown status name, bad date or date range, missing extra."""
    NOT_LOGGED_IN = 3
    """No token, or the portal rejected the token, user name or password: a person has to log in again."""
    INTERRUPTED = 130
    """Stopped with Ctrl-C (128 + SIGINT, as shells report it)."""


EPILOG = (
    "Exit codes: 0 done; 1 the portal refused or failed (server error, unreachable, timeout, no access) "
    "or the output could not be written; 2 wrong usage (option, status name, date range); "
    "3 not logged in or the portal rejected the token/password: run `onlyoffice-crm login URL`; 130 Ctrl-C."
)
