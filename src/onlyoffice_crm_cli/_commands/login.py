"""``onlyoffice-crm login URL`` and ``onlyoffice-crm logout``: keep a portal's token, and forget it."""

from __future__ import annotations

from typing import Annotated

import typer

from onlyoffice_crm import Portal, UnexpectedResponseError

from .._access import (
    ALLOW_INSECURE_HTTP_ENV,
    PASSWORD_ENV,
    UNSENDABLE,
    USER_NAME_ENV,
    CredentialSource,
    PortalAccess,
    is_sendable_token,
    normalize_url,
    refuse_clear_login,
)
from .._display import stderr_console
from .._errors import CliError, UsageError
from .._options import run_options
from .._reporting import reported
from .._token_store import forget_login, remember_login, requested_store_kind
from .._waiting import waiting


def login(
    context: typer.Context,
    url: Annotated[str, typer.Argument(metavar="URL", help="The portal's address, e.g. https://portal.example.com.")],
    user_name: Annotated[
        str | None,
        typer.Option("--user-name", "-u", envvar=USER_NAME_ENV, help="Your e-mail; asked when not given."),
    ] = None,
    password: Annotated[
        str | None,
        typer.Option(
            envvar=PASSWORD_ENV,
            help="Asked without echo when not given. On the command line it shows in ps and in the shell's "
            "history: prefer --password-stdin.",
            show_default=False,
        ),
    ] = None,
    password_stdin: Annotated[
        bool,
        typer.Option(
            "--password-stdin",
            help="Read the password from standard input (its last line break removed), as docker login does; "
            "needs --user-name.",
        ),
    ] = False,
    allow_insecure_http: Annotated[
        bool,
        typer.Option(
            "--allow-insecure-http",
            envvar=ALLOW_INSECURE_HTTP_ENV,
            help="Log in over plain http:// to a host that is not this machine, though the password and the token "
            "cross the network readable by anyone on the way (a warning says so).",
        ),
    ] = False,
) -> None:
    """Log in to a portal and keep its token (OS keyring, or a file only you can read); later commands use it.

    Example: [bold]onlyoffice-crm login https://portal.example.com[/bold]
    """
    run = run_options(context)
    access = PortalAccess(source=CredentialSource.LOGIN)
    with reported(access):
        access.url = normalize_url(url)
        refuse_clear_login(access.url, allowed=allow_insecure_http, how_to_allow="give --allow-insecure-http")
        kind = requested_store_kind(run.token_store)
        typed = on_command_line(context, "password")
        if password_stdin:
            if typed:
                raise UsageError("--password and --password-stdin cannot be combined: give one of them.")
            if not user_name:
                raise UsageError(
                    f"--password-stdin needs --user-name (or {USER_NAME_ENV}): standard input holds the password."
                )
            password = password_from_stdin()
        elif typed:
            typer.echo(
                "Warning: --password on the command line shows in ps and in the shell's history: "
                f"use --password-stdin (or {PASSWORD_ENV}).",
                err=True,
            )
        # Asked here, not by the option parser, so that Ctrl-C at a question is exit 130 like anywhere else.
        name = (user_name or ask("User name (e-mail)", "--user-name", USER_NAME_ENV, hide_input=False)).strip()
        secret = password or ask("Password", "--password-stdin", PASSWORD_ENV, hide_input=True)
        access.secrets.append(secret)
        with waiting(stderr_console(), f"Logging in to {access.url}"):
            portal = logged_in(access.url, name, secret, run.timeout)
        with portal:
            access.secrets.append(portal.token)
            if not is_sendable_token(portal.token):
                raise CliError(f"{access.url} answered the login with a token that {UNSENDABLE}: it was not saved.")
            store = remember_login(access.url, portal.token, kind)
        typer.echo(f"Logged in to {access.url} as {name}. The token is kept in {store.where()}.")


def on_command_line(context: typer.Context, parameter: str) -> bool:
    """Whether ``parameter`` was given on the command line (not by its environment variable or its default)."""
    source = context.get_parameter_source(parameter)
    return source is not None and source.name == "COMMANDLINE"  # Typer vendors click: compared by name


def password_from_stdin() -> str:
    """The password on standard input, without its last line break (``echo "$PW" | ... --password-stdin``)."""
    text = typer.get_text_stream("stdin").read()
    text = text.removesuffix("\n").removesuffix("\r")
    if not text:
        raise UsageError("--password-stdin read an empty password: pipe the password into the command.")
    return text


def logged_in(url: str, user_name: str, password: str, timeout: float) -> Portal:
    """``Portal.login``; an answer that is no login answer is told without quoting it (it may hold a token)."""
    try:
        return Portal.login(url, user_name, password, timeout=timeout)
    except UnexpectedResponseError as error:
        status = f" (HTTP {error.status_code})" if error.status_code is not None else ""
        raise CliError(
            f"{url} answered the login with something other than a token{status}: check the address; "
            "if it is right, tell the portal's administrator."
        ) from None


def ask(question: str, option: str, variable: str, *, hide_input: bool) -> str:
    """Ask on the terminal; with no input to read (a script), say which option or variable gives the answer."""
    try:
        answer = str(typer.prompt(question, hide_input=hide_input))
    except typer.Abort as abort:
        if isinstance(abort.__context__, EOFError):
            raise UsageError(f"No input for {question.lower()!r}: give {option} or set {variable}.") from None
        raise
    if not answer.strip():
        raise UsageError(f"An empty {question.lower()!r} cannot log in: give {option} or set {variable}.")
    return answer


def logout() -> None:
    """Forget the saved token (environment variables are not touched)."""
    with reported():
        forgotten = forget_login()
        if forgotten is None:
            typer.echo("Not logged in: nothing to forget.")
        else:
            typer.echo(f"Logged out of {forgotten.url}; its token was removed from {forgotten.store.where()}.")
