"""The failing tests of one pytest run, read from its short summary (``-rfE``: ``FAILED id - message`` lines)."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from .parts import Part, part_of

SUMMARY_LINE = re.compile(r"^(?P<what>FAILED|ERROR) (?P<id>[^\s\[]+(?:\[.*?\](?= - |$))?)(?: - (?P<message>.*))?$")
COUNTS_LINE = re.compile(r"(?P<counts>\d+ (?:failed|passed|errors?|skipped|xfailed|xpassed|deselected)\b.*?) in \d")


@dataclass(frozen=True)
class Failure:
    """One failing (or erroring) test and the first line of what it said."""

    test_id: str
    message: str

    @property
    def part(self) -> Part:
        """The part of the kit the test belongs to."""
        return part_of(self.test_id)


@dataclass(frozen=True)
class Outcome:
    """What one step of a change's run gave: its failures and pytest's counts (or why the step failed)."""

    failures: tuple[Failure, ...]
    counts: str

    def by_part(self) -> dict[Part, list[Failure]]:
        """The failures grouped by part, in the order of :class:`Part`."""
        grouped: dict[Part, list[Failure]] = defaultdict(list)
        for failure in self.failures:
            grouped[failure.part].append(failure)
        return {part: grouped[part] for part in Part if part in grouped}


def read_pytest_output(output: str) -> Outcome:
    """The failures and counts in pytest's output (run with ``-rfE``); a node id is kept once."""
    failures: dict[str, Failure] = {}
    counts = ""
    for line in output.splitlines():
        match = SUMMARY_LINE.match(line.strip())
        if match is not None:
            failures.setdefault(match["id"], Failure(match["id"], (match["message"] or match["what"]).strip()))
        found = COUNTS_LINE.search(line)
        if found is not None:
            counts = found["counts"].strip(" =")
    return Outcome(tuple(failures.values()), counts)
