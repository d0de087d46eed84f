"""Settings of a mock portal: what it serves, whom it lets in, its limits and the faults it injects."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal


@dataclass(frozen=True)
class PortalConfig:
    """What a mock portal serves and whom it lets in."""

    token: str = "mock-portal-token"
    user_name: str = "admin@example.com"
    password: str = "mock-portal-password"
    invoices: int = 300
    seed: int = 1
    """Seeds the data and, separately, the faults (so a run with faults is repeatable)."""
    data_file: Path | None = None
    utc_offset_minutes: int = 180
    """The portal's time zone: dates are written, and offset-less dates read, in it."""

    # Login with two-factor authentication: the 201 answer carries no token.
    two_factor: Literal["sms", "tfa"] | None = None
    phone_noise: str = "+7 *** *** **45"
    """The masked phone number of an ``sms`` login."""
    tfa_key: str | None = None
    """The authenticator app's setup key of a ``tfa`` login (only while the app is not yet set up)."""

    # The cloud portal's documented rate limit, enforced in front of the application.
    rate_limit: int = 500
    """Requests per client address per window; 0 turns the limit off."""
    rate_limit_window_s: float = 10.0

    # Faults on demand, deterministic under ``seed`` for a given order of arrival.
    error_share: float = 0.0
    """Share of answers (0..1) replaced by a 503 envelope or a 502 page from the "proxy", half each."""
    latency_ms: float = 0.0
    """Added before every answer."""
    drop_share: float = 0.0
    """Share of answers (0..1) whose connection is closed after half of the body was sent."""
    edits_per_request: float = 0.0
    """Edits of the invoices before each filter request, on average (0.1: one every ten requests, 3.0: three per
    request): an invoice added, one deleted (any, also one a walk has passed) or a status changed, a third each,
    as people using a real portal do. Repeatable under ``seed`` for a given order of arrival."""
    edit_early_numbers: bool = False
    """About half of the added invoices get a number that sorts before the data's series (before every number of
    generated data, so before the position of a walk by number), each before the last; the others get the next
    number of the series."""

    # Limits that keep hostile or stuck clients from hurting others.
    max_url_bytes: int = 65_536
    """Longest request target (path and query) answered; longer ones get 414."""
    max_body_bytes: int = 65_536
    """Largest login body read; larger ones get 413."""
    header_timeout_s: float = 10.0
    """Time a client has to send a request's head once it started one (or once connected)."""
    body_timeout_s: float = 10.0
    """Time a client has to send a request's body once its head arrived."""
    keep_alive_s: float = 5.0
    """How long an idle keep-alive connection stays open."""
    max_connections: int = 1000
    """Open connections; beyond it a new one evicts the oldest idle or still-sending one, else gets 503."""
