"""Settings of a mock portal."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class PortalConfig:
    """What a mock portal serves and whom it lets in."""

    token: str = "mock-portal-token"
    user_name: str = "admin@example.com"
    password: str = "mock-portal-password"
    invoices: int = 300
    seed: int = 1
    data_file: Path | None = None
    utc_offset_minutes: int = 180
    """The portal's time zone: dates are written, and offset-less dates read, in it."""
