"""Money and the engine's single rounding rule.

ROUNDING RULE (the only one in the engine):

* every intermediate value is computed at full ``Decimal`` precision (34 significant digits);
* each payout line is rounded **once**, at the end, to the currency's minor unit with
  ``ROUND_HALF_UP``;
* the payout total is the sum of the rounded lines (never rounded again);
* prorated caps are rounded *down* to the minor unit and prorated floors half-up, so a rounded
  line never exceeds its cap;
* a team pool is rounded once and then split into minor units by the largest-remainder method,
  so the members' shares add up exactly to the rounded pool.
"""

from __future__ import annotations

from decimal import ROUND_DOWN, ROUND_HALF_UP, Context, Decimal

#: ISO 4217 minor units of the currencies the product is sold in.
MINOR_UNITS: dict[str, int] = {
    "MXN": 2,
    "USD": 2,
    "COP": 2,
    "PEN": 2,
    "CLP": 0,
    "ARS": 2,
    "EUR": 2,
    "GTQ": 2,
    "DOP": 2,
    "CRC": 2,
}

ENGINE_CONTEXT = Context(prec=34, rounding=ROUND_HALF_UP)
ZERO = Decimal(0)
ONE = Decimal(1)


def quantum(currency: str) -> Decimal:
    q = _QUANTA.get(currency)
    if q is None:
        q = _QUANTA[currency] = Decimal(1).scaleb(-MINOR_UNITS[currency])
    return q


#: currency -> its minor unit as a Decimal (asked for every rounded line)
_QUANTA: dict[str, Decimal] = {}


def round_money(amount: Decimal, currency: str) -> Decimal:
    """Round one line to the currency's minor unit (ROUND_HALF_UP)."""
    return amount.quantize(quantum(currency), rounding=ROUND_HALF_UP)


def round_money_down(amount: Decimal, currency: str) -> Decimal:
    return amount.quantize(quantum(currency), rounding=ROUND_DOWN)


def fits_minor_unit(amount: Decimal, currency: str) -> bool:
    return amount == amount.quantize(quantum(currency), rounding=ROUND_DOWN)


def allocate(total: Decimal, weights: dict[int, Decimal], currency: str) -> dict[int, Decimal]:
    """Split a rounded ``total`` by ``weights`` so the shares sum exactly to ``total``.

    Largest-remainder method in minor units; ties go to the lower key (deterministic).
    """
    positive = {k: w for k, w in weights.items() if w > 0}
    weight_sum = sum(positive.values(), ZERO)
    if not positive or weight_sum <= 0 or total == 0:
        return {k: ZERO for k in weights}
    q = quantum(currency)
    units = int((total / q).to_integral_value(rounding=ROUND_DOWN))
    exact = {k: Decimal(units) * w / weight_sum for k, w in positive.items()}
    floors = {k: int(v.to_integral_value(rounding=ROUND_DOWN)) for k, v in exact.items()}
    left = units - sum(floors.values())
    order = sorted(positive, key=lambda k: (-(exact[k] - floors[k]), k))
    for k in order[:left]:
        floors[k] += 1
    result = {k: ZERO for k in weights}
    for k, n in floors.items():
        result[k] = (Decimal(n) * q).quantize(q)
    return result
