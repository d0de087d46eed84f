"""What a run's caller role (the spec's ``x-caller-roles``) made impossible, for the summaries and the verdict.

The suite tells the role (``interface.CALLER_ROLE_PROPERTY``) and skips each check the role makes impossible with
a reason that starts with ``impossible for`` (``suite/roles.py``). The same holds of coverage: a guest is answered
403 for every read whose parameters bind (``ProductSecurityFilter.cs:76-137``), so no run with a guest's token can
exercise the 200 answer or any of its fields. Such items are listed as impossible for that role, apart from the
gaps, and do not fail the run. A role that made nothing impossible changes nothing.
"""

from __future__ import annotations

from ..interface import ROLE_ARTICLES
from .coverage import Coverage
from .outcomes import TestOutcomes

GUEST_NEVER = "a guest is answered 403 for every read whose parameters bind: never 200"


def role_name(outcomes: TestOutcomes) -> str | None:
    """The caller's role the suite told, or None."""
    return outcomes.caller_role[0] if outcomes.caller_role else None


def limit_coverage(coverage: Coverage, role: str | None) -> Coverage:
    """``coverage`` with the items ``role`` makes impossible to exercise marked so (only those never exercised)."""
    if role != "guest":
        return coverage
    for item, count in coverage.counts.items():
        answers_200 = (item.kind == "status" and item.name == "200") or (
            item.kind == "field" and item.name.split(" ", 1)[0] == "200"
        )
        if answers_200 and count == 0 and not coverage.is_exempt(item):
            coverage.impossible[str(item)] = GUEST_NEVER
    return coverage


def role_line(outcomes: TestOutcomes) -> str:
    """``caller role: user (inferred from canDelete false on invoice 12)``."""
    if outcomes.caller_role is None:
        return "caller role: not told (the suite's role check did not run)"
    name, how = outcomes.caller_role
    return f"caller role: {name} ({how})"


def impossible_count(outcomes: TestOutcomes, coverage: Coverage | None) -> int:
    """Checks and coverage items the caller's role made impossible."""
    return len(outcomes.impossible) + (len(coverage.impossible) if coverage is not None else 0)


def holds_caveat(outcomes: TestOutcomes, coverage: Coverage | None) -> str:
    """What a verdict that holds adds for a role that made checks impossible (``""`` when it made none):
    `` for a guest: 23 checks and 98 coverage items impossible for that role (listed)``."""
    role = role_name(outcomes)
    checks, items = len(outcomes.impossible), len(coverage.impossible) if coverage is not None else 0
    if role is None or not (checks or items):
        return ""
    parts = [f"{checks} check(s)"] if checks else []
    parts += [f"{items} coverage item(s)"] if items else []
    caller = ROLE_ARTICLES.get(role, role)
    return f" for {caller}: {' and '.join(parts)} impossible for that role (listed as IMPOSSIBLE)"


def impossible_lines(outcomes: TestOutcomes, coverage: Coverage | None) -> list[str]:
    """One line per reason: the tests it made impossible, counted by test function; then the coverage items."""
    by_reason: dict[str, list[str]] = {}
    for nodeid, reason in outcomes.impossible:
        by_reason.setdefault(reason, []).append(nodeid)
    lines = []
    for reason, nodeids in by_reason.items():
        lines.append(f"IMPOSSIBLE {len(nodeids)} test(s) ({', '.join(_cases(nodeids))}): {reason}")
    if coverage is not None and coverage.impossible:
        by_why: dict[str, list[str]] = {}
        for item, why in coverage.impossible.items():
            by_why.setdefault(why, []).append(item)
        for why, items in by_why.items():
            lines.append(f"IMPOSSIBLE {len(items)} coverage item(s) (e.g. {', '.join(items[:3])}): {why}")
    return lines


def _cases(nodeids: list[str], shown: int = 4) -> list[str]:
    """Per test function: its id, with the first ``shown`` of its parametrized cases and how many more."""
    by_function: dict[str, list[str]] = {}
    for nodeid in nodeids:
        function, _, case = nodeid.partition("[")
        by_function.setdefault(function, []).append(case.removesuffix("]"))
    named = []
    for function, cases in by_function.items():
        given = [case for case in cases if case]
        if not given:
            named.append(function)
            continue
        more = f", {len(given) - shown} more" if len(given) > shown else ""
        named.append(f"{function}[{'; '.join(given[:shown])}{more}]")
    return named
