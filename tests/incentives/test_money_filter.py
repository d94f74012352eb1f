from decimal import Decimal

import pytest
from django.utils import translation

from incentives.templatetags.incentives_tags import money


@pytest.mark.parametrize(
    ("language", "value", "expected"),
    [
        ("es", Decimal("1657632.3"), "1\xa0657\xa0632,30"),
        ("en", Decimal("1657632.3"), "1,657,632.30"),
        ("es", Decimal("-12.5"), "-12,50"),
        ("es", None, "—"),
    ],
)
def test_amounts_are_grouped_with_two_decimals(language, value, expected):
    with translation.override(language):
        assert money(value) == expected
