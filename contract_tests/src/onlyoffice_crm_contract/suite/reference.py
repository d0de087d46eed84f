"""The whole result, read once, as the oracle of completeness: what a filter must return, not only what it may.

A :class:`Reference` is the unfiltered result in the default order (``number`` ascending, a total order), read in
one request of the spec's page maximum. From it, the invoices a filter must return are those of the reference
that satisfy the filter (``properties.filter_violations``), in the same order. When the portal holds more than
one page of the maximum, the reference is a prefix of the result, and so are its matches of the filtered result:
the first matches in number order are the first of the filtered result in number order.

A portal that people edit while the suite reads it is not wrong when an answer differs from an older reference.
So a check that fails is decided again against fresh reads (:func:`decide`): when the reference read before and
after the check differ, the check is run once more between two new reads; when the portal changed during both,
the check has no verdict (inconclusive, never a pass or a failure). A check that passes against the reference
it was given is a pass: the portal answered as the contract says for the data of that moment.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import onlyoffice_crm_spec as spec
from onlyoffice_crm_client import AuthenticatedClient
from onlyoffice_crm_client.models import Invoice

from .properties import Filters, fetch, filter_violations


def page_maximum() -> int:
    """The most invoices one request may ask for: the spec's ``maximum`` of ``count``."""
    for parameter in spec.operation(spec.FILTER_PATH, "get")["parameters"]:
        if parameter["name"] == "count":
            return int(spec.resolve(parameter["schema"])["maximum"])
    raise LookupError("the spec's filter operation has no count parameter")


@dataclass(frozen=True)
class Reference:
    """The unfiltered result in number order, as far as one page of the maximum holds it."""

    invoices: tuple[Invoice, ...]
    complete: bool
    """The read holds every invoice: a short page, and nothing at its end."""
    wire: tuple[Any, ...] = field(repr=False, compare=True)
    """The invoices as the wire said them: what two reads are compared by."""

    @property
    def ids(self) -> list[int]:
        """The ids, in number order."""
        return [invoice.id for invoice in self.invoices]

    def matching(self, asked: Filters) -> list[Invoice]:
        """The invoices of the reference that satisfy every filter of ``asked``, in number order."""
        return [invoice for invoice in self.invoices if not filter_violations(invoice, asked)]


def read_reference(client: AuthenticatedClient) -> Reference:
    """Read the whole result (up to the page maximum) in number order; it is complete when the page is short and
    a read at its end is empty."""
    maximum = page_maximum()
    invoices = fetch(client, Filters(), 0, maximum).response
    complete = len(invoices) < maximum and not fetch(client, Filters(), len(invoices), maximum).response
    return Reference(tuple(invoices), complete, tuple(invoice.to_dict() for invoice in invoices))


def completeness_problems(returned: list[Invoice], reference: Reference, asked: Filters) -> list[str]:
    """What a filtered result in number order (``fetch(client, asked, 0, maximum)``) breaks of the reference: an
    invoice that matches and is missing, one that does not match, or the order of number."""
    expected = [invoice.id for invoice in reference.matching(asked)]
    got = [invoice.id for invoice in returned]
    problems = []
    if missing := sorted(set(expected) - set(got)):
        problems.append(f"{len(missing)} matching invoices missing (ids {missing[:8]})")
    wrong = [invoice.id for invoice in returned if filter_violations(invoice, asked)]
    if wrong:
        problems.append(f"{len(wrong)} invoices that do not match (ids {wrong[:8]})")
    if reference.complete and not wrong and len(got) != len(expected):
        problems.append(f"{len(got)} invoices where {len(expected)} match")
    if not missing and not wrong and got[: len(expected)] != expected:
        problems.append("the matches are not in the order of number")
    return problems


Check = Callable[[AuthenticatedClient, Reference], list[str]]


@dataclass
class ReferenceHolder:
    """The latest reference read during a run: each fresh read replaces it, for the checks that follow."""

    current: Reference


@dataclass(frozen=True)
class Verdict:
    """One explicit case decided: its problems, or no verdict when the portal changed on every attempt."""

    problems: list[str]
    inconclusive: bool = False


ATTEMPTS = 2


def decide(client: AuthenticatedClient, check: Check, held: ReferenceHolder) -> Verdict:
    """Run ``check`` against the held reference; a failure stands when a fresh read agrees with that reference,
    else the check runs again between two fresh reads, up to :data:`ATTEMPTS` times (then: inconclusive)."""
    before = held.current
    problems = check(client, before)
    for _ in range(ATTEMPTS):
        if not problems:
            return Verdict([])
        after = read_reference(client)
        held.current = after
        if after == before:
            return Verdict(problems)
        before = after
        problems = check(client, before)
    return Verdict([], inconclusive=True) if problems else Verdict([])
