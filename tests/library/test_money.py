"""amount(): exact to the cent, and sums without float drift."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from onlyoffice_crm import amount, exact_decimal, to_decimal
from onlyoffice_crm_client.models import Invoice

from .fake_portal import make_invoice

CENTS = st.integers(min_value=0, max_value=10**13 - 1)


def wire_invoice(cents: int) -> Invoice:
    """An invoice parsed from wire bytes where ``cost`` is written with two decimals, as the portal does."""
    text = json.dumps(make_invoice(1, issued=dt.datetime(2024, 1, 1, tzinfo=dt.UTC))).replace(
        '"cost": 100.0', f'"cost": {cents // 100}.{cents % 100:02d}'
    )
    return Invoice.from_dict(json.loads(text))


@settings(max_examples=200, deadline=None)
@given(st.lists(CENTS, min_size=1, max_size=30))
def test_amounts_are_exact_and_sum_without_drift(cents: list[int]) -> None:
    invoices = [wire_invoice(value) for value in cents]

    assert [amount(invoice) for invoice in invoices] == [Decimal(value).scaleb(-2) for value in cents]
    assert sum(amount(invoice) for invoice in invoices) == Decimal(sum(cents)).scaleb(-2)


def test_a_sum_that_drifts_in_float_is_exact() -> None:
    costs = [4826373.53, 5070694.65, 6996426.31, 4076087.42, 8468852.54]

    assert sum(costs) == 29438434.449999996  # not 29438434.45
    assert sum(exact_decimal(cost) for cost in costs) == Decimal("29438434.45")


def test_amount_keeps_two_decimals() -> None:
    assert str(amount(wire_invoice(150))) == "1.50"
    assert str(amount(wire_invoice(0))) == "0.00"


@pytest.mark.parametrize(("value", "error"), [("1.00", TypeError), (True, TypeError), (float("nan"), ValueError)])
def test_exact_decimal_refuses_what_is_not_an_amount(value: object, error: type[Exception]) -> None:
    with pytest.raises(error, match="value"):
        exact_decimal(value)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "exact"),
    [(1.0842, "1.0842"), (0.000123, "0.000123"), (1250.5, "1250.50"), (7, "7.00"), (1.005, "1.005")],
)
def test_exact_decimal_never_rounds(value: float, exact: str) -> None:
    """An exchange rate keeps every decimal the portal wrote; an amount gets its two decimals."""
    assert str(exact_decimal(value)) == exact


def test_to_decimal_is_the_deprecated_name_of_exact_decimal() -> None:
    with pytest.warns(DeprecationWarning, match="exact_decimal"):
        assert to_decimal(1.0842) == Decimal("1.0842")
