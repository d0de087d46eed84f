"""The documented exit codes of ``onlyoffice-crm``."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """What a script can branch on after running the command."""

    OK = 0
    """Done."""
    FAILED = 1
    """The portal refused or failed (server error, unreachable, timeout, rate limit, no access to the CRM as a
    guest), or answered in front of its API (an unknown, removed or suspended portal, one not paid for, this
    machine's IP address blocked, a portal being migrated), or sent an answer that cannot be right (a data fault:
    too large, inconsistent, unreadable); the output file could not be written (read-only, a full disk, a folder);
    or the saved login is unsafe to use (a token file others can read, a link, a config folder others can write).
    The one line says which. Trying again later may help."""
    USAGE = 2
    """The command line is wrong: unknown option, unknown status name, bad date or date range, a time zone
    (``--time-zone``, ``ONLYOFFICE_TIME_ZONE``) the zone database does not know, missing extra; or a login the
    command refuses (plain http:// to another machine, a user name or password in the address). Never a fault of
    the portal's answers."""
    NOT_LOGGED_IN = 3
    """No token, a token that cannot be one (a line break, non-ASCII), or the portal rejected the token, user name
    or password: a person has to log in again (or set a valid ``ONLYOFFICE_TOKEN``)."""
    HANGUP = 129
    """Stopped by SIGHUP (128 + 1): the terminal went away. An export leaves no partial file, as with Ctrl-C."""
    INTERRUPTED = 130
    """Stopped with Ctrl-C (128 + SIGINT, as shells report it)."""
    TERMINATED = 143
    """Stopped by SIGTERM (128 + 15, what ``timeout`` and ``kill`` send). An export leaves no partial file."""


def stopped_by(signal_number: int) -> int:
    """The exit code after stopping on a signal: 128 + its number, as shells report it."""
    return 128 + signal_number


SUMMARIES: dict[ExitCode, str] = {
    ExitCode.OK: "done",
    ExitCode.FAILED: "the portal refused or failed or sent a broken answer (server error, unreachable, timeout, no "
    "access), the output could not be written, or the token file/config folder is open to others",
    ExitCode.USAGE: "wrong usage (option, status name, date range, time zone)",
    ExitCode.NOT_LOGGED_IN: "not logged in or the portal rejected the token/password: run `onlyoffice-crm login URL`",
    ExitCode.HANGUP: "SIGHUP",
    ExitCode.INTERRUPTED: "Ctrl-C",
    ExitCode.TERMINATED: "SIGTERM",
}
"""Each code in a few words, for the help's epilog (the documentation's table gives the members' docstrings)."""


def epilog() -> str:
    """``Exit codes: 0 done; 1 …``: every :class:`ExitCode` in its order, as each command's help ends (a code
    without a summary by its name)."""
    codes = "; ".join(f"{code.value} {SUMMARIES.get(code, code.name.lower().replace('_', ' '))}" for code in ExitCode)
    return f"Exit codes: {codes} (a command stopped by a signal leaves no partial file)."
