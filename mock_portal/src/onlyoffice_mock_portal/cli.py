"""``onlyoffice-mock-portal``: serve a mock ONLYOFFICE portal in the foreground."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from pathlib import Path

import uvicorn

from .app import create_app
from .config import PortalConfig
from .dataset import DataFileError
from .testing import listening_socket


def _parser() -> argparse.ArgumentParser:
    defaults = PortalConfig()
    env = os.environ.get
    parser = argparse.ArgumentParser(
        prog="onlyoffice-mock-portal",
        description="Serve GET /api/2.0/crm/invoice/filter and POST /api/2.0/authentication like a real "
        "ONLYOFFICE portal, on seeded realistic invoices. Environment variables PORT, TOKEN, INVOICES, SEED "
        "and DATA give the defaults.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default: %(default)s)")
    parser.add_argument(
        "--port", type=int, default=env("PORT", "8080"), help="0 picks a free port (default: %(default)s)"
    )
    parser.add_argument("--token", default=env("TOKEN") or defaults.token, help="the API token (default: %(default)s)")
    parser.add_argument("--user-name", default=defaults.user_name, help="login user name (default: %(default)s)")
    parser.add_argument("--password", default=defaults.password, help="login password (default: %(default)s)")
    parser.add_argument(
        "--invoices",
        type=int,
        default=env("INVOICES", str(defaults.invoices)),
        help="how many to generate (default: %(default)s)",
    )
    parser.add_argument(
        "--seed", type=int, default=env("SEED", str(defaults.seed)), help="data seed (default: %(default)s)"
    )
    parser.add_argument(
        "--data", type=Path, default=env("DATA") or None, help="serve these wire-format invoices (JSON) instead"
    )
    parser.add_argument(
        "--utc-offset-minutes",
        type=int,
        default=defaults.utc_offset_minutes,
        help="the portal's time zone (default: %(default)s)",
    )
    return parser  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, build the portal, print its URL and token, serve until interrupted."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    if args.invoices < 0 or not 0 <= args.port <= 65535 or not -14 * 60 <= args.utc_offset_minutes <= 14 * 60:
        print("onlyoffice-mock-portal: --invoices, --port or --utc-offset-minutes out of range", file=sys.stderr)
        return 2
    if not args.token:
        print("onlyoffice-mock-portal: the token must not be empty", file=sys.stderr)
        return 2
    config = PortalConfig(token=args.token, user_name=args.user_name, password=args.password,
                          invoices=args.invoices, seed=args.seed, data_file=args.data,
                          utc_offset_minutes=args.utc_offset_minutes)  # fmt: skip
    try:
        app = create_app(config)
        sock = listening_socket(args.host, args.port)
    except DataFileError as error:
        print(f"onlyoffice-mock-portal: {error}", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"onlyoffice-mock-portal: cannot listen on {args.host}:{args.port}: {error.strerror}", file=sys.stderr)
        return 1
    host, port = sock.getsockname()[:2]
    print(f"Mock portal listening on http://{host}:{port} (token: {config.token})", flush=True)
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    with contextlib.suppress(KeyboardInterrupt):
        server.run(sockets=[sock])
    return 0


if __name__ == "__main__":
    sys.exit(main())
