"""Wire-format pages that follow the spec, made from its examples (for ``--data`` files and ``set_invoices``)."""

from __future__ import annotations

import copy
from typing import Any

import onlyoffice_crm_spec as spec


def spec_invoices() -> list[dict[str, Any]]:
    """Three invoices an administrator may get: the spec's example (billed, so not editable), a draft copy
    (editable) with the ContactBase example as consignee, and a paid copy of another day, in another offset."""
    example: dict[str, Any] = spec.component_schema("Invoice")["examples"][0]
    billed = copy.deepcopy(example)
    draft = copy.deepcopy(example) | {
        "id": 13,
        "number": "INV-000013",
        "status": {"id": 1, "title": "Draft"},
        "canEdit": True,
        "canDelete": True,
        "consignee": copy.deepcopy(spec.component_schema("ContactBase")["examples"][0]),
    }
    paid = copy.deepcopy(example) | {
        "id": 14,
        "number": "INV-000014",
        "status": {"id": 4, "title": "Paid"},
        "issueDate": "2024-07-01T00:00:00.0000000Z",
        "canEdit": False,
    }
    return [billed, draft, paid]


def spec_page() -> dict[str, Any]:
    """:func:`spec_invoices` in the portal's list envelope."""
    invoices = spec_invoices()
    return {"count": len(invoices), "total": len(invoices), "status": 0, "statusCode": 200, "response": invoices}
