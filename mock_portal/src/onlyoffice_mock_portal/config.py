"""Settings of a mock portal: what it serves, whom it lets in, its limits and the faults it injects.

Each field's help text, valid range and command-line flag are in its metadata (:class:`Setting`): the
command's flags are made from them (``cli.py``), and :class:`PortalConfig` and the live fault settings
(``settings.py``) check values against them (:func:`check_setting`).
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from .hosts import allowed_host

PORTAL_GROUP = "portal and data"
FAULTS_GROUP = "rate limit and faults"
LIMITS_GROUP = "limits"


class SettingError(ValueError):
    """A setting outside its range; ``name`` is the field, ``reason`` what is wrong (``must be above 0, not 0``)."""

    def __init__(self, name: str, reason: str) -> None:
        super().__init__(f"{name} {reason}")
        self.name = name
        self.reason = reason


@dataclass(frozen=True)
class Setting:
    """What a :class:`PortalConfig` field means and takes: its help text, its range, and how it is given on the
    command line."""

    help: str
    minimum: float | None = None
    maximum: float | None = None
    above: float | None = None
    """An exclusive lower bound."""
    not_empty: bool = False
    choices: tuple[str, ...] | None = None
    parse: Callable[[str], Any] | None = None
    """How the command reads the flag's text, when not with the default's type."""
    flag: str | None = None
    """The command-line flag when it is not the field's name with dashes."""
    env: str | None = None
    """The environment variable that gives the command's default."""
    group: str = PORTAL_GROUP
    on_command_line: bool = True

    @property
    def metadata(self) -> dict[str, Setting]:
        """The metadata of a field with this setting."""
        return {"setting": self}

    def check(self, name: str, value: object, default: object) -> None:
        """Raise TypeError when ``value`` is not of ``default``'s kind, :class:`SettingError` when out of range."""
        _check_kind(name, value, default)
        if self.choices is not None and value is not None and value not in self.choices:
            raise SettingError(name, f"must be one of {', '.join(self.choices)} (or None), not {value!r}")
        if self.not_empty and not value:
            raise SettingError(name, "must not be empty")
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            return
        if not math.isfinite(value):
            raise SettingError(name, f"must be finite, not {value}")
        if self.minimum is not None and self.maximum is not None and not self.minimum <= value <= self.maximum:
            raise SettingError(name, f"must be between {self.minimum:g} and {self.maximum:g}, not {value}")
        if self.minimum is not None and value < self.minimum:
            at_least = "must not be negative" if self.minimum == 0 else f"must be at least {self.minimum:g}"
            raise SettingError(name, f"{at_least}, not {value}")
        if self.above is not None and value <= self.above:
            raise SettingError(name, f"must be above {self.above:g}, not {value}")


def _check_kind(name: str, value: object, default: object) -> None:
    """Fields with a bool, int, float or str default take only that kind (an int where a float is expected)."""
    if default is None:
        return  # optional fields: their range or choices say the rest
    expected = type(default)
    if expected is bool:
        ok = isinstance(value, bool)
    elif expected is float:
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
    else:
        ok = isinstance(value, expected) and not (expected is int and isinstance(value, bool))
    if not ok:
        kind = {bool: "a bool", int: "an int", float: "a number", str: "a string"}.get(expected, expected.__name__)
        raise TypeError(f"{name} must be {kind}, not {type(value).__name__}")


def setting_of(config_field: dataclasses.Field[Any]) -> Setting:
    """The :class:`Setting` of one of :class:`PortalConfig`'s fields."""
    found = config_field.metadata["setting"]
    assert isinstance(found, Setting)
    return found


def check_setting(name: str, value: object) -> None:
    """Check ``value`` for :class:`PortalConfig`'s field ``name`` (TypeError or :class:`SettingError`)."""
    config_field = _FIELDS[name]
    setting_of(config_field).check(name, value, config_field.default)


def iana_time_zone(text: str) -> str:
    """An IANA zone name the platform (or ``tzdata``) knows; ValueError naming it otherwise."""
    from .zone import zone_named  # zone data is read when a zone is given, not at import

    zone_named(text)
    return text


@dataclass(frozen=True)
class PortalConfig:
    """What a mock portal serves and whom it lets in; every value is checked when made (TypeError, or a
    :class:`SettingError`, a ValueError naming the field)."""

    token: str = field(
        default="mock-portal-token", metadata=Setting("the API token", not_empty=True, env="TOKEN").metadata
    )
    user_name: str = field(default="admin@example.com", metadata=Setting("login user name").metadata)
    password: str = field(
        default="mock-portal-password",
        metadata=Setting(
            "login password; the default one logs in only beside the default token: with a custom --token, no "
            "password logs in unless --password gives one"
        ).metadata,
    )
    invoices: int = field(default=300, metadata=Setting("how many to generate", minimum=0, env="INVOICES").metadata)
    seed: int = field(
        default=1,
        metadata=Setting(
            "seed of the data and, separately, of the faults (so a run with faults is repeatable)", env="SEED"
        ).metadata,
    )
    data_file: Path | None = field(
        default=None,
        metadata=Setting(
            "serve these wire-format invoices (JSON) instead", flag="--data", parse=Path, env="DATA"
        ).metadata,
    )
    utc_offset_minutes: int = field(
        default=180,
        metadata=Setting(
            "the portal's time zone: dates are written, and offset-less dates read, in it",
            minimum=-14 * 60,
            maximum=14 * 60,
        ).metadata,
    )
    time_zone: str | None = field(
        default=None,
        metadata=Setting(
            "the portal's IANA time zone (e.g. Europe/London): each date is written with the offset in force on "
            "that date, so daylight saving changes it; replaces --utc-offset-minutes",
            parse=iana_time_zone,
        ).metadata,
    )
    role: str = field(
        default="admin",
        metadata=Setting(
            "whom the token belongs to (the spec's x-caller-roles): admin sees every invoice; user gets only the "
            "invoices whose contact it may see (not private, or it is on the access list), a full page's total "
            "still counting the others; guest gets 403",
            choices=("admin", "user", "guest"),
        ).metadata,
    )
    deep_page_seconds_per_1000_rows: float = field(
        default=0.001,
        metadata=Setting(
            "a user caller waits this long per 1000 of the rows the server reads to filter a page, "
            "min(startIndex + count + 1, invoices): deep pages cost it O(startIndex)",
            minimum=0,
            group=FAULTS_GROUP,
        ).metadata,
    )
    portal_state: str | None = field(
        default=None,
        metadata=Setting(
            "answer every API request in front of the API (Global.asax), with an empty body: unknown and "
            "suspended 404, unpaid 402, migrating 503 (all before authentication), blocked 403 (an authenticated "
            "caller outside the IP restrictions)",
            choices=("unknown", "suspended", "unpaid", "blocked", "migrating"),
        ).metadata,
    )

    # Login with two-factor authentication: the 201 answer carries no token.
    two_factor: Literal["sms", "tfa"] | None = field(
        default=None,
        metadata=Setting('logins answer 201 with "token": null and this second step', choices=("sms", "tfa")).metadata,
    )
    phone_noise: str = field(
        default="+7 *** *** **45",
        metadata=Setting("the masked phone number of an sms login", on_command_line=False).metadata,
    )
    tfa_key: str | None = field(
        default=None,
        metadata=Setting(
            "the authenticator app's setup key of a tfa login (only while the app is not yet set up)",
            on_command_line=False,
        ).metadata,
    )

    # The cloud portal's documented rate limit, enforced in front of the application.
    rate_limit: int = field(
        default=500,
        metadata=Setting(
            "requests per client address per window, then 503 with Retry-After, as a cloud portal does; 0 turns it off",
            minimum=0,
            group=FAULTS_GROUP,
        ).metadata,
    )
    rate_limit_window_s: float = field(
        default=10.0,
        metadata=Setting(
            "the rate limit's window in seconds", above=0, flag="--rate-limit-window", group=FAULTS_GROUP
        ).metadata,
    )

    # Faults on demand, deterministic under ``seed`` for a given order of arrival.
    fail_first: int = field(
        default=0,
        metadata=Setting(
            "the first N requests (after the start, a reset, or set_faults giving it) answered with a 503 envelope "
            "and Retry-After, whatever the shares: a failure that does not depend on the draw",
            minimum=0,
            group=FAULTS_GROUP,
        ).metadata,
    )
    error_share: float = field(
        default=0.0,
        metadata=Setting(
            'share of answers (0..1) replaced by a 503 envelope or a 502 HTML page from the "proxy", half each',
            minimum=0,
            maximum=1,
            group=FAULTS_GROUP,
        ).metadata,
    )
    latency_ms: float = field(
        default=0.0, metadata=Setting("added before every answer", minimum=0, group=FAULTS_GROUP).metadata
    )
    drop_share: float = field(
        default=0.0,
        metadata=Setting(
            "share of answers (0..1) whose connection is closed after half of the body was sent",
            minimum=0,
            maximum=1,
            group=FAULTS_GROUP,
        ).metadata,
    )
    edits_per_request: float = field(
        default=0.0,
        metadata=Setting(
            "edits of the invoices before each filter request, on average (0.1: one every ten requests, 3: "
            "three per request): an invoice added, one deleted (any, also one a walk has passed) or a status "
            "changed, a third each, as people using a real portal do; repeatable under the seed for a given order "
            "of arrival",
            minimum=0,
            group=FAULTS_GROUP,
        ).metadata,
    )
    edit_early_numbers: bool = field(
        default=False,
        metadata=Setting(
            "about half of the added invoices get a number that sorts before the data's series (before every "
            "number of generated data, so before the position of a walk by number), each before the last; the "
            "others get the next number of the series",
            group=FAULTS_GROUP,
        ).metadata,
    )

    # Limits that keep hostile or stuck clients from hurting others.
    max_url_bytes: int = field(
        default=65_536,
        metadata=Setting(
            "longest request target (path and query) answered; longer ones get 414 (nginx's default is 8192)",
            minimum=0,
            group=LIMITS_GROUP,
        ).metadata,
    )
    max_body_bytes: int = field(
        default=65_536,
        metadata=Setting("largest login body read; larger ones get 413", minimum=0, group=LIMITS_GROUP).metadata,
    )
    header_timeout_s: float = field(
        default=10.0,
        metadata=Setting(
            "seconds a client has to send a request's head once it started one (or once connected), else 408 and close",
            above=0,
            flag="--header-timeout",
            group=LIMITS_GROUP,
        ).metadata,
    )
    body_timeout_s: float = field(
        default=10.0,
        metadata=Setting(
            "seconds a client has to send a request's body once its head arrived, else close",
            above=0,
            flag="--body-timeout",
            group=LIMITS_GROUP,
        ).metadata,
    )
    keep_alive_s: float = field(
        default=5.0,
        metadata=Setting(
            "seconds an idle keep-alive connection stays open", above=0, flag="--keep-alive", group=LIMITS_GROUP
        ).metadata,
    )
    max_connections: int = field(
        default=1000,
        metadata=Setting(
            "open connections; beyond it a new one evicts the oldest idle or still-sending one, else gets 503",
            minimum=1,
            group=LIMITS_GROUP,
        ).metadata,
    )

    # Against DNS rebinding, the server answers only to the address it listens on (``hosts.py``).
    allowed_hosts: tuple[str, ...] = field(
        default=(),
        metadata=Setting(
            "a Host the server answers to besides 127.0.0.1, localhost, [::1] and the address a request arrived "
            "at (against DNS rebinding): NAME for any port, NAME:PORT for one, or * for any host; repeatable",
            flag="--allowed-host",
            parse=allowed_host,
        ).metadata,
    )

    def __post_init__(self) -> None:
        for config_field in dataclasses.fields(self):
            setting_of(config_field).check(config_field.name, getattr(self, config_field.name), config_field.default)
        if self.time_zone is not None:
            try:
                iana_time_zone(self.time_zone)
            except ValueError as error:
                reason = f"must be an IANA time zone such as Europe/London, not {self.time_zone!r}"
                raise SettingError("time_zone", reason) from error


_FIELDS = {config_field.name: config_field for config_field in dataclasses.fields(PortalConfig)}
