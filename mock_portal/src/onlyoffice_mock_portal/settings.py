"""The settings a portal's faults read on every request, changeable while it serves (``PortalControl.set_faults``)."""

from __future__ import annotations

import dataclasses
import math
import random
import threading
from dataclasses import dataclass

from .config import PortalConfig

_FAULT_SEED_SALT = 0x5EED_FA17  # the fault sequence differs from the data's random sequence for the same seed
_EDIT_SEED_SALT = 0xED17_5EED  # and the edit sequence from both


@dataclass(frozen=True)
class FaultSettings:
    """The rate limit and the faults, with the meaning of the :class:`PortalConfig` fields of the same names."""

    rate_limit: int = 500
    rate_limit_window_s: float = 10.0
    error_share: float = 0.0
    latency_ms: float = 0.0
    drop_share: float = 0.0
    edits_per_request: float = 0.0
    edit_early_numbers: bool = False

    def __post_init__(self) -> None:
        for field in dataclasses.fields(self):
            _check(field.name, getattr(self, field.name))

    @classmethod
    def of(cls, config: PortalConfig) -> FaultSettings:
        """The settings ``config`` starts with."""
        return cls(**{field.name: getattr(config, field.name) for field in dataclasses.fields(cls)})


_SHARES = ("error_share", "drop_share")
_NON_NEGATIVE = ("latency_ms", "edits_per_request")


def _check(name: str, value: object) -> None:
    """Raise TypeError or ValueError naming ``name`` when ``value`` is not a valid setting."""
    if name == "edit_early_numbers":
        if not isinstance(value, bool):
            raise TypeError(f"edit_early_numbers must be a bool, not {type(value).__name__}")
        return
    if name == "rate_limit":
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError(f"rate_limit must be an int, not {type(value).__name__}")
        if value < 0:
            raise ValueError(f"rate_limit must be 0 (off) or more, not {value}")
        return
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"{name} must be a number, not {type(value).__name__}")
    if not math.isfinite(value):
        raise ValueError(f"{name} must be finite, not {value}")
    if name in _SHARES and not 0 <= value <= 1:
        raise ValueError(f"{name} must be between 0 and 1, not {value}")
    if name in _NON_NEGATIVE and value < 0:
        raise ValueError(f"{name} must not be negative, not {value}")
    if name == "rate_limit_window_s" and value <= 0:
        raise ValueError(f"rate_limit_window_s must be above 0, not {value}")


class LiveSettings:
    """What the middlewares read per request: the current :class:`FaultSettings` (swapped whole), the fault
    and edit random sequences, and an epoch that changes when the portal is reset (rate-limit counters start
    afresh)."""

    def __init__(self, config: PortalConfig) -> None:
        self._config = config
        self._lock = threading.Lock()
        self.current = FaultSettings.of(config)
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

    def reset(self) -> None:
        """Back to the configuration's settings, fresh random sequences and rate-limit counters."""
        with self._lock:
            self.current = FaultSettings.of(self._config)
            self.fault_random = random.Random(self._config.seed ^ _FAULT_SEED_SALT)
            self.edit_random = random.Random(self._config.seed ^ _EDIT_SEED_SALT)
            self.epoch += 1
