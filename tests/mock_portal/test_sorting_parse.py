"""What a ``sortBy`` value means to the server: ``InvoiceSortedByType.TryParse`` (names in any case, numbers through
``Enum.TryParse``) or the in-memory sort by a property path of the invoice wrapper."""

from __future__ import annotations

import pytest

from onlyoffice_mock_portal.sorting import DatabaseSort, PropertySort, is_paged_sort, parse_sort


@pytest.mark.parametrize(
    ("given", "meaning"),
    [(None, DatabaseSort("number", honours_order=False)), ("", DatabaseSort("number", honours_order=False)),
     ("issuedate", DatabaseSort("issueDate")), (" CONTACT ", DatabaseSort("contact")), ("Id", DatabaseSort("id")),
     ("1", DatabaseSort("issueDate")), ("+4", DatabaseSort("status")), ("5", DatabaseSort("id")),
     ("6", DatabaseSort("number", honours_order=False)), ("-1", DatabaseSort("number", honours_order=False)),
     ("0000000000001", DatabaseSort("issueDate")), ("-2147483648", DatabaseSort("number", honours_order=False))],
)  # fmt: skip
def test_database_sorts_parse_like_the_enum(given: str | None, meaning: DatabaseSort) -> None:
    assert parse_sort(given) == meaning


@pytest.mark.parametrize(
    ("given", "path"),
    [("cost", (("cost", "money"),)), ("CreateOn", (("createOn", "date"),)),
     ("contact.displayName", (("contact", "Contact"), ("displayName", "str"))),
     ("contact.nothing", (("contact", "Contact"),)), ("nothing.cost", ()), ("99999999999999", ()),
     ("2147483648", ())],
)  # fmt: skip
def test_other_values_are_property_paths_cut_at_the_first_unknown_name(
    given: str, path: tuple[tuple[str, str], ...]
) -> None:
    assert parse_sort(given) == PropertySort(path)


@pytest.mark.parametrize(
    ("sort_by", "paged"),
    [(None, True), ("", True), ("status", True), ("00000000000004", True), ("77", True), ("cost", False),
     ("contact.displayName", False), ("2147483648", False), ("1x", False)],
)  # fmt: skip
def test_only_database_sorts_are_paged_by_the_dao(sort_by: str | None, paged: bool) -> None:
    assert is_paged_sort(sort_by) is paged
