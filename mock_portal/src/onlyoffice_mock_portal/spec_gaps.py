"""What of the spec the mock portal cannot derive its behaviour for: one line per item, naming it and the module.

Most of what the mock does with the spec is read from it (the fields and their kinds, bounds and order, the
parameters' types, the page limit, the statuses). Some behaviour has to be written: what a filter means, how
the generator draws a field, the database sorts. :func:`unhandled_spec_items` compares those with the spec, so
a spec-only change that needs mock code fails a test naming it
(``tests/mock_portal/test_tables_match_spec.py``; ``test_spec_changes.py`` shows it on edited specs).
"""

from __future__ import annotations

from typing import get_type_hints

from .caller import unhandled_caller_roles
from .dataset import generated_fields
from .fields import INVOICE_SCHEMA, field_named
from .portal_state import unanswered_front_statuses
from .query import unbound_in_order, unhandled_generic_parameters, unhandled_parameters
from .records import InvoiceFields
from .sorting import unhandled_sort_keys


def ungenerated_fields() -> list[str]:
    """One line per invoice field of the spec the generator does not draw (it serves the example's value)."""
    drawn = generated_fields()
    home = "the mock portal (onlyoffice_mock_portal/dataset.py)"
    return [
        f"spec field `{name}` of {INVOICE_SCHEMA}: {home} does not generate it (it serves the spec example's value)"
        for name in field_named()
        if name not in drawn
    ]


def undeclared_record_fields() -> list[str]:
    """One line per invoice field of the spec that :class:`~onlyoffice_mock_portal.records.InvoiceFields` (the
    typed keywords of ``invoice()``) lacks, and per key it has that the spec lacks."""
    declared = get_type_hints(InvoiceFields)
    home = "the mock portal (onlyoffice_mock_portal/records.py, InvoiceFields)"
    fields = field_named()
    return [f"spec field `{name}` of {INVOICE_SCHEMA}: {home} does not declare it"
            for name in fields if name not in declared] + [
        f"{home} declares `{name}`, which {INVOICE_SCHEMA} in the spec lacks" for name in declared if name not in fields
    ]  # fmt: skip


def unhandled_spec_items() -> list[str]:
    """Every spec item the mock portal lacks code for, one line each; empty when it covers the spec."""
    return [*unhandled_parameters(), *unhandled_sort_keys(), *ungenerated_fields(), *undeclared_record_fields(),
            *unhandled_caller_roles(), *unhandled_generic_parameters(), *unbound_in_order(),
            *unanswered_front_statuses()]  # fmt: skip
