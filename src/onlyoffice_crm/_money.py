"""Exact money: a wire number back as the ``Decimal`` the portal wrote.

The portal writes money as a JSON number (amounts with two decimals, ``1250.50``; exchange rates with
more); the generated model holds it as the ``float`` ``json.loads`` made of it. The shortest ``repr`` of
that float is the decimal text the portal sent (up to 15 significant digits), so ``Decimal(repr(x))``
recovers it exactly, without rounding; sums of ``Decimal`` values never drift.
"""

from __future__ import annotations

import warnings
from decimal import Decimal

from onlyoffice_crm_client.models import Invoice

__all__ = ["CENT", "amount", "currency_code", "exact_decimal", "to_decimal"]

CENT = Decimal("0.01")
# Beyond 15 significant digits a float no longer keeps every cent; a portal's amounts stay far below.
_LARGEST = Decimal(10) ** 13


def exact_decimal(value: float) -> Decimal:
    """A money number of the wire (a float parsed from the portal's JSON) as the exact ``Decimal`` it wrote,
    never rounded: ``1250.5`` -> ``1250.50`` (at least two decimals), an exchange rate ``1.0842`` -> ``1.0842``.

    Raises:
        TypeError: ``value`` is not a number.
        ValueError: ``value`` is not finite, or too large (10^13 or more) to be exact to the cent.
    """
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"value: expected a number, got {type(value).__name__}")
    exact = Decimal(repr(float(value)))
    if not exact.is_finite() or abs(exact) >= _LARGEST:  # JSON has no NaN; a portal writes no 10^13
        raise ValueError(f"value: {value!r} is not an amount")
    exponent = exact.as_tuple().exponent
    return exact.quantize(CENT) if isinstance(exponent, int) and exponent > -2 else exact


def to_decimal(value: float) -> Decimal:
    """Deprecated: the same as :func:`exact_decimal` (the name did not say that it is exact)."""
    warnings.warn("to_decimal() is exact_decimal(); use that name", DeprecationWarning, stacklevel=2)
    return exact_decimal(value)


def amount(invoice: Invoice) -> Decimal:
    """The invoice's total (``cost``) as a ``Decimal`` exact to the cent, in :func:`currency_code` ``(invoice)``."""
    return exact_decimal(invoice.cost)


def currency_code(invoice: Invoice) -> str:
    """The ISO 4217 code of the invoice's currency (``"EUR"``): ``invoice.currency.abbreviation``, what the
    ``currency=`` filter takes. (``invoice.currency.symbol`` is a sign such as ``€``, not a code.)"""
    return invoice.currency.abbreviation
