"""The engine rounds each line to the currency's minor unit: no cents for the Chilean peso."""

from decimal import Decimal as D

import pytest
from babel.numbers import get_currency_precision

from incentives.engine import MINOR_UNITS, agent_payout_calculate, allocate

from .builders import agent, bands, component, plan


@pytest.mark.parametrize(("currency", "expected"), [("MXN", D("84.98")), ("COP", D("84.98")), ("CLP", D("85"))])
def test_each_line_is_rounded_to_the_currencys_minor_unit(currency, expected):
    p = plan(component("rec", tiers=bands("retroactive", ("0", None, "0.01"))), currency=currency)
    payout = agent_payout_calculate(plan=p, inputs=agent({"monto_recuperado": "8497.98"}))
    assert payout.currency == currency
    assert payout.total == expected
    assert payout.lines[0].amount.as_tuple().exponent == -MINOR_UNITS[currency]


def test_clp_proration_and_caps_stay_in_whole_pesos():
    p = plan(component("rec", tiers=bands("retroactive", ("0", None, "0.01")), cap=D("7000")), currency="CLP")
    payout = agent_payout_calculate(plan=p, inputs=agent({"monto_recuperado": 1000000}, days=(1, 3)))
    # 10,000 x 1/3 = 3,333.33 -> cap 7,000 x 1/3 rounded DOWN to 2,333 pesos
    assert payout.total == D("2333")


def test_a_clp_pool_is_split_in_whole_pesos():
    shares = allocate(D("1000"), {1: D("1"), 2: D("1"), 3: D("1")}, "CLP")
    assert shares == {1: D("334"), 2: D("333"), 3: D("333")}


def test_the_engines_minor_unit_table_agrees_with_iso_4217():
    """The engine stays pure (its own small table); it must agree with Babel's ISO 4217 data."""
    for currency, digits in MINOR_UNITS.items():
        assert get_currency_precision(currency) == digits, currency
