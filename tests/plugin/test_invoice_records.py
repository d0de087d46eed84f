"""``invoice(**fields)``: complete, valid wire records of typical invoices, fields given by wire name or as a
person writes them, ids and numbers unique."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, get_args

import pytest

import onlyoffice_crm_spec as spec
from onlyoffice_crm import StatusWord, parse_status
from onlyoffice_mock_portal import InvoiceRecords, invoice
from onlyoffice_mock_portal.data_file import load_records

TITLES = dict(zip(spec.enum_values("InvoiceStatusId"), spec.component_schema("InvoiceStatusId")["x-enum-titles"],
                  strict=True))  # fmt: skip


def served(records: list[dict[str, Any]], offset_minutes: int = 180) -> None:
    """Raise DataFileError unless a portal would serve these records."""
    load_records(records, offset_minutes)


def test_a_default_invoice_is_complete_and_valid() -> None:
    records = InvoiceRecords()

    made = [records() for _ in range(3)]

    served(made)
    assert [list(record) for record in made] == [list(spec.component_schema("Invoice")["properties"])] * 3
    assert [(record["id"], record["number"]) for record in made] == [(1, "INV-000001"), (2, "INV-000002"),
                                                                     (3, "INV-000003")]  # fmt: skip


def test_the_module_level_invoice_hands_out_unique_ids_and_numbers() -> None:
    made = [invoice() for _ in range(5)]

    served(made)
    assert len({record["id"] for record in made}) == len({record["number"] for record in made}) == 5


def test_an_id_given_is_kept_and_not_handed_out_again() -> None:
    records = InvoiceRecords()

    made = [records(id=2), records(), records(), records(id=40, number="SO/2024/40")]

    assert [(record["id"], record["number"]) for record in made] == [
        (2, "INV-000002"),
        (1, "INV-000001"),
        (3, "INV-000003"),
        (40, "SO/2024/40"),
    ]
    served(made)


@pytest.mark.parametrize("word", get_args(StatusWord))
def test_status_takes_the_librarys_words_in_any_case(word: str) -> None:
    status_id = int(parse_status(word))  # type: ignore[arg-type]  # every StatusWord is a status

    for written in (word, word.upper(), word.capitalize()):
        assert InvoiceRecords()(status=written)["status"] == {"id": status_id, "title": TITLES[status_id]}


@pytest.mark.parametrize(
    ("value", "expected"),
    [(4, {"id": 4, "title": "Paid"}), ({"id": 2, "title": "Versendet"}, {"id": 2, "title": "Versendet"})],
)
def test_status_takes_an_id_or_the_wire_object(value: Any, expected: dict[str, Any]) -> None:
    assert InvoiceRecords()(status=value)["status"] == expected


def test_currency_takes_an_abbreviation_in_any_case() -> None:
    records = InvoiceRecords()

    swiss = {"title": "Swiss Franc", "symbol": "CHF", "abbreviation": "CHF", "cultureName": "de-CH",
             "isConvertable": True, "isBasic": False}  # fmt: skip
    made = [records(currency="usd"), records(currency=" Gbp "), records(currency=swiss)]

    assert [record["currency"]["abbreviation"] for record in made] == ["USD", "GBP", "CHF"]
    assert made[0]["currency"]["symbol"] == "$"
    served(made)


@pytest.mark.parametrize("code", ["XYZ", "CHF", "xyz"])
def test_a_currency_the_mock_does_not_know_is_refused_naming_the_field(code: str) -> None:
    with pytest.raises(ValueError, match="not a currency the mock portal knows") as refused:
        InvoiceRecords()(currency=code)

    assert str(refused.value) == (
        f"currency: {code!r} is not a currency the mock portal knows (one of EUR, USD, GBP, CZK, RUB, JPY); give "
        "the wire object for another"
    )


@pytest.mark.parametrize("field", ["cost", "exchangeRate"])
@pytest.mark.parametrize("value", [1.005, "1.005", Decimal("1.005"), 0.001, "12.345"])
def test_an_amount_with_more_than_two_decimals_is_refused_rather_than_rounded(field: str, value: Any) -> None:
    with pytest.raises(ValueError, match="more than two decimals") as refused:
        InvoiceRecords()(**{field: value})

    assert str(refused.value) == f"{field}: {value!r} has more than two decimals; the portal keeps amounts to the cent"


@pytest.mark.parametrize(("value", "expected"), [(1.5, 1.5), ("1.50", 1.5), (Decimal("2.10"), 2.1), (7, 7), ("3", 3.0)])
def test_an_amount_to_the_cent_is_taken_as_written(value: Any, expected: float) -> None:
    record = InvoiceRecords()(cost=value)

    assert record["cost"] == expected
    served([record])


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (dt.date(2024, 3, 1), "2024-03-01T00:00:00.0000000-05:00"),
        (dt.datetime(2024, 3, 1, 9, 30), "2024-03-01T09:30:00.0000000-05:00"),  # naive: the portal's clock
        (dt.datetime(2024, 3, 1, 9, 30, tzinfo=dt.UTC), "2024-03-01T04:30:00.0000000-05:00"),
        ("2024-03-01", "2024-03-01T00:00:00.0000000-05:00"),
        ("2024-03-01T12:00:00.0000000+01:00", "2024-03-01T06:00:00.0000000-05:00"),
    ],
)
def test_dates_take_dates_datetimes_and_text_in_the_portals_time_zone(value: Any, expected: str) -> None:
    record = InvoiceRecords(utc_offset_minutes=-300)(issueDate=value, dueDate=value, createOn=value)

    assert (record["issueDate"], record["dueDate"], record["createOn"]) == (expected, expected, expected)
    served([record], offset_minutes=-300)


def test_due_and_creation_dates_follow_the_issue_date() -> None:
    record = InvoiceRecords()(issueDate=dt.date(2024, 2, 20))

    assert (record["dueDate"], record["createOn"]) == (
        "2024-03-21T00:00:00.0000000+03:00",
        "2024-02-20T10:42:07.0000000+03:00",
    )


def test_contacts_take_none_an_id_or_a_name() -> None:
    records = InvoiceRecords()

    made = [records(contact=None), records(contact="Contoso"), records(contact=500), records(consignee="Contoso")]

    assert made[0]["contact"] is None
    assert (made[1]["contact"]["id"], made[1]["contact"]["displayName"]) == (102, "Contoso")
    assert (made[2]["contact"]["id"], made[2]["contact"]["displayName"]) == (500, "Contact 500")
    assert made[3]["consignee"] == made[1]["contact"]  # the same name is the same contact
    assert made[3]["contact"]["displayName"] == "Northwind Traders"
    served(made)


def test_amounts_entity_and_creator_take_plain_values() -> None:
    record = InvoiceRecords()(cost=Decimal("99.90"), exchangeRate="1.25", entity="CRM rollout", createBy="Jan Novák")

    assert (record["cost"], record["exchangeRate"]) == (99.9, 1.25)
    assert record["entity"] == {"entityType": "opportunity", "entityId": 1, "entityTitle": "CRM rollout"}
    assert record["createBy"]["displayName"] == "Jan Novák"
    served([record])


@pytest.mark.parametrize(
    ("fields", "error", "message"),
    [
        ({"stauts": "paid"}, TypeError, "unknown field 'stauts'"),
        ({"status": "closed"}, ValueError, "'closed' is not a status"),
        ({"status": 9}, ValueError, "status: 9 is not a status"),
        ({"issueDate": "yesterday"}, ValueError, "issueDate: 'yesterday' is not a date"),
        ({"dueDate": 20240301}, TypeError, "dueDate: expected a date"),
        ({"currency": "euro"}, ValueError, "currency: expected an abbreviation"),
        ({"contact": 1.5}, TypeError, "contact: expected None, a contact id, a name"),
        ({"cost": "a lot"}, ValueError, "cost: 'a lot' is not an amount"),
        ({"cost": float("inf")}, ValueError, "cost: inf is not an amount"),
    ],
)
def test_what_cannot_be_read_is_refused_at_once(fields: dict[str, Any], error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        InvoiceRecords()(**fields)
