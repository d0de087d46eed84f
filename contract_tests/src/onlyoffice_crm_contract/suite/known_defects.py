"""The server defects a contract run meets, as the spec lists them (``x-known-defects`` of an operation).

Each is reported as a warning when the target shows it, never silently dropped; an answer the list does not
describe still fails the run. Reviewing this list means reviewing the spec's entries, with their source lines.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass

import onlyoffice_crm_spec as spec


@dataclass(frozen=True)
class KnownDefect:
    """One request that a portal running the real code answers wrongly, and why."""

    id: str
    params: dict[str, str]
    answer: int
    why: str
    source: str

    def describe(self, status: int) -> str:
        """One line for the run's summary and report."""
        query = "&".join(f"{name}={value}" for name, value in self.params.items())
        return f"{self.id}: GET {spec.FILTER_PATH}?{query} answered {status} ({self.why.strip()}) [{self.source}]"


class KnownServerDefectWarning(UserWarning):
    """The target showed a defect that the spec lists for the real server."""


def known_defects(path: str = spec.FILTER_PATH, method: str = "get") -> Iterator[KnownDefect]:
    """Every request of every listed defect of an operation, one per combination of its parameter values."""
    for entry in spec.operation(path, method).get("x-known-defects", []):
        names = list(entry["request"])
        for values in itertools.product(*(entry["request"][name] for name in names)):
            yield KnownDefect(
                id=entry["id"],
                params=dict(zip(names, map(str, values), strict=True)),
                answer=int(entry["answer"]),
                why=" ".join(entry["why"].split()),
                source=entry["x-source"],
            )
