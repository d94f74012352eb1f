from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from incentives.templatetags.incentives_tags import money, money_totals, percent, points


@pytest.mark.parametrize(
    ("language", "value", "currency", "expected"),
    [
        ("es", Decimal("1657632.3"), "MXN", "$1,657,632.30"),
        ("es", Decimal("1657632.3"), "COP", "$1.657.632,30"),
        ("es", Decimal("1657632.3"), "CLP", "$1.657.632"),
        ("en", Decimal("1657632.3"), "MXN", "MX$1,657,632.30"),
        ("es", Decimal("-12.5"), "MXN", "-$12.50"),
        ("es", None, "MXN", "—"),
    ],
)
def test_amounts_are_formatted_by_babel_in_the_currencys_country(language, value, currency, expected):
    with translation.override(language):
        assert money(value, currency) == expected


def test_totals_are_shown_one_per_currency_never_summed():
    with translation.override("es"):
        text = money_totals({"MXN": "100.50", "COP": "2000.00", "CLP": "3000"})
    assert text == "$3.000 CLP · $2.000,00 COP · $100.50 MXN"


def test_percentages_in_templates():
    with translation.override("es"):
        assert percent(Decimal("0.972")) == "97.2\xa0%"
        assert points(Decimal("97.24")) == "97.2\xa0%"
        out = Template("{% load incentives_tags %}{{ v|money:'PEN' }}").render(Context({"v": Decimal("8497.98")}))
    assert out == "S/\xa08,497.98"
