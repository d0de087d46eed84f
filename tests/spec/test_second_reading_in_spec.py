"""Every source line the second reading of the server's source cites is cited by the spec (``x-source``)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import onlyoffice_crm_spec as spec

# shared/ lies beside the repository, for a session and for CI alike.
REFERENCE = Path(__file__).resolve().parents[3] / "shared" / "reference" / "onlyoffice-invoice-filter.md"
CITATION = re.compile(r"([A-Za-z.]+\.(?:cs|config)):(\d+(?:-\d+)?)")


def _cited_by_the_second_reading() -> list[str]:
    if not REFERENCE.is_file():
        return []
    text = REFERENCE.read_text(encoding="utf-8")
    second = text[text.index("# Second reading of the source") :]
    return sorted({f"{Path(name).name}:{lines}" for name, lines in CITATION.findall(second)})


CITED = _cited_by_the_second_reading()


@pytest.mark.skipif(not CITED, reason=f"the reference is not beside this checkout ({REFERENCE})")
def test_the_spec_cites_every_source_line_of_the_second_reading() -> None:
    text = spec.spec_path().read_text(encoding="utf-8")
    missing = [citation for citation in CITED if citation not in text]

    assert missing == [], f"rows of the second reading without their source line in the spec: {missing}"
