"""``onlyoffice-mock-portal``: serve a mock ONLYOFFICE portal in the foreground."""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import gc
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from importlib.metadata import PackageNotFoundError, version
from types import FrameType
from typing import Any

from .app import create_app
from .auth import DEFAULT_PASSWORD, login_password
from .columns import DataFileError
from .config import FAULTS_GROUP, LIMITS_GROUP, PORTAL_GROUP, PortalConfig, SettingError, setting_of
from .data_file import MAX_DATA_FILE_BYTES, DataFileRefusedError
from .server import listening_socket, portal_server

PROG = "onlyoffice-mock-portal"
EXIT_USAGE = 2
EXIT_CANNOT_SERVE = 1
# The kit's one distribution; its version is the spec's info.version.
DISTRIBUTION = "onlyoffice-crm-client"


def _port(text: str) -> int:
    value = int(text)
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"{text} is not a port (0..65535)")
    return value


def _kit_version() -> str:
    try:
        return version(DISTRIBUTION)
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "(not installed)"


def flag_of(field: dataclasses.Field[Any]) -> str:
    """The command-line flag of a :class:`PortalConfig` field."""
    return setting_of(field).flag or "--" + field.name.replace("_", "-")


def _add_setting(group: argparse._ArgumentGroup, field: dataclasses.Field[Any]) -> None:
    """A flag for ``field``: its help, kind and choices from the field's :class:`Setting`, its default from the
    environment variable named there (when set and not empty), else the field's default."""
    setting = setting_of(field)
    default = field.default
    if isinstance(default, bool):
        group.add_argument(flag_of(field), dest=field.name, action="store_true", help=f"{setting.help} (default: off)")
        return
    metavar = flag_of(field).removeprefix("--").replace("-", "_").upper()
    if isinstance(default, tuple):  # a repeatable flag: config_from makes the list a tuple
        parse = setting.parse or str
        group.add_argument(flag_of(field), dest=field.name, metavar=metavar, type=_argument(parse),
                           action="append", default=None, help=setting.help)  # fmt: skip
        return
    kind: Callable[[str], Any] = setting.parse or (str if default is None else type(default))
    given = os.environ.get(setting.env) if setting.env else None
    shown = " (default: %(default)s)"
    if default is None:  # --two-factor is off; --data has no default to show
        shown = " (default: off)" if setting.choices else ""
    group.add_argument(
        flag_of(field),
        dest=field.name,
        metavar=None if setting.choices else metavar,
        type=kind,
        choices=setting.choices,
        default=given or default,
        help=setting.help + shown,
    )


def build_parser() -> argparse.ArgumentParser:
    """The command's arguments: ``--host``, ``--port`` and a flag per :class:`PortalConfig` field."""
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Serve GET /api/2.0/crm/invoice/filter and POST /api/2.0/authentication like a real "
        "ONLYOFFICE portal, on seeded realistic invoices. Environment variables PORT, TOKEN, INVOICES, SEED "
        "and DATA give the defaults.",
        epilog="Exit codes: 0 stopped by Ctrl-C or SIGTERM, 1 cannot serve (the data file's content, the address), "
        f"2 bad arguments (also a --data that is no regular file or is over {MAX_DATA_FILE_BYTES // 2**20} MiB).",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_kit_version()}")
    groups = {
        PORTAL_GROUP: parser.add_argument_group(PORTAL_GROUP),
        FAULTS_GROUP: parser.add_argument_group(
            FAULTS_GROUP, "Faults are drawn per request, in order of arrival, from --seed: repeatable."
        ),
        LIMITS_GROUP: parser.add_argument_group(LIMITS_GROUP),
    }
    portal = groups[PORTAL_GROUP]
    portal.add_argument("--host", default="127.0.0.1", help="address to listen on (default: %(default)s)")
    portal.add_argument(
        "--port",
        type=_port,
        default=os.environ.get("PORT") or "8080",
        help="0 picks a free port (default: %(default)s)",
    )
    for field in dataclasses.fields(PortalConfig):
        if setting_of(field).on_command_line:
            _add_setting(groups[setting_of(field).group], field)
    return parser


def _argument(parse: Callable[[str], Any]) -> Callable[[str], Any]:
    """``parse`` for argparse: its ValueError's message becomes the flag's error line."""

    def parse_argument(text: str) -> Any:
        try:
            return parse(text)
        except ValueError as error:
            raise argparse.ArgumentTypeError(str(error)) from None

    return parse_argument


def config_from(args: argparse.Namespace) -> PortalConfig:
    """The :class:`PortalConfig` of parsed arguments; raises :class:`SettingError` for a value out of range."""
    given = vars(args)
    values: dict[str, Any] = {}
    for field in dataclasses.fields(PortalConfig):
        if field.name in given:
            value = given[field.name]
            values[field.name] = tuple(value or ()) if isinstance(field.default, tuple) else value
    return PortalConfig(**values)


@contextlib.contextmanager
def _long_lived_objects() -> Iterator[None]:
    """Build the portal without the cyclic GC, then freeze what was built (this process serves one portal).

    Hundreds of thousands of long-lived objects and no cycles among them: without the cyclic GC running while
    they are made, start-up is a third faster; freezing keeps later collections from rescanning them. Only
    here, in the command's own process: ``create_app`` in a test process must not freeze what the tests hold.
    """
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.enable()


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, build the portal, print its URL and token, serve until interrupted."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        config = config_from(args)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    except SettingError as error:
        flags = {field.name: flag_of(field) for field in dataclasses.fields(PortalConfig)}
        parser.print_usage(sys.stderr)
        print(f"{PROG}: error: argument {flags[error.name]}: {error.reason}", file=sys.stderr)
        return EXIT_USAGE
    with _stopped_by_signals():
        return _serve(args, config)
    return 0  # stopped by Ctrl-C or SIGTERM, while starting or serving


def _serve(args: argparse.Namespace, config: PortalConfig) -> int:
    """Build the portal, print how to reach it and log in, serve until a signal stops it."""
    try:
        with _long_lived_objects():
            app = create_app(config)
        sock = listening_socket(args.host, args.port)
    except DataFileRefusedError as error:
        print(f"{PROG}: error: argument --data: {error}", file=sys.stderr)
        return EXIT_USAGE
    except DataFileError as error:
        print(f"{PROG}: {error}", file=sys.stderr)
        return EXIT_CANNOT_SERVE
    except OSError as error:
        reason = error.strerror or str(error)
        print(f"{PROG}: cannot listen on {args.host}:{args.port}: {reason}", file=sys.stderr)
        return EXIT_CANNOT_SERVE
    host, port = sock.getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host
    print(f"Mock portal listening on http://{shown}:{port} (token: {config.token})", flush=True)
    print(login_line(config), flush=True)
    portal_server(app, config).run(sockets=[sock])
    return 0


def login_line(config: PortalConfig) -> str:
    """The banner's second line: the user name and where the password comes from. A password of one's own is
    never printed; the documented default is (the docs print it too)."""
    password = login_password(config)
    if password is None:
        return (f"Log in with the token: no password logs in beside a custom --token "
                f"(--password sets one for the user {config.user_name}).")  # fmt: skip
    if password == DEFAULT_PASSWORD:
        return f"Log in as {config.user_name} with the password {password} (the default; --password sets another)."
    return f"Log in as {config.user_name} with the password given by --password."


class _TerminatedError(BaseException):
    """SIGTERM arrived (``docker stop``, systemd, CI): the command ends as after Ctrl-C, with exit code 0. A
    BaseException, as KeyboardInterrupt is: no ``except Exception`` on the way swallows it."""


def _raise_stopped(signum: int, frame: FrameType | None) -> None:
    raise _TerminatedError


@contextlib.contextmanager
def _stopped_by_signals() -> Iterator[None]:
    """Within the block, SIGTERM and Ctrl-C end it quietly, while starting as while serving.

    While it serves, uvicorn catches both signals, shuts down gracefully, then raises the signal again with the
    handler that was there before: for SIGTERM, the default one would end the process with 143 (killed by
    SIGTERM), so the handler here raises :class:`_TerminatedError` instead, as Ctrl-C raises KeyboardInterrupt. The
    previous handler is back after the block (``main`` may run in a test's process); outside the main thread,
    where no handler can be set, only Ctrl-C is caught."""
    in_main_thread = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, _raise_stopped) if in_main_thread else None
    try:
        yield
    except (KeyboardInterrupt, _TerminatedError):
        pass
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


if __name__ == "__main__":
    sys.exit(main())
