"""The seeded data written as the server writes it (one test per data row of the reference's "Second reading of
the source"), and ``--data`` files refused in one line naming the invoice and the field."""

from __future__ import annotations

import copy
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from onlyoffice_mock_portal.dataset import generate
from onlyoffice_mock_portal.query import InvoiceQuery
from onlyoffice_mock_portal.store import InvoiceStore

DATA = generate(800, seed=11, offset_minutes=180)
STORE = InvoiceStore(DATA, seed=11)
RAW = STORE.search(InvoiceQuery(count=1000)).invoices
INVOICES: list[dict[str, Any]] = [json.loads(invoice) for invoice in RAW]
PAGE = Path(__file__).resolve().parents[1] / "client" / "payloads" / "page.json"
HANDLER = "/products/crm/httphandlers/filehandler.ashx?action=contactphotoulr&cid={}&isc={}&ps={}"


def contacts() -> list[dict[str, Any]]:
    """Every contact and consignee shown (not null)."""
    shown = [invoice[key] for invoice in INVOICES for key in ("contact", "consignee")]
    return [contact for contact in shown if contact is not None]


def test_second_reading_photo_urls_always_present() -> None:
    for contact in contacts():
        company = "true" if contact["isCompany"] else "false"
        assert contact["smallFotoUrl"] == HANDLER.format(contact["id"], company, 1)
        assert contact["mediumFotoUrl"] == HANDLER.format(contact["id"], company, 2)
    # The server's string converter escapes "/" as well.
    assert b'"smallFotoUrl":"\\/products\\/crm\\/httphandlers\\/filehandler.ashx?' in b"".join(RAW)


def test_second_reading_contact_can_delete_false() -> None:
    assert contacts()
    assert {contact["canDelete"] for contact in contacts()} == {False}
    assert {contact["canEdit"] for contact in contacts()} == {True}


def test_second_reading_money_cost_zero() -> None:
    costs = [re.search(rb'"cost":([^,]*),', invoice)[1] for invoice in RAW]  # type: ignore[index]
    rates = [re.search(rb'"exchangeRate":([^,]*),', invoice)[1] for invoice in RAW]  # type: ignore[index]

    assert b"0.0" in costs  # an invoice without lines
    assert all(cost == b"0.0" or re.fullmatch(rb"[1-9][0-9]*\.[0-9]{2}|0\.[0-9]{2}", cost) for cost in costs)
    assert b"0.00" not in costs
    assert all(re.fullmatch(rb"[0-9]+\.[0-9]{2}", rate) for rate in rates)


def test_second_reading_non_bmp_and_control_characters() -> None:
    name = "Smiley \U0001f600 Studio\n(HQ)"
    raw = b"".join(RAW)

    assert b'"displayName":"Smiley \\ud83d\\ude00 Studio\\u000a(HQ)"' in raw
    assert name in {contact["displayName"] for contact in contacts()}
    assert "\U0001f600".encode() not in raw  # never raw UTF-8 for characters outside the BMP
    assert "é".encode() in raw or "ö".encode() in raw  # other non-ASCII text goes out raw


def test_second_reading_contact_null_when_private_and_hidden() -> None:
    rows = DATA.contacts.tolist()
    hidden = [index for index, row in enumerate(rows) if row >= 0 and not DATA.contact_visible[row]]
    deleted = [index for index, row in enumerate(rows) if row < 0]

    assert hidden, "the seeded data must have private contacts the caller cannot see"
    assert deleted
    by_id = {invoice["id"]: invoice for invoice in INVOICES}
    for position in hidden + deleted:
        assert by_id[int(DATA.ids[position])]["contact"] is None
    # The stored contact id still filters (the database does not know who may see it).
    position = hidden[0]
    by_contact = STORE.search(InvoiceQuery(entity_type="contact", entity_id=int(DATA.contact_ids[position])))
    assert int(DATA.ids[position]) in {json.loads(invoice)["id"] for invoice in by_contact.invoices}
    visible_private = [contact for contact in contacts() if contact["isPrivate"]]
    assert visible_private, "private contacts the caller may see are shown with their access list"
    assert all(contact["accessList"] for contact in visible_private)


# --- --data files ----------------------------------------------------------------------------------------------


def nested(depth: int) -> Any:
    value: Any = 1
    for _ in range(depth):
        value = {"inner": value}
    return value


def broken_files() -> list[tuple[str, str, str]]:
    """(case, file text, what the one line must name)."""
    page = json.loads(PAGE.read_bytes())
    cases = []
    deep = copy.deepcopy(page)
    deep["response"][1]["custom"] = nested(40)
    cases.append(("deep nesting inside an invoice", json.dumps(deep), "invoices[1].custom.inner.inner"))
    wide_id = copy.deepcopy(page)
    wide_id["response"][0]["id"] = 2**31
    cases.append(("id >= 2^31", json.dumps(wide_id), "invoices[0].id: expected an int32"))
    huge_id = copy.deepcopy(page)
    huge_id["response"][1]["fileID"] = 2**64
    cases.append(("id >= 2^64", json.dumps(huge_id), "invoices[1].fileID: expected an int32"))
    bad_date = copy.deepcopy(page)
    bad_date["response"][1]["dueDate"] = "2024-02-30T00:00:00.0000000+03:00"
    cases.append(("bad date", json.dumps(bad_date), "invoices[1].dueDate: expected a date like"))
    cases.append(("JSON nested too deeply to read", "[" * 200_000 + "]" * 200_000, "nested too deeply"))
    return cases


@pytest.mark.parametrize(("case", "text", "named"), broken_files(), ids=[case for case, _, _ in broken_files()])
def test_a_bad_data_file_is_one_line_naming_invoice_and_field_and_exit_1(
    tmp_path: Path, case: str, text: str, named: str
) -> None:
    data = tmp_path / "invoices.json"
    data.write_text(text, encoding="utf-8")

    done = subprocess.run([sys.executable, "-m", "onlyoffice_mock_portal", "--data", str(data), "--port", "0"],
                          capture_output=True, text=True, timeout=60, check=False)  # fmt: skip

    assert done.returncode == 1, done.stderr
    assert done.stderr.count("\n") == 1, done.stderr
    assert named in done.stderr
    assert "Traceback" not in done.stderr
