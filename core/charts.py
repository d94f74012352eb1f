"""Charts drawn on the server: the geometry of a line chart, a (stacked) bar chart and a sparkline.

Pure Python (no Django, no database): a page's selector gathers the numbers, the view calls one
builder here with a formatter from ``core.numbers`` (so every label is written in the reader's
language and the currency's conventions), and ``templates/includes/chart.html`` draws the result
as one ``<svg role="img">`` with a summary in its ``aria-label``, a legend that does not rely on
colour (each series has its own marker and dash), and the same numbers as a ``<table>`` one click
away. A chart costs no query of its own.

    line_chart(title=, categories=, series=[Series(...)], fmt=)   trend over months (a target is a dashed series)
    bar_chart(title=, categories=, series=[Series(...)], fmt=)    horizontal bars, stacked when several series
    sparkline(values=)                                             a small trend line inside a card
    histogram_bins(values)                                         round-edged bins for a distribution's bars

Coordinates are in the SVG's own units (``width`` x ``height``, the ``viewBox``); the SVG is
scaled to its box by CSS, so a chart reads the same at 390 px and at 1280 px wide.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

Number = Decimal | int | float
Formatter = Callable[[Decimal], str]

#: marker shapes, in the order series take them (the legend shows the same shape: no colour-only meaning)
MARKERS = ("circle", "square", "diamond", "triangle")
FONT = 12  # text size in SVG units
CHAR = FONT * 0.58  # the width of one character, roughly (system sans-serif)
EMPTY = "—"


@dataclass(frozen=True)
class Series:
    """One named row of values, one per category (None: no value there)."""

    name: str
    values: Sequence[Number | None]
    target: bool = False  # drawn dashed, without markers: the goal to compare against
    tone: str = ""  # ok | warn | bad | muted: a colour that means something (a status), else the series' own


@dataclass(frozen=True)
class Tick:
    position: float  # y (line chart) or x (bar chart) of the grid line
    label: str


@dataclass(frozen=True)
class Label:
    x: float
    y: float
    text: str


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    category: str
    value: str


@dataclass(frozen=True)
class Line:
    name: str
    index: int  # the series' colour slot (chart-series-N in CSS)
    marker: str  # circle | square | diamond | triangle, "" for a target
    target: bool
    paths: tuple[str, ...]  # one SVG path per unbroken run of values
    points: tuple[Point, ...]


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    index: int
    category: str
    series: str
    value: str
    tone: str = ""


@dataclass(frozen=True)
class LegendItem:
    name: str
    index: int
    marker: str
    target: bool
    tone: str = ""


@dataclass(frozen=True)
class SummaryItem:
    """What the ``aria-label`` says about one series: its first and last values (line), or its
    highest and lowest category (bars)."""

    name: str
    target: bool
    first: str = ""
    first_category: str = ""
    last: str = ""
    last_category: str = ""
    high: str = ""
    high_category: str = ""
    low: str = ""
    low_category: str = ""


@dataclass(frozen=True)
class Table:
    columns: tuple[str, ...]  # the series' names
    rows: tuple[tuple[str, tuple[str, ...]], ...]  # (category, one formatted value per series [, total])
    has_total: bool = False  # a stacked chart's rows end with their total


@dataclass(frozen=True)
class Chart:
    kind: str  # line | bar | sparkline
    title: str
    width: int
    height: int
    plot: tuple[float, float, float, float]  # left, top, right, bottom of the plotting area
    ticks: tuple[Tick, ...] = ()
    category_labels: tuple[Label, ...] = ()
    value_labels: tuple[Label, ...] = ()
    lines: tuple[Line, ...] = ()
    bars: tuple[Bar, ...] = ()
    legend: tuple[LegendItem, ...] = ()
    summary: tuple[SummaryItem, ...] = ()
    table: Table = field(default_factory=lambda: Table((), ()))
    stacked: bool = False
    baseline: float | None = None  # the zero line, when it is inside the plot

    @property
    def is_empty(self) -> bool:
        return not (self.lines or self.bars)

    @property
    def axis_label_x(self) -> float:
        """Where a line chart's tick labels end (right-aligned, left of the plot)."""
        return round(self.plot[0] - 6, 1)

    @property
    def legend_point(self) -> Point:
        """The marker's place in a legend swatch (24 x 12)."""
        return Point(12, 6, "", "")

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width} {self.height}"


# --------------------------------------------------------------------------- scales


def _dec(value: Number | None) -> Decimal | None:
    if value is None:
        return None
    d = value if isinstance(value, Decimal) else Decimal(str(value))
    return d if d.is_finite() else None


def nice_ticks(low: Decimal, high: Decimal, *, count: int = 5) -> list[Decimal]:
    """Round tick values (steps of 1, 2 or 5 x 10^n) covering [low, high], about ``count`` of them."""
    if high < low:
        low, high = high, low
    if high == low:
        if high == 0:
            return [Decimal(0), Decimal(1)]
        pad = abs(high) / 10
        low, high = low - pad, high + pad
    raw = (high - low) / count
    magnitude = Decimal(10) ** math.floor(math.log10(float(raw)))
    best: list[Decimal] = []
    for m in (Decimal(1), Decimal(2), Decimal(5), Decimal(10)):
        step = m * magnitude
        first = (low / step).to_integral_value(rounding="ROUND_FLOOR") * step
        last = (high / step).to_integral_value(rounding="ROUND_CEILING") * step
        ticks = [_plain(first + step * i) for i in range(int((last - first) / step) + 1)]
        if not best or abs(len(ticks) - count) < abs(len(best) - count):
            best = ticks
    return best


def _plain(value: Decimal) -> Decimal:
    """0.30 -> 0.3, 5E+1 -> 50 (a tick label never shows an exponent)."""
    return Decimal(format(value.normalize(), "f")) if value else Decimal(0)


def _text_width(text: str) -> float:
    return len(text) * CHAR


def _scale(value: Decimal, low: Decimal, high: Decimal, start: float, end: float) -> float:
    if high == low:
        return start
    return round(start + float((value - low) / (high - low)) * (end - start), 1)


# --------------------------------------------------------------------------- builders


def line_chart(
    *,
    title: str,
    categories: Sequence[str],
    series: Sequence[Series],
    fmt: Formatter,
    tick_fmt: Formatter | None = None,
    width: int = 420,
    height: int = 230,
    zero_based: bool = False,
) -> Chart:
    """A trend: one line per series over the categories (months), y axis with round ticks.

    A value None breaks the line there (a month without data is not drawn as zero).
    """
    tick_fmt = tick_fmt or fmt
    values = [_dec(v) for s in series for v in s.values]
    present = [v for v in values if v is not None]
    table = _table(categories, series, fmt)
    if not present or not categories:
        return Chart("line", title, width, height, (0, 0, width, height), table=table)
    low, high = min(present), max(present)
    if zero_based or low >= 0 and low <= (high - low):  # near zero: show the zero
        low = min(low, Decimal(0))
    ticks = nice_ticks(low, high)
    low, high = ticks[0], ticks[-1]
    tick_labels = [tick_fmt(t) for t in ticks]
    left = round(6 + max(_text_width(t) for t in tick_labels) + 6, 1)
    n = len(categories)
    # the first and last month's names are centred on the plot's edges: leave them room
    left = max(left, round(_text_width(categories[0]) / 2 + 2, 1))
    top, right, bottom = 10.0, round(width - max(14.0, _text_width(categories[-1]) / 2 + 2), 1), height - 26.0
    step = (right - left) / max(n - 1, 1)

    def x_at(i: int) -> float:
        return round(left + step * i if n > 1 else (left + right) / 2, 1)

    tick_rows = tuple(
        Tick(_scale(t, low, high, bottom, top), label) for t, label in zip(ticks, tick_labels, strict=True)
    )
    # category labels: every one when they fit, else every k-th (always the last)
    widest = max(_text_width(c) for c in categories) + 8
    every = max(1, math.ceil(widest / step)) if n > 1 else 1
    shown = [i for i in range(n) if (n - 1 - i) % every == 0]
    cat_labels = tuple(Label(x_at(i), height - 8, categories[i]) for i in shown)
    lines, legend, summary = [], [], []
    marker_slot = 0
    for index, s in enumerate(series):
        marker = "" if s.target else MARKERS[marker_slot % len(MARKERS)]
        if not s.target:
            marker_slot += 1
        points, paths, run = [], [], []
        for i, raw in enumerate(s.values[:n]):
            v = _dec(raw)
            if v is None:
                if run:
                    paths.append(run)
                run = []
                continue
            point = Point(x_at(i), _scale(v, low, high, bottom, top), categories[i], fmt(v))
            points.append(point)
            run.append(point)
        if run:
            paths.append(run)
        path_texts = tuple(
            "M" + " L".join(f"{p.x},{p.y}" for p in part) if len(part) > 1 else f"M{part[0].x - 3},{part[0].y} h6"
            for part in paths
        )
        lines.append(Line(s.name, index, marker, s.target, path_texts, tuple(points)))
        legend.append(LegendItem(s.name, index, marker, s.target))
        summary.append(_trend_summary(s, categories, fmt))
    baseline = _scale(Decimal(0), low, high, bottom, top) if low < 0 < high else None
    return Chart(
        "line",
        title,
        width,
        height,
        (left, top, right, bottom),
        ticks=tick_rows,
        category_labels=cat_labels,
        lines=tuple(lines),
        legend=tuple(legend) if len(series) > 1 else (),
        summary=tuple(summary),
        table=table,
        baseline=baseline,
    )


def bar_chart(
    *,
    title: str,
    categories: Sequence[str],
    series: Sequence[Series],
    fmt: Formatter,
    tick_fmt: Formatter | None = None,
    width: int = 420,
    row: int = 36,
    total_fmt: Formatter | None = None,
) -> Chart:
    """Horizontal bars, one row per category, its name written above its bar (whole, readable on a
    phone); several series are stacked, each row then ends with its total. Bars start at zero; a
    negative value goes left of the zero line."""
    tick_fmt = tick_fmt or fmt
    total_fmt = total_fmt or fmt
    stacked = len(series) > 1
    n = len(categories)
    table = _table(categories, series, fmt, with_total=total_fmt if stacked else None)
    height = 8 + n * row + 22
    totals: list[Decimal] = []
    negatives: list[Decimal] = []
    for i in range(n):
        vals = [_dec(s.values[i]) if i < len(s.values) else None for s in series]
        totals.append(sum((v for v in vals if v is not None and v > 0), Decimal(0)))
        negatives.append(sum((v for v in vals if v is not None and v < 0), Decimal(0)))
    if not n or not any(totals) and not any(negatives):
        return Chart("bar", title, width, height, (0, 0, width, height), table=table, stacked=stacked)
    ticks = nice_ticks(min(negatives + [Decimal(0)]), max(totals + [Decimal(0)]), count=4)
    low, high = ticks[0], ticks[-1]
    tick_labels = [tick_fmt(t) for t in ticks]
    # the end labels (value or total) need room on the right
    end_texts = [total_fmt(t + neg) if stacked else fmt(t + neg) for t, neg in zip(totals, negatives, strict=True)]
    # each row: the category's name on its own line, the bar under it (a long name stays whole on a phone)
    left = round(max(4.0, _text_width(tick_labels[0]) / 2 + 2), 1)
    right = round(width - max(max(_text_width(t) for t in end_texts) + 10, _text_width(tick_labels[-1]) / 2 + 4), 1)
    top, bottom = 8.0, 8.0 + n * row
    tick_rows = tuple(Tick(_scale(t, low, high, left, right), lab) for t, lab in zip(ticks, tick_labels, strict=True))
    zero = _scale(Decimal(0), low, high, left, right)
    bars, cat_labels, value_labels = [], [], []
    max_chars = int((width - left) / CHAR)
    for i, category in enumerate(categories):
        y = top + i * row + FONT + 4
        h = row - FONT - 10
        pos, neg = zero, zero
        for index, s in enumerate(series):
            v = _dec(s.values[i]) if i < len(s.values) else None
            if v is None or v == 0:
                continue
            size = _scale(abs(v), Decimal(0), high - low, 0, right - left)
            if v > 0:
                bars.append(Bar(round(pos, 1), round(y, 1), size, round(h, 1), index, category, s.name, fmt(v), s.tone))
                pos += size
            else:
                neg -= size
                bars.append(Bar(round(neg, 1), round(y, 1), size, round(h, 1), index, category, s.name, fmt(v), s.tone))
        text = category if len(category) <= max_chars else category[: max(max_chars - 1, 1)] + "…"
        cat_labels.append(Label(left, round(y - 4, 1), text))
        value_labels.append(Label(round(pos + 4, 1), round(y + h / 2 + FONT * 0.35, 1), end_texts[i]))
    summary = tuple(_bar_summary(s, categories, fmt) for s in series)
    return Chart(
        "bar",
        title,
        width,
        height,
        (left, top, right, bottom),
        ticks=tick_rows,
        category_labels=tuple(cat_labels),
        value_labels=tuple(value_labels),
        bars=tuple(bars),
        legend=tuple(LegendItem(s.name, i, "", False, s.tone) for i, s in enumerate(series)) if stacked else (),
        summary=summary,
        table=table,
        stacked=stacked,
        baseline=zero if low < 0 else None,
    )


def sparkline(*, title: str, categories: Sequence[str], values: Sequence[Number | None], fmt: Formatter) -> Chart:
    """A small line without axes (a card's trend); its table and summary are the full chart's."""
    width, height = 120, 32
    series = Series(title, values)
    present = [v for v in (_dec(x) for x in values) if v is not None]
    table = _table(categories, [series], fmt)
    if len(present) < 2:
        return Chart("sparkline", title, width, height, (0, 0, width, height), table=table)
    low, high = min(present), max(present)
    if low == high:
        low, high = low - 1, high + 1
    n = len(values)
    step = (width - 8) / max(n - 1, 1)
    points, paths, run = [], [], []
    for i, raw in enumerate(values):
        v = _dec(raw)
        if v is None:
            if run:
                paths.append(run)
            run = []
            continue
        p = Point(round(4 + step * i, 1), _scale(v, low, high, height - 4, 4), categories[i], fmt(v))
        points.append(p)
        run.append(p)
    if run:
        paths.append(run)
    path_texts = tuple("M" + " L".join(f"{p.x},{p.y}" for p in part) for part in paths if len(part) > 1)
    last = points[-1]
    return Chart(
        "sparkline",
        title,
        width,
        height,
        (0, 0, width, height),
        lines=(Line(title, 0, "circle", False, path_texts, (last,)),),
        summary=(_trend_summary(series, categories, fmt),),
        table=table,
    )


def histogram_bins(values: Sequence[Number], *, bins: int = 8) -> list[tuple[Decimal, Decimal, int]]:
    """Equal-width, round-edged bins covering the values: ``[(low, high, count), ...]``; a value on an
    edge belongs to the upper bin, the maximum to the last one. Empty for no values."""
    data = [d for d in (_dec(v) for v in values) if d is not None]
    if not data:
        return []
    edges = nice_ticks(min(data), max(data), count=bins)
    if len(edges) < 2:
        edges = [edges[0], edges[0] + 1]
    counts = [0] * (len(edges) - 1)
    for d in data:
        index = next((i for i in range(len(edges) - 1) if d < edges[i + 1]), len(edges) - 2)
        counts[index] += 1
    return [(edges[i], edges[i + 1], counts[i]) for i in range(len(counts))]


# --------------------------------------------------------------------------- text


def _table(categories: Sequence[str], series: Sequence[Series], fmt: Formatter, with_total=None) -> Table:
    columns = tuple(s.name for s in series)
    rows = []
    for i, category in enumerate(categories):
        cells = []
        total = Decimal(0)
        for s in series:
            v = _dec(s.values[i]) if i < len(s.values) else None
            cells.append(EMPTY if v is None else fmt(v))
            total += v or 0
        if with_total:
            cells.append(with_total(total))
        rows.append((category, tuple(cells)))
    return Table(columns, tuple(rows), has_total=bool(with_total))


def _trend_summary(s: Series, categories: Sequence[str], fmt: Formatter) -> SummaryItem:
    known = [(categories[i], _dec(v)) for i, v in enumerate(s.values[: len(categories)]) if _dec(v) is not None]
    if not known:
        return SummaryItem(s.name, s.target)
    (first_cat, first), (last_cat, last) = known[0], known[-1]
    return SummaryItem(s.name, s.target, fmt(first), first_cat, fmt(last), last_cat)


def _bar_summary(s: Series, categories: Sequence[str], fmt: Formatter) -> SummaryItem:
    known = [(categories[i], _dec(v)) for i, v in enumerate(s.values[: len(categories)]) if _dec(v) is not None]
    if not known:
        return SummaryItem(s.name, s.target)
    high = max(known, key=lambda kv: kv[1])
    low = min(known, key=lambda kv: kv[1])
    return SummaryItem(s.name, s.target, high=fmt(high[1]), high_category=high[0], low=fmt(low[1]), low_category=low[0])
