"""Exact money: an invoice's amount as a ``Decimal`` to the cent.

The portal writes money as a JSON number with two decimals (``1250.50``); the generated model holds
it as the ``float`` ``json.loads`` made of it. The shortest ``repr`` of that float is the decimal text
the portal sent (up to 15 significant digits, i.e. below 10^13 with cents), so ``Decimal(repr(x))``
recovers it exactly; sums of ``Decimal`` values never drift.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from onlyoffice_crm_client.models import Invoice

__all__ = ["CENT", "amount", "to_decimal"]

CENT = Decimal("0.01")


def to_decimal(value: float) -> Decimal:
    """A money value of the wire (a float parsed from a two-decimal JSON number) as an exact ``Decimal``.

    Raises:
        TypeError: ``value`` is not a number.
        ValueError: ``value`` is not finite, or too large to be exact to the cent.
    """
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"value: expected a number, got {type(value).__name__}")
    exact = Decimal(repr(float(value)))
    if not exact.is_finite():  # NaN or an infinity: a portal never writes one (JSON has none)
        raise ValueError(f"value: {value!r} is not an amount")
    try:
        return exact.quantize(CENT)
    except InvalidOperation:  # beyond the 28 digits of the default context, e.g. 1e300
        raise ValueError(f"value: {value!r} is not an amount") from None


def amount(invoice: Invoice) -> Decimal:
    """The invoice's total (``cost``) as a ``Decimal`` exact to the cent, in ``invoice.currency``."""
    return to_decimal(invoice.cost)
