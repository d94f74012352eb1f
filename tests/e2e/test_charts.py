"""The charts in the browser: each role's chart pages draw an <svg role="img"> whose marks match the
table under it, the table opens with one click, and the page passes axe-core."""

import pytest

PAGES = [
    ("agente", "/kpis/"),
    ("supervisor", "/kpis/equipo/"),
    ("rrhh", "/aprendizaje/estado/"),
    ("rrhh", "/certificacion/rrhh/matriz/"),
    ("analista", "/incentivos/clasificacion/"),
    # the home dashboards of HR, the compliance officer and the analyst
    ("rrhh", "/"),
    ("cumplimiento", "/"),
    ("analista", "/"),
]

#: per chart: how many values its table lists (cells drawn, totals left out) and how many marks it draws
COUNT_MARKS = """() => [...document.querySelectorAll('figure.chart')].map(fig => {
  const stacked = fig.querySelector('thead th:last-child').textContent.trim() === 'Total'
    && fig.querySelectorAll('thead th').length > 2;
  const kind = fig.dataset.chart;
  // a bar of zero is not drawn; a line's point at zero is (a band of payouts nobody fell in)
  const drawn = c => c !== '—' && (kind !== 'bar' || (c !== '0' && c !== '0.0'));
  const values = [...fig.querySelectorAll('tbody tr')].map(tr => {
    const cells = [...tr.querySelectorAll('td')].map(td => td.textContent.trim());
    return (stacked ? cells.slice(0, -1) : cells).filter(drawn).length;
  }).reduce((a, b) => a + b, 0);
  const marks = kind === 'bar'
    ? fig.querySelectorAll('svg.chart__svg rect.chart__bar').length
    : fig.querySelectorAll('svg.chart__svg .chart__series:not(.chart__series--target) .chart__marker').length;
  return {kind, values, marks, label: fig.querySelector('svg.chart__svg')?.getAttribute('aria-label') || ''};
})"""


@pytest.mark.parametrize(("username", "url"), PAGES)
def test_each_chart_page_draws_what_its_table_says(page, login, axe, username, url):
    login(page, username)
    page.goto(url)
    charts = page.evaluate(COUNT_MARKS)
    assert charts, f"no chart on {url}"
    for chart in charts:
        assert chart["label"], chart
        if chart["kind"] == "bar":
            assert chart["marks"] == chart["values"], chart
        else:  # a line chart's table lists its target too (a dashed line, no markers)
            assert chart["marks"] <= chart["values"] and chart["marks"] > 0, chart
    table = page.locator("figure.chart details").first
    assert not table.locator("table").is_visible()
    table.locator("summary").click()
    assert table.locator("table").is_visible()
    violations = axe(page)
    assert violations == [], violations


def test_the_agents_kpi_page_draws_its_trend_in_spanish(page, login):
    login(page, "agente")
    page.goto("/kpis/")
    label = page.locator("figure.chart svg.chart__svg").first.get_attribute("aria-label")
    assert label.startswith("Monto recuperado. Monto recuperado: de ")
    assert label.endswith("Los datos están en la tabla bajo el gráfico.")
    assert page.locator("figure.chart .chart__series--target").count() >= 1  # the plan's goal, dashed
