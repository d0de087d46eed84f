"""The options of the whole command line, ``--timeout``, ``--token-store``, ``--time-zone`` and ``--version``:
before any command, and after each command too (:func:`with_root_options`)."""

from __future__ import annotations

import copy
import dataclasses
import functools
import inspect
from collections.abc import Callable, Collection
from importlib.metadata import PackageNotFoundError, version
from typing import Annotated, Any, cast, get_args, get_type_hints

import typer
import typer.models

from .._exit_codes import ExitCode
from .._options import RunOptions, completing, run_options
from .._reporting import reported
from .._time_zone import TIME_ZONE_FLAG, TIME_ZONE_HELP
from .._token_store import TOKEN_STORE_ENV, StoreKind, requested_store_kind

DISTRIBUTION = "onlyoffice-crm-client"
"""The kit's one distribution; its version is the spec's ``info.version``."""


def show_version(requested: bool) -> None:
    """``--version``: print ``onlyoffice-crm <version>`` and stop before any command runs."""
    if not requested:
        return
    try:
        installed = version(DISTRIBUTION)
    except PackageNotFoundError:  # run from a source tree that was never installed
        installed = "(not installed)"
    typer.echo(f"onlyoffice-crm {installed}")
    raise typer.Exit(ExitCode.OK)


def root(
    context: typer.Context,
    timeout: Annotated[
        float,
        typer.Option(min=1, envvar="ONLYOFFICE_TIMEOUT", help="Seconds to wait for each answer of the portal."),
    ] = 30.0,
    token_store: Annotated[
        str | None,
        typer.Option(
            envvar=TOKEN_STORE_ENV,
            help="Where login keeps the token: auto (the OS keyring if usable, else a file), keyring or file.",
            show_default=False,
            autocompletion=completing(kind.value for kind in StoreKind),
        ),
    ] = None,
    time_zone: Annotated[
        str | None,
        typer.Option(TIME_ZONE_FLAG, metavar="ZONE", help=TIME_ZONE_HELP, show_default=False),
    ] = None,
    _version: Annotated[
        bool,
        typer.Option("--version", callback=show_version, is_eager=True, help="Show the version and exit."),
    ] = False,
) -> None:
    """Read ONLYOFFICE CRM invoices from a terminal: tables, spreadsheets (CSV, XLSX, JSON) and exact totals.

    [bold]Start here:[/bold]

      onlyoffice-crm login https://portal.example.com
      onlyoffice-crm invoices list --status paid --issued 2024
      onlyoffice-crm invoices export --issued 2024 --format xlsx --output invoices-2024.xlsx
    """
    context.obj = RunOptions(timeout=timeout, token_store=token_store, time_zone=time_zone)


# ---------------------------------------------------------------- the root options after a command too

ROOT_PANEL = "Global options"
"""The help panel, on each command, of the root options it takes after its name too."""

NO_EFFECT: dict[str, str] = {
    "timeout": "it asks no portal",
    "token_store": "only login chooses where a token is kept; the other commands use the store it recorded",
    "time_zone": "only the invoice commands read dates; give it (or set ONLYOFFICE_TIME_ZONE) to them",
}
"""Why a root option of :class:`RunOptions` does nothing for a command that does not use it."""


def root_parameters() -> list[inspect.Parameter]:
    """The options of :func:`root` as a command takes them after its name: the same names, types, checks and
    defaults, in the help panel :data:`ROOT_PANEL`, without the environment variable (which the root reads)."""
    hints = get_type_hints(root, include_extras=True)
    shared = []
    for parameter in inspect.signature(root).parameters.values():
        kind, *extras = get_args(hints[parameter.name]) or (hints[parameter.name],)
        infos = [extra for extra in extras if isinstance(extra, typer.models.OptionInfo)]
        if not infos:  # the context
            continue
        option = copy.copy(infos[0])
        option.rich_help_panel = ROOT_PANEL
        option.envvar = None
        annotation = Annotated[kind, option]  # type: ignore[valid-type]
        shared.append(parameter.replace(kind=inspect.Parameter.KEYWORD_ONLY, annotation=annotation))
    return shared


def on_command_line(context: typer.Context, parameter: str) -> bool:
    """Whether ``parameter`` of ``context``'s command was given on the command line (not by its environment
    variable or its default)."""
    source = context.get_parameter_source(parameter)
    return source is not None and source.name == "COMMANDLINE"  # Typer vendors click: compared by name


def with_root_options(command: Callable[..., None], *, uses: Collection[str]) -> Callable[..., None]:
    """``command`` taking the options of :func:`root` after its name too (``invoices list --timeout 5``).

    Given in both places, the later one wins: the one after the command. ``uses`` names the
    :class:`RunOptions` fields the command reads; one it does not read, given on the command line anywhere, gets
    a line saying it has no effect. An unknown ``--token-store`` (or ``$ONLYOFFICE_CRM_TOKEN_STORE``) is a
    usage error for every command, not only for ``login``.
    """
    signature = inspect.signature(command, eval_str=True)
    own = list(signature.parameters.values())
    shared = root_parameters()
    clashes = {p.name for p in shared} & {p.name for p in own}
    if clashes:
        raise ValueError(f"{command.__name__} has parameters of the root's own names: {sorted(clashes)}")
    unknown = set(uses) - {field.name for field in dataclasses.fields(RunOptions)}
    if unknown:
        raise ValueError(f"{command.__name__} uses {sorted(unknown)}, which are no fields of RunOptions")
    context_name = next((p.name for p in own if p.annotation is typer.Context), None)
    added_context = context_name is None
    if added_context:
        context_name = "_root_options_context"
        shared.append(inspect.Parameter(context_name, inspect.Parameter.KEYWORD_ONLY, annotation=typer.Context))
    assert context_name is not None

    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> None:
        context = kwargs.pop(context_name) if added_context else kwargs[context_name]
        given = {p.name: kwargs.pop(p.name) for p in shared if p.name != context_name}
        merge_root_options(context, given, uses)
        command(*args, **kwargs)

    parameters = [*own, *shared]
    run.__signature__ = signature.replace(parameters=parameters)  # type: ignore[attr-defined]
    run.__annotations__ = {p.name: p.annotation for p in parameters}
    return run


def merge_root_options(context: typer.Context, given: dict[str, Any], uses: Collection[str]) -> None:
    """Put the root options given after the command into this run's :class:`RunOptions`, check the token store
    and tell which options given have no effect on this command."""
    run = run_options(context)
    root_context = cast(typer.Context, context.find_root())
    fields = {field.name for field in dataclasses.fields(RunOptions)}
    given = {name: value for name, value in given.items() if name in fields}
    for name, value in given.items():
        if on_command_line(context, name):
            setattr(run, name, value)
    with reported():
        requested_store_kind(run.token_store)  # an unknown store is refused whichever command runs
    flags = {parameter.name: parameter.opts[0] for parameter in context.command.params}
    for name in given:
        if name not in uses and (on_command_line(context, name) or on_command_line(root_context, name)):
            why = NO_EFFECT.get(name, "it does not read it")
            typer.echo(f"Note: {flags[name]} has no effect on `{context.command_path}`: {why}.", err=True)
