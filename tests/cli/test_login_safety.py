"""Logins keep the password to themselves (issue 27): plain http:// to another machine is refused unless allowed,
with a warning even then; ``--password-stdin`` as docker login has it, and a warning for ``--password`` on the
command line; an address with credentials in it is refused, and no line of the library or the command echoes
them."""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from onlyoffice_crm import CredentialsInUrlError, Portal, check_base_url, env_settings
from onlyoffice_crm_cli import ExitCode
from onlyoffice_crm_cli._access import is_loopback
from onlyoffice_mock_portal import MockPortal
from onlyoffice_mock_portal.app import create_app
from onlyoffice_mock_portal.config import PortalConfig
from onlyoffice_mock_portal.server import listening_socket, portal_server

from .conftest import invoke

PASSWORD_WARNING = (
    "Warning: --password on the command line shows in ps and in the shell's history: use --password-stdin "
    "(or ONLYOFFICE_PASSWORD).\n"
)
SECRET = "s3cret-Pa55"


def logged_in_line(url: str, user_name: str, folder: Path) -> str:
    return f"Logged in to {url} as {user_name}. The token is kept in the file {folder / 'tokens.json'}"


# ---------------------------------------------------------------- plain http:// to another machine


def test_plain_http_to_another_machine_is_refused_before_anything_is_sent(isolated_config: Path) -> None:
    result = invoke("login", "http://portal.example.com", "-u", "a@example.com", "--password-stdin", input=SECRET)

    assert result.exit_code == ExitCode.USAGE
    assert result.stderr == (
        "Error: http://portal.example.com is plain http:// to another machine: the password and the token would "
        "cross the network in clear text. Use https://, or give --allow-insecure-http if you accept that.\n"
    )
    assert not isolated_config.exists() or not (isolated_config / "tokens.json").exists()


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("localhost", True),
        ("LOCALHOST.", True),
        ("portal.localhost", True),
        ("127.0.0.1", True),
        ("127.8.9.10", True),
        ("[::1]", True),
        ("::ffff:127.0.0.1", True),
        ("192.0.2.10", False),
        ("10.0.0.1", False),
        ("localhost.example.com", False),
        ("[2001:db8::1]", False),
    ],
)
def test_only_this_machine_counts_as_loopback(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


def own_address() -> str | None:
    """An address of this machine that is not loopback (a UDP "connect" sends nothing), or None."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))
        except OSError:
            return None
        address: str = probe.getsockname()[0]
    return None if ipaddress.ip_address(address).is_loopback else address


@contextmanager
def portal_on(host: str, config: PortalConfig) -> Iterator[str]:
    """The mock portal served on ``host`` (not loopback) in a background thread; its URL."""
    sock = listening_socket(host)
    server = portal_server(create_app(config), config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 10
        while not server.started and thread.is_alive() and time.monotonic() < deadline:
            time.sleep(0.01)
        yield f"http://{host}:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


@pytest.mark.timeout(30)
def test_allow_insecure_http_logs_in_to_another_machine_with_a_warning(isolated_config: Path) -> None:
    address = own_address()
    if address is None:
        pytest.skip("this machine has no address but loopback")
    config = PortalConfig(invoices=1, rate_limit=0)
    with portal_on(address, config) as url:
        refused = invoke("login", url, "-u", config.user_name, "--password-stdin", input=config.password)
        allowed = invoke(
            "login", url, "-u", config.user_name, "--password-stdin", "--allow-insecure-http", input=config.password
        )

    assert refused.exit_code == ExitCode.USAGE, refused.output
    assert allowed.exit_code == 0, allowed.output
    assert allowed.stderr == (
        f"Warning: {url} is not encrypted: the password and the token cross the network in clear text "
        "(--allow-insecure-http).\n"
    )
    assert allowed.stdout.startswith(logged_in_line(url, config.user_name, isolated_config))


@pytest.mark.timeout(30)
def test_the_login_per_run_of_the_environment_follows_the_same_rule() -> None:
    address = own_address()
    if address is None:
        pytest.skip("this machine has no address but loopback")
    config = PortalConfig(invoices=1, rate_limit=0)
    with portal_on(address, config) as url:
        env = {"ONLYOFFICE_URL": url, "ONLYOFFICE_USER_NAME": config.user_name, "ONLYOFFICE_PASSWORD": config.password}
        refused = invoke("invoices", "list", env=env)
        allowed = invoke("invoices", "list", env={**env, "ONLYOFFICE_ALLOW_INSECURE_HTTP": "1"})

    assert refused.exit_code == ExitCode.USAGE, refused.output
    assert refused.stderr == (
        f"Error: {url} is plain http:// to another machine: the password and the token would cross the network in "
        "clear text. Use https://, or set ONLYOFFICE_ALLOW_INSECURE_HTTP=1 if you accept that.\n"
    )
    assert allowed.exit_code == 0, allowed.output
    assert allowed.stderr == (
        f"Warning: {url} is not encrypted: the password and the token cross the network in clear text "
        "(ONLYOFFICE_ALLOW_INSECURE_HTTP=1).\n"
    )
    assert "1 of 1 invoice" in allowed.stdout


def test_plain_http_to_this_machine_logs_in_without_a_warning(onlyoffice_portal: MockPortal) -> None:
    url = onlyoffice_portal.url.replace("127.0.0.1", "localhost")
    result = invoke(
        "login", url, "-u", onlyoffice_portal.user_name, "--password-stdin", input=onlyoffice_portal.password
    )
    assert result.exit_code == 0, result.output
    assert result.stderr == ""


# ---------------------------------------------------------------- --password-stdin and --password


def test_password_stdin_logs_in_with_the_password_piped_in(
    onlyoffice_portal: MockPortal, isolated_config: Path
) -> None:
    portal = onlyoffice_portal
    result = invoke("login", portal.url, "-u", portal.user_name, "--password-stdin", input=portal.password + "\n")

    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(logged_in_line(portal.url, portal.user_name, isolated_config))
    assert result.stderr == ""
    assert portal.password not in result.output
    assert invoke("invoices", "list", "--limit", "1").exit_code == 0  # the token was kept


def test_password_stdin_takes_the_password_as_piped_less_its_last_line_break(onlyoffice_portal: MockPortal) -> None:
    portal = onlyoffice_portal
    wrong = invoke("login", portal.url, "-u", portal.user_name, "--password-stdin", input=portal.password + " \n")
    assert wrong.exit_code == ExitCode.NOT_LOGGED_IN  # the space is part of the password: not the right one


@pytest.mark.parametrize(
    ("args", "piped", "error"),
    [
        (
            ("--password-stdin",),
            SECRET,
            "Error: --password-stdin needs --user-name (or ONLYOFFICE_USER_NAME): standard input holds the password.\n",
        ),
        (
            ("-u", "a@example.com", "--password", SECRET, "--password-stdin"),
            SECRET,
            "Error: --password and --password-stdin cannot be combined: give one of them.\n",
        ),
        (
            ("-u", "a@example.com", "--password-stdin"),
            "\n",
            "Error: --password-stdin read an empty password: pipe the password into the command.\n",
        ),
    ],
)
def test_password_stdin_misused_is_a_usage_error_before_any_request(
    onlyoffice_portal: MockPortal, args: tuple[str, ...], piped: str, error: str
) -> None:
    result = invoke("login", onlyoffice_portal.url, *args, input=piped)
    assert result.exit_code == ExitCode.USAGE
    assert result.stderr == error
    assert onlyoffice_portal.requests == []


def test_a_password_on_the_command_line_logs_in_with_a_warning(onlyoffice_portal: MockPortal) -> None:
    portal = onlyoffice_portal
    typed = invoke("login", portal.url, "-u", portal.user_name, "--password", portal.password)
    from_env = invoke("login", portal.url, "-u", portal.user_name, env={"ONLYOFFICE_PASSWORD": portal.password})

    assert typed.exit_code == 0, typed.output
    assert typed.stderr == PASSWORD_WARNING
    assert from_env.exit_code == 0, from_env.output
    assert from_env.stderr == ""  # an environment variable shows in neither ps nor history


# ---------------------------------------------------------------- credentials in the address


CREDENTIAL_URLS = [
    "http://bob:{secret}@127.0.0.1:9",
    "https://bob:{secret}@portal.example.com/",
    "bob:{secret}@portal.example.com",
    "http://{secret}@portal.example.com",
    "http://bob:{secret}@[bad",
]


@pytest.mark.parametrize("template", CREDENTIAL_URLS)
def test_a_login_address_with_credentials_is_refused_without_echoing_them(
    onlyoffice_portal: MockPortal, template: str
) -> None:
    result = invoke("login", template.format(secret=SECRET), "-u", "a@example.com", "--password-stdin", input="x")

    assert result.exit_code == ExitCode.USAGE
    assert result.stderr.startswith("Error: The portal address holds a user name or password (user:password@host)")
    assert result.stderr.count("\n") == 1
    assert SECRET not in result.output
    assert "bob" not in result.output


def test_onlyoffice_url_with_credentials_is_refused_without_echoing_them(onlyoffice_portal: MockPortal) -> None:
    url = onlyoffice_portal.url.replace("http://", f"http://bob:{SECRET}@")
    env = {"ONLYOFFICE_URL": url, "ONLYOFFICE_TOKEN": onlyoffice_portal.token}

    result = invoke("invoices", "list", env=env)

    assert result.exit_code == ExitCode.USAGE
    assert result.stderr.startswith("Error: ONLYOFFICE_URL: base_url: the address holds a user name or password")
    assert SECRET not in result.output
    assert "bob" not in result.output
    assert onlyoffice_portal.requests == []


@pytest.mark.parametrize("template", CREDENTIAL_URLS)
def test_the_library_refuses_an_address_with_credentials_without_echoing_them(template: str) -> None:
    url = template.format(secret=SECRET)
    raised: list[ValueError] = []
    for attempt in (
        lambda: check_base_url(url, default_scheme="https"),
        lambda: Portal(url, "token"),
        lambda: Portal.login(url, "bob", "password"),
        lambda: env_settings({"ONLYOFFICE_URL": url}, default_scheme="https"),
    ):
        with pytest.raises(ValueError, match="user name or password") as error:
            attempt()
        raised.append(error.value)

    assert all(SECRET not in str(error) and "bob:" not in str(error) for error in raised)
    assert all(isinstance(error.__cause__ or error, ValueError) for error in raised)
    assert isinstance(raised[0], CredentialsInUrlError)
    assert isinstance(raised[1], CredentialsInUrlError)


def test_an_at_sign_in_the_path_is_no_credential() -> None:
    assert check_base_url("https://portal.example.com/team@crm") == "https://portal.example.com/team@crm"
