"""Every failure of a command as one line on stderr and its documented exit code (:class:`~._exit_codes.ExitCode`)."""

from __future__ import annotations

import contextlib
import io
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import typer

from onlyoffice_crm import PortalError

from ._access import PortalAccess, explain
from ._errors import CliError, Stopped, stops_on_signals
from ._exit_codes import ExitCode
from ._surrogates import counting_repairs

DEBUG_ENV = "ONLYOFFICE_CRM_DEBUG"
"""Set (to anything) to see the traceback of an unexpected error instead of its one line."""


@contextmanager
def _telling_repairs() -> Iterator[None]:
    """Count the surrogates replaced within the block; at its end, however it ends, one line says how many."""
    with counting_repairs() as tally:
        try:
            yield
        finally:
            line = tally.line()
            if line is not None:
                typer.echo(line, err=True)


@contextmanager
def reported(access: PortalAccess | None = None, *, left: str = ".") -> Iterator[None]:
    """Turn every failure of a command into one line on stderr and its exit code.

    Ctrl-C is exit 130, SIGTERM 143 and SIGHUP 129, each after the same cleanup (``left``: what became of the
    export's file, see :func:`~._export.left_as_it_was`). No line shows a secret of ``access``. When text from the
    portal held unpaired surrogates, one line says how many became U+FFFD (before the error line, if any).
    """
    access = access or PortalAccess()
    try:
        with stops_on_signals(), _telling_repairs():
            yield
    except (typer.Exit, typer.BadParameter):
        raise
    except CliError as error:
        typer.echo(f"Error: {access.hide(error.message)}", err=True)
        raise typer.Exit(error.code) from None
    except PortalError as error:
        problem = explain(error, access)
        typer.echo(f"Error: {problem.message}", err=True)
        raise typer.Exit(problem.code) from None
    except (KeyboardInterrupt, typer.Abort):
        typer.echo(f"Interrupted{left}", err=True)
        raise typer.Exit(ExitCode.INTERRUPTED) from None
    except Stopped as stop:
        typer.echo(f"Stopped by {stop.signal_name}{left}", err=True)
        raise typer.Exit(stop.code) from None
    except BrokenPipeError:
        # The reader (`| head`) has what it wanted; say nothing more and end quietly.
        with contextlib.suppress(OSError):
            sys.stdout = io.TextIOWrapper(io.BytesIO())
        raise typer.Exit(ExitCode.OK) from None
    except Exception as error:  # a bug: one line for the user; ONLYOFFICE_CRM_DEBUG=1 shows the traceback
        if os.environ.get(DEBUG_ENV):
            raise
        unexpected = f"unexpected {type(error).__name__}: {access.shown(str(error))}"
        typer.echo(f"Error: {unexpected} (run with {DEBUG_ENV}=1 and report it).", err=True)
        raise typer.Exit(ExitCode.FAILED) from None
