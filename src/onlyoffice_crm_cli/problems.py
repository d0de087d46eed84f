"""Errors the command reports as one line and an exit code, never as a traceback."""

from __future__ import annotations

from .exit_codes import ExitCode


class CliError(Exception):
    """A failure to tell the user in one line (the cause and what to do), with the exit code to end with."""

    def __init__(self, message: str, code: ExitCode = ExitCode.FAILED) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


class UsageError(CliError):
    """The command line asks for something impossible: exit code 2."""

    def __init__(self, message: str) -> None:
        super().__init__(message, ExitCode.USAGE)


class NotLoggedInError(CliError):
    """No usable credentials: exit code 3."""

    def __init__(self, message: str) -> None:
        super().__init__(message, ExitCode.NOT_LOGGED_IN)
