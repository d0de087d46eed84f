"""``onlyoffice-mock-portal``: serve a mock ONLYOFFICE portal in the foreground."""

from __future__ import annotations

import argparse
import contextlib
import math
import os
import sys
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from .app import create_app
from .config import PortalConfig
from .dataset import DataFileError
from .server import listening_socket, portal_server

EXIT_USAGE = 2
EXIT_CANNOT_SERVE = 1
# The kit's one distribution; its version is the spec's info.version.
DISTRIBUTION = "onlyoffice-crm-client"


def _share(text: str) -> float:
    value = float(text)
    if not 0 <= value <= 1:
        raise argparse.ArgumentTypeError(f"{text} is not between 0 and 1")
    return value


def _non_negative(text: str) -> float:
    value = float(text)
    if not (math.isfinite(value) and value >= 0):
        raise argparse.ArgumentTypeError(f"{text} is not a non-negative number")
    return value


def _positive(text: str) -> float:
    value = _non_negative(text)
    if value == 0:
        raise argparse.ArgumentTypeError("must be above 0")
    return value


def _count(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text} is negative")
    return value


def _kit_version() -> str:
    try:
        return version(DISTRIBUTION)
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "(not installed)"


def _parser() -> argparse.ArgumentParser:
    defaults = PortalConfig()
    env = os.environ.get
    parser = argparse.ArgumentParser(
        prog="onlyoffice-mock-portal",
        description="Serve GET /api/2.0/crm/invoice/filter and POST /api/2.0/authentication like a real "
        "ONLYOFFICE portal, on seeded realistic invoices. Environment variables PORT, TOKEN, INVOICES, SEED "
        "and DATA give the defaults.",
        epilog="Exit codes: 0 stopped by Ctrl-C or SIGTERM, 1 cannot serve (data file, address), 2 bad arguments.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_kit_version()}")
    data = parser.add_argument_group("portal and data")
    data.add_argument("--host", default="127.0.0.1", help="address to listen on (default: %(default)s)")
    data.add_argument(
        "--port", type=int, default=env("PORT", "8080"), help="0 picks a free port (default: %(default)s)"
    )
    data.add_argument("--token", default=env("TOKEN") or defaults.token, help="the API token (default: %(default)s)")
    data.add_argument("--user-name", default=defaults.user_name, help="login user name (default: %(default)s)")
    data.add_argument("--password", default=defaults.password, help="login password (default: %(default)s)")
    data.add_argument(
        "--two-factor",
        choices=["sms", "tfa"],
        default=None,
        help='logins answer 201 with "token": null and this second step (default: off)',
    )
    data.add_argument(
        "--invoices",
        type=_count,
        default=env("INVOICES", str(defaults.invoices)),
        help="how many to generate (default: %(default)s)",
    )
    data.add_argument(
        "--seed",
        type=int,
        default=env("SEED", str(defaults.seed)),
        help="seed of the data and of the faults (default: %(default)s)",
    )
    data.add_argument(
        "--data", type=Path, default=env("DATA") or None, help="serve these wire-format invoices (JSON) instead"
    )
    data.add_argument(
        "--utc-offset-minutes",
        type=int,
        default=defaults.utc_offset_minutes,
        help="the portal's time zone (default: %(default)s)",
    )
    faults = parser.add_argument_group(
        "rate limit and faults", "Faults are drawn per request, in order of arrival, from --seed: repeatable."
    )
    faults.add_argument(
        "--rate-limit",
        type=_count,
        default=defaults.rate_limit,
        help="requests per client address per window, then 503 with Retry-After, as a cloud "
        "portal does; 0 turns it off (default: %(default)s)",
    )
    faults.add_argument(
        "--rate-limit-window",
        type=_positive,
        default=defaults.rate_limit_window_s,
        help="the window in seconds (default: %(default)s)",
    )
    faults.add_argument(
        "--error-share",
        type=_share,
        default=defaults.error_share,
        help="share of answers (0..1) replaced by a 503 envelope or a 502 HTML page from the "
        "proxy, half each (default: %(default)s)",
    )
    faults.add_argument(
        "--latency-ms",
        type=_non_negative,
        default=defaults.latency_ms,
        help="added before every answer (default: %(default)s)",
    )
    faults.add_argument(
        "--drop-share",
        type=_share,
        default=defaults.drop_share,
        help="share of answers (0..1) cut off after half of the body, connection closed (default: %(default)s)",
    )
    faults.add_argument(
        "--edits-per-request",
        type=_non_negative,
        default=defaults.edits_per_request,
        help="edits of the invoices (added, deleted, status changed) before each filter request, on average: "
        "0.1 is one every ten requests, 3 three per request (default: %(default)s)",
    )
    faults.add_argument(
        "--edit-early-numbers",
        action="store_true",
        help="about half of the added invoices get a number that sorts before every existing one (default: off)",
    )
    limits = parser.add_argument_group("limits")
    limits.add_argument(
        "--max-url-bytes",
        type=_count,
        default=defaults.max_url_bytes,
        help="longer request targets get 414; nginx's default is 8192 (default: %(default)s)",
    )
    limits.add_argument(
        "--max-body-bytes",
        type=_count,
        default=defaults.max_body_bytes,
        help="larger login bodies get 413 (default: %(default)s)",
    )
    limits.add_argument(
        "--header-timeout",
        type=_positive,
        default=defaults.header_timeout_s,
        help="seconds to send a request's head, else 408 and close (default: %(default)s)",
    )
    limits.add_argument(
        "--body-timeout",
        type=_positive,
        default=defaults.body_timeout_s,
        help="seconds to send a request's body, else close (default: %(default)s)",
    )
    limits.add_argument(
        "--keep-alive",
        type=_positive,
        default=defaults.keep_alive_s,
        help="seconds an idle connection stays open (default: %(default)s)",
    )
    limits.add_argument(
        "--max-connections",
        type=_count,
        default=defaults.max_connections,
        help="open connections; a new one evicts the oldest idle one, else gets 503 (default: %(default)s)",
    )
    return parser  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, build the portal, print its URL and token, serve until interrupted."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    if not 0 <= args.port <= 65535 or not -14 * 60 <= args.utc_offset_minutes <= 14 * 60:
        print("onlyoffice-mock-portal: --port or --utc-offset-minutes out of range", file=sys.stderr)
        return EXIT_USAGE
    if not args.token or args.max_connections < 1:
        print("onlyoffice-mock-portal: the token must not be empty and --max-connections at least 1", file=sys.stderr)
        return EXIT_USAGE
    config = PortalConfig(
        token=args.token, user_name=args.user_name, password=args.password, invoices=args.invoices,
        seed=args.seed, data_file=args.data, utc_offset_minutes=args.utc_offset_minutes,
        two_factor=args.two_factor, rate_limit=args.rate_limit, rate_limit_window_s=args.rate_limit_window,
        error_share=args.error_share, latency_ms=args.latency_ms, drop_share=args.drop_share,
        edits_per_request=args.edits_per_request, edit_early_numbers=args.edit_early_numbers,
        max_url_bytes=args.max_url_bytes, max_body_bytes=args.max_body_bytes,
        header_timeout_s=args.header_timeout, body_timeout_s=args.body_timeout, keep_alive_s=args.keep_alive,
        max_connections=args.max_connections,
    )  # fmt: skip
    try:
        app = create_app(config)
        sock = listening_socket(args.host, args.port)
    except DataFileError as error:
        print(f"onlyoffice-mock-portal: {error}", file=sys.stderr)
        return EXIT_CANNOT_SERVE
    except OSError as error:
        reason = error.strerror or str(error)
        print(f"onlyoffice-mock-portal: cannot listen on {args.host}:{args.port}: {reason}", file=sys.stderr)
        return EXIT_CANNOT_SERVE
    host, port = sock.getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host
    print(f"Mock portal listening on http://{shown}:{port} (token: {config.token})", flush=True)
    with contextlib.suppress(KeyboardInterrupt):
        portal_server(app, config).run(sockets=[sock])
    return 0


if __name__ == "__main__":
    sys.exit(main())
