"""The facts of the spec the portal answers by (statuses, entity types, the page limit), read once per process.

Nothing is read at import: :func:`spec_facts` parses the spec on its first call, which ``create_app`` makes
while it builds a portal (so no request pays for it), and keeps the result for every later portal;
:func:`forget_spec` makes this and every other reading of the spec in the mock start again.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType

import onlyoffice_crm_spec as spec


@dataclass(frozen=True)
class SpecFacts:
    """What the spec says of the statuses, the entity types and the page size."""

    max_count: int
    """``ApiConfiguration.ItemsPerPage``: the largest page, and the default one (the spec's ``x-server-default``)."""
    status_titles: Mapping[int, str]
    """Status id -> neutral (culture-invariant) title from ``CRMEnumResource``, in spec order."""
    status_by_title: Mapping[str, int]
    """Neutral title -> status id: ``LocalizedEnumConverter`` compares titles with exact case."""
    status_names: Mapping[str, int]
    """Lower-case ``InvoiceStatus`` member name -> id (``Enum.Parse`` ignores case)."""
    entity_types: frozenset[str]
    """The ``entityType`` values the filter takes (lower-case)."""


@cache
def spec_facts() -> SpecFacts:
    """The spec's facts, parsed on the first call of the process."""
    count = next(p for p in spec.operation(spec.FILTER_PATH, "get")["parameters"] if p["name"] == "count")
    status = spec.component_schema("InvoiceStatusId")
    titles = dict(zip(status["enum"], status["x-enum-titles"], strict=True))
    return SpecFacts(
        max_count=int(count["schema"]["maximum"]),
        status_titles=MappingProxyType(titles),
        status_by_title=MappingProxyType({title: status_id for status_id, title in titles.items()}),
        status_names=MappingProxyType(
            {name.lower(): value for name, value in spec.enum_members("InvoiceStatusId").items()}
        ),
        entity_types=frozenset(spec.enum_values("EntityTypeFilter")),
    )


def forget_spec() -> None:
    """Read the spec anew on next use, here and in every module that keeps what it read (after
    ``$ONLYOFFICE_SPEC`` changed: the tests of spec-only changes)."""
    from . import fields, query, sorting  # they import this module

    spec.forget_loaded_spec()
    for cached in (spec_facts, fields.invoice_fields, fields.field_named, fields.property_kinds,
                   query.parameters, sorting.unstable_sorts):  # fmt: skip
        cached.cache_clear()
