"""Parts of the spec shown on the site as the spec says them: its description and its known defects.

The text lives once, in ``openapi/onlyoffice-crm-invoices.yaml``; the site renders it at each build.
"""

from __future__ import annotations

import re

import onlyoffice_crm_spec as spec

HEADING = re.compile(r"^(#+) ", re.MULTILINE)


def spec_description() -> str:
    """``info.description``, its headings moved one level down to sit under a page's second-level heading."""
    description = str(spec.load_spec()["info"]["description"])
    return HEADING.sub(lambda match: f"#{match.group(1)} ", description) + "\n"


def known_defects_table() -> str:
    """One row per defect of the invoice filter: its id, the request, what a real portal answers, and the source."""
    rows = ["| defect | request | a real portal answers | source |", "|---|---|---|---|"]
    for entry in spec.operation(spec.FILTER_PATH, "get").get("x-known-defects", []):
        request = "; ".join(
            f"`{name}` = " + ", ".join(f"`{value}`" for value in values) for name, values in entry["request"].items()
        )
        why = " ".join(str(entry["why"]).split())
        rows.append(f"| `{entry['id']}` | {request} | {entry['answer']}: {why} | `{entry['x-source']}` |")
    return "\n".join(rows) + "\n"
