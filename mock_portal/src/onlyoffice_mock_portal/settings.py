"""The settings a portal's faults read on every request, changeable while it serves (``PortalControl.set_faults``)."""

from __future__ import annotations

import dataclasses
import random
import threading
from dataclasses import dataclass

from .config import PortalConfig, check_setting

_FAULT_SEED_SALT = 0x5EED_FA17  # the fault sequence differs from the data's random sequence for the same seed
_EDIT_SEED_SALT = 0xED17_5EED  # and the edit sequence from both


@dataclass(frozen=True)
class FaultSettings:
    """The rate limit and the faults, with the meanings, defaults and ranges of the :class:`PortalConfig` fields
    of the same names (checked against them: TypeError, or a ValueError naming the field)."""

    rate_limit: int = PortalConfig.rate_limit
    rate_limit_window_s: float = PortalConfig.rate_limit_window_s
    fail_first: int = PortalConfig.fail_first
    error_share: float = PortalConfig.error_share
    latency_ms: float = PortalConfig.latency_ms
    drop_share: float = PortalConfig.drop_share
    edits_per_request: float = PortalConfig.edits_per_request
    edit_early_numbers: bool = PortalConfig.edit_early_numbers

    def __post_init__(self) -> None:
        for field in dataclasses.fields(self):
            check_setting(field.name, getattr(self, field.name))

    @classmethod
    def of(cls, config: PortalConfig) -> FaultSettings:
        """The settings ``config`` starts with."""
        return cls(**{field.name: getattr(config, field.name) for field in dataclasses.fields(cls)})


class LiveSettings:
    """What the middlewares read per request: the current :class:`FaultSettings` (swapped whole), the failures
    still due of ``fail_first``, the fault and edit random sequences, and an epoch that changes when the portal is
    reset (rate-limit counters start afresh)."""

    def __init__(self, config: PortalConfig) -> None:
        self._config = config
        self._lock = threading.Lock()
        self.current = FaultSettings.of(config)
        self._failures_due = self.current.fail_first
        self.epoch = 0
        self.fault_random = random.Random(config.seed ^ _FAULT_SEED_SALT)
        self.edit_random = random.Random(config.seed ^ _EDIT_SEED_SALT)

    def update(self, **fields: object) -> None:
        """Change some settings; an unknown name raises TypeError, a bad value TypeError or ValueError."""
        known = {field.name for field in dataclasses.fields(FaultSettings)}
        unknown = sorted(set(fields) - known)
        if unknown:
            raise TypeError(f"unknown fault setting {unknown[0]!r}; known: {', '.join(sorted(known))}")
        with self._lock:
            self.current = dataclasses.replace(self.current, **fields)  # type: ignore[arg-type]
            if "fail_first" in fields:
                self._failures_due = self.current.fail_first

    def take_failure(self) -> bool:
        """Whether this request is one of the ``fail_first`` ones (counting it)."""
        with self._lock:
            if self._failures_due <= 0:
                return False
            self._failures_due -= 1
            return True

    def reset(self) -> None:
        """Back to the configuration's settings, fresh random sequences and rate-limit counters."""
        with self._lock:
            self.current = FaultSettings.of(self._config)
            self._failures_due = self.current.fail_first
            self.fault_random = random.Random(self._config.seed ^ _FAULT_SEED_SALT)
            self.edit_random = random.Random(self._config.seed ^ _EDIT_SEED_SALT)
            self.epoch += 1
