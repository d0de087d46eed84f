"""A filter request's query read back in the words of ``onlyoffice_crm``'s filters, for tests of code built on the
library: ``{"status": "paid", "issued": (date(2024, 1, 1), date(2024, 3, 31)), "order_by": "issued"}``.

The mock does not import the library (ARCHITECTURE.md): the status words are the spec's neutral titles in lower
case (as the library's are), and the table below names the library's filter keywords for the spec's query
parameters; ``tests/plugin`` sends every filter through the library and checks it is read back as given, so the
table cannot drift from the library unnoticed. What has no word here (paging, another ``entityType``) stays in the
request's ``query``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from .spec_facts import spec_facts

DATE_WORDS = {"issued": ("issueDateFrom", "issueDateTo"), "due": ("dueDateFrom", "dueDateTo")}
"""Library keyword -> the spec's parameters of its inclusive (start, end) pair of days."""
ENTITY_WORDS = {"contact": "contact", "opportunity": "opportunity"}
"""``entityType`` value -> the library keyword that takes the ``entityid``."""
TEXT_WORDS = {"currency": "currency", "filterValue": "search"}
"""The spec's parameter -> the library keyword that takes its text."""
ORDER_WORDS = {"number": "number", "issueDate": "issued", "dueDate": "due", "status": "status",
               "contact": "contact", "id": "id"}  # fmt: skip
"""``sortBy`` -> the library's ``order_by`` word (the server's own sort keys)."""


def first_values(query: Iterable[tuple[str, str]]) -> dict[str, str]:
    """The first value of each parameter, as the server reads filter parameters (names as sent)."""
    values: dict[str, str] = {}
    for name, value in query:
        values.setdefault(name, value)
    return values


def status_word(value: str) -> str:
    """A ``status`` value as the library's word (``"4"``, ``"Paid"`` or ``"paid"``: ``"paid"``); other text as sent."""
    titles = spec_facts().status_titles
    text = value.strip()
    if text.isdigit() and text.isascii() and int(text) in titles:
        return titles[int(text)].lower()
    words = {title.lower() for title in titles.values()}
    return text.lower() if text.lower() in words else value


def day(value: str | None) -> dt.date | str | None:
    """The day a wire date names (its date part, which is what the filter compares); other text as sent."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value.strip()[:10])
    except ValueError:
        return value


def library_words(query: Iterable[tuple[str, str]]) -> dict[str, Any]:
    """The filters of a query in the library's keywords, only those it holds (see the module)."""
    values = first_values(query)
    words: dict[str, Any] = {}
    if "status" in values:
        words["status"] = status_word(values["status"])
    for word, (start, end) in DATE_WORDS.items():
        if start in values or end in values:
            words[word] = (day(values.get(start)), day(values.get(end)))
    entity = ENTITY_WORDS.get(values.get("entityType", "").strip().lower())
    if entity is not None and "entityid" in values:
        entity_id = values["entityid"].strip()
        words[entity] = int(entity_id) if entity_id.isdigit() and entity_id.isascii() else values["entityid"]
    for name, word in TEXT_WORDS.items():
        if name in values:
            words[word] = values[name]
    if "sortBy" in values:
        words["order_by"] = ORDER_WORDS.get(values["sortBy"], values["sortBy"])
    if "sortOrder" in values:
        words["descending"] = values["sortOrder"].strip().lower() == "descending"
    return words
