"""The seeded invoices written as the server writes them: contacts, amounts, escapes, hidden contacts."""

from __future__ import annotations

import json
import re
from typing import Any

from onlyoffice_mock_portal.dataset import generate
from onlyoffice_mock_portal.query import InvoiceQuery
from onlyoffice_mock_portal.store import InvoiceStore

DATA = generate(800, seed=11, offset_minutes=180)
STORE = InvoiceStore(DATA, seed=11)
RAW = STORE.search(InvoiceQuery(count=1000)).invoices
INVOICES: list[dict[str, Any]] = [json.loads(invoice) for invoice in RAW]
HANDLER = "/Products/CRM/HttpHandlers/filehandler.ashx?action=contactphotoulr&cid={}&isc={}&ps={}"


def contacts() -> list[dict[str, Any]]:
    """Every contact and consignee shown (not null)."""
    shown = [invoice[key] for invoice in INVOICES for key in ("contact", "consignee")]
    return [contact for contact in shown if contact is not None]


def test_contact_photo_urls_are_always_present_mixed_case_and_escaped() -> None:
    """ContactWrapper.cs:438-439: one format string, BaseAbsolutePath's case, a .NET bool (True/False)."""
    for contact in contacts():
        company = "True" if contact["isCompany"] else "False"
        assert contact["smallFotoUrl"] == HANDLER.format(contact["id"], company, 1)
        assert contact["mediumFotoUrl"] == HANDLER.format(contact["id"], company, 2)
    # The server's string converter escapes "/" as well.
    assert b'"smallFotoUrl":"\\/Products\\/CRM\\/HttpHandlers\\/filehandler.ashx?' in b"".join(RAW)


def test_contacts_are_editable_and_never_deletable() -> None:
    assert contacts()
    assert {contact["canDelete"] for contact in contacts()} == {False}
    assert {contact["canEdit"] for contact in contacts()} == {True}


def test_amounts_have_two_decimals_and_a_cost_without_lines_is_0_0() -> None:
    costs = [re.search(rb'"cost":([^,]*),', invoice)[1] for invoice in RAW]  # type: ignore[index]
    rates = [re.search(rb'"exchangeRate":([^,]*),', invoice)[1] for invoice in RAW]  # type: ignore[index]

    assert b"0.0" in costs  # an invoice without lines
    assert all(cost == b"0.0" or re.fullmatch(rb"[1-9][0-9]*\.[0-9]{2}|0\.[0-9]{2}", cost) for cost in costs)
    assert b"0.00" not in costs
    assert all(re.fullmatch(rb"[0-9]+\.[0-9]{2}", rate) for rate in rates)


def test_characters_outside_the_bmp_are_surrogate_pairs_and_controls_are_escaped() -> None:
    name = "Smiley \U0001f600 Studio\n(HQ)"
    raw = b"".join(RAW)

    assert b'"displayName":"Smiley \\ud83d\\ude00 Studio\\u000a(HQ)"' in raw
    assert name in {contact["displayName"] for contact in contacts()}
    assert "\U0001f600".encode() not in raw  # never raw UTF-8 for characters outside the BMP
    assert "é".encode() in raw or "ö".encode() in raw  # other non-ASCII text goes out raw


def test_an_administrator_sees_every_contact_and_null_only_for_a_deleted_row() -> None:
    """CRMSecutiry.cs:271-277 (an administrator may see every contact), CRMApi.Invoices.cs:1602-1617 (null when
    the contact row is gone)."""
    rows = DATA.columns["contact"].tolist()
    private_unlisted = [index for index, row in enumerate(rows) if row >= 0 and not DATA.contact_visible[row]]
    deleted = [index for index, row in enumerate(rows) if row < 0]

    assert private_unlisted, "the seeded data must have private contacts the caller is not listed on"
    assert deleted
    by_id = {invoice["id"]: invoice for invoice in INVOICES}
    for position in private_unlisted:
        assert by_id[int(DATA.ids[position])]["contact"]["isPrivate"] is True
    for position in deleted:
        assert by_id[int(DATA.ids[position])]["contact"] is None
        assert by_id[int(DATA.ids[position])]["canDelete"] is True
    # The stored contact id of a deleted contact still filters (the database keeps it).
    position = deleted[0]
    by_contact = STORE.search(InvoiceQuery(entity_type="contact", entity_id=int(DATA.contact_ids[position])))
    assert int(DATA.ids[position]) in {json.loads(invoice)["id"] for invoice in by_contact.invoices}
    private = [contact for contact in contacts() if contact["isPrivate"]]
    assert private
    assert all(contact["accessList"] for contact in private)
