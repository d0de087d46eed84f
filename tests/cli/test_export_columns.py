"""The export's columns come from the generated ``Invoice`` model: every field is a column or left out with a reason,
a plain field the model gains becomes a column of its own name, and a field that needs formatting (money, an
object) fails here, naming it, until a column says how to show it."""

from __future__ import annotations

from decimal import Decimal

import attrs
import pytest

from onlyoffice_crm import Invoice
from onlyoffice_crm_cli import _columns
from onlyoffice_crm_cli._columns import DECLARED, LEFT_OUT, all_columns, columns_help, field_types, money


def test_every_field_of_the_invoice_model_is_a_column_or_left_out() -> None:
    unhandled = _columns.unhandled_fields()

    assert not unhandled, (
        f"CLI export columns: the Invoice fields {unhandled} need a column in onlyoffice_crm_cli._columns.DECLARED "
        "(money: money(field)) or a reason in LEFT_OUT"
    )


def test_every_column_and_every_field_left_out_is_a_field_of_the_model() -> None:
    fields = {field.name for field in attrs.fields(Invoice)}

    assert [column.name for column in DECLARED if column.source not in fields] == []
    assert [name for name in LEFT_OUT if name not in fields] == []


def test_a_plain_field_the_model_gains_is_a_column_of_its_name(monkeypatch: pytest.MonkeyPatch) -> None:
    gained = {"gained_reference": "str", "gained_amount": "float"}
    assert not set(gained) & set(field_types())
    known = field_types()
    monkeypatch.setattr(_columns, "field_types", lambda: {**known, **gained})

    columns = all_columns.__wrapped__()

    assert list(columns)[: len(DECLARED)] == [column.name for column in DECLARED]
    assert "gained_reference" in columns
    assert "gained_amount" not in columns
    unhandled = _columns.unhandled_fields()
    assert unhandled["gained_amount"] == "float"
    assert "gained_reference" not in unhandled


def test_the_type_of_a_field_leaves_out_none_and_unset() -> None:
    assert field_types()["contact"] == "ContactBase"
    assert field_types()["cost"] == "float"


@pytest.mark.parametrize(("value", "cell"), [(1250.5, Decimal("1250.50")), (None, None), (0.0, Decimal("0.00"))])
def test_a_money_column_is_an_exact_decimal_or_nothing(value: float | None, cell: Decimal | None) -> None:
    @attrs.define
    class WithDiscount:
        discount: float | None

    assert money("discount")(WithDiscount(value)) == cell  # type: ignore[arg-type]


def test_the_columns_help_lists_every_column() -> None:
    shown = columns_help()

    assert all(name in shown for name in all_columns())
    assert shown.startswith("Comma-separated column names, or all. Default: number,status,issued,due,")
