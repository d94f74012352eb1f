"""core.charts: the geometry of the portal's charts (no database) and the include that draws them."""

from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from core.charts import CHAR, Series, bar_chart, line_chart, nice_ticks, sparkline
from core.numbers import format_number

MONTHS = ["jun", "jul", "ago", "sep", "oct", "nov"]


def fmt(value):
    return format_number(value, decimals=1)


@pytest.mark.parametrize(
    ("low", "high", "expected"),
    [
        (Decimal(0), Decimal(97), ["0", "20", "40", "60", "80", "100"]),
        (Decimal(81), Decimal(93), ["80", "85", "90", "95"]),
        (Decimal(0), Decimal("0.37"), ["0", "0.1", "0.2", "0.3", "0.4"]),
        (Decimal(-40), Decimal(120), ["-50", "0", "50", "100", "150"]),
        (Decimal(0), Decimal(123456), ["0", "50000", "100000", "150000"]),
    ],
)
def test_it_picks_round_ticks_covering_the_data(low, high, expected):
    ticks = nice_ticks(low, high)
    assert [str(t) for t in ticks] == expected
    assert ticks[0] <= low and ticks[-1] >= high


def test_it_places_a_line_inside_its_plot_and_breaks_it_at_a_missing_month():
    chart = line_chart(
        title="Contactabilidad",
        categories=MONTHS,
        series=[Series("Contactabilidad", [40, 42, None, 45, 47, 50])],
        fmt=fmt,
    )
    left, top, right, bottom = chart.plot
    (line,) = chart.lines
    assert len(line.points) == 5
    assert all(left <= p.x <= right and top <= p.y <= bottom for p in line.points)
    assert len(line.paths) == 2  # jun–jul, then sep–nov: the empty month is not drawn as zero
    # higher values sit higher on the page (smaller y)
    assert line.points[-1].y < line.points[0].y
    assert line.points[0].x == left and line.points[-1].x == right


def test_it_summarises_first_and_last_values_and_lists_every_month_in_its_table():
    chart = line_chart(
        title="Calidad",
        categories=MONTHS,
        series=[Series("Calidad", [80, 82, 83, 85, 86, 88]), Series("Meta", [85] * 6, target=True)],
        fmt=fmt,
    )
    first, target = chart.summary
    assert (first.first, first.first_category, first.last, first.last_category) == ("80.0", "jun", "88.0", "nov")
    assert target.target and target.last == "85.0"
    assert chart.table.columns == ("Calidad", "Meta")
    assert [row[0] for row in chart.table.rows] == MONTHS
    assert chart.table.rows[-1][1] == ("88.0", "85.0")
    # the target has no markers in the legend: a dashed line tells it apart, not a colour
    assert [item.marker for item in chart.legend] == ["circle", ""]


def test_an_empty_chart_says_so_and_still_has_its_table():
    chart = line_chart(title="T", categories=MONTHS, series=[Series("x", [None] * 6)], fmt=fmt)
    assert chart.is_empty
    assert len(chart.table.rows) == 6


def test_stacked_bars_add_up_to_the_row_total_and_a_negative_goes_left_of_zero():
    chart = bar_chart(
        title="Estado",
        categories=["Curso A", "Curso B"],
        series=[Series("Completado", [6, 2]), Series("Pendiente", [4, 8])],
        fmt=lambda v: format_number(v, decimals=0),
    )
    a_bars = [b for b in chart.bars if b.category == "Curso A"]
    b_bars = [b for b in chart.bars if b.category == "Curso B"]
    assert sum(b.width for b in a_bars) == pytest.approx(sum(b.width for b in b_bars), abs=0.2)
    assert a_bars[1].x == pytest.approx(a_bars[0].x + a_bars[0].width, abs=0.2)  # stacked, not overlapping
    assert chart.stacked and chart.table.has_total and chart.table.rows[0][1] == ("6", "4", "10")
    negative = bar_chart(title="Δ", categories=["a", "b"], series=[Series("Δ", [-20, 50])], fmt=fmt)
    below, above = negative.bars
    assert below.x + below.width == pytest.approx(negative.baseline, abs=0.2)
    assert above.x == pytest.approx(negative.baseline, abs=0.2)


def test_a_sparkline_needs_two_values():
    assert sparkline(title="x", categories=MONTHS[:1], values=[3], fmt=fmt).is_empty
    assert not sparkline(title="x", categories=MONTHS[:2], values=[3, 4], fmt=fmt).is_empty


def _render(chart, language):
    with translation.override(language):
        return render_to_string("includes/chart.html", {"chart": chart, "id": "c", "n": 1})


def test_the_include_draws_an_accessible_svg_with_dot_coordinates_and_the_readers_numbers():
    categories = ["oct 2026", "nov 2026"]
    series = [Series("Recaudo", [Decimal("1234.5"), Decimal("2345.25")])]
    with translation.override("es"):
        chart = line_chart(title="Recaudo", categories=categories, series=series, fmt=fmt)
    html = _render(chart, "es")
    assert '<svg class="chart__svg" viewBox="0 0 420 230" role="img"' in html
    assert 'aria-label="Recaudo. Recaudo: de 1,234.5 en oct 2026 a 2,345.2 en nov 2026.' in html
    assert '<th scope="row">nov 2026</th><td class="num">2,345.2</td>' in html
    # SVG numbers take a dot even when the page's language writes a comma
    point = chart.lines[0].points[0]
    assert f'cx="{point.x}"' in html and "," not in f"{point.x}"
    with translation.override("en"):
        english = _render(line_chart(title="Collected", categories=categories, series=series, fmt=fmt), "en")
    assert "Collected. Recaudo: from 1,234.5 in oct 2026 to 2,345.2 in nov 2026." in english
    assert "Data as a table" in english


def test_month_names_at_the_edges_stay_inside_the_drawing():
    months = ["jun 2026", "jul 2026", "ago 2026", "sep 2026", "oct 2026", "nov 2026"]
    chart = line_chart(title="T", categories=months, series=[Series("x", [1, 2, 3, 4, 5, 6])], fmt=fmt)
    for label in chart.category_labels:
        half = len(label.text) * CHAR / 2
        assert 0 <= label.x - half and label.x + half <= chart.width, label
