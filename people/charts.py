"""Small bar charts of a programme's reach over time, drawn as inline SVG by a template.

All geometry is computed here, in the SVG's own units, so the template only places shapes and
the page needs neither JavaScript nor inline styles. One chart per metric: states, municipalities
and first responders differ by orders of magnitude and would flatten each other on one axis.
The chart never carries a number alone: the template also lists every figure as text.
"""

import math
from dataclasses import dataclass

from .models import ReachMetric

# A small viewBox: the chart is drawn about 240 pixels wide, so its text stays legible.
WIDTH = 240
HEIGHT = 170
# Room above the tallest bar for its value, and below the baseline for the dates.
MARGIN_TOP = 26
MARGIN_BOTTOM = 28
MARGIN_SIDE = 6
MAX_BAR_WIDTH = 48
# The share of each bar's slot left empty, so neighbouring bars do not touch.
GAP_RATIO = 0.35
# A figure above zero stays visible even beside one a thousand times larger.
MIN_BAR_HEIGHT = 2
VALUE_LABEL_OFFSET = 7
DATE_LABEL_OFFSET = 19
# Beyond this many bars only the first and last are dated, or the dates would overlap.
MAX_DATED_BARS = 5


@dataclass(frozen=True)
class Bar:
    figure: object
    x: float
    y: float
    width: float
    height: float
    dated: bool = True

    @property
    def center_x(self):
        return round(self.x + self.width / 2, 1)

    @property
    def value_label_y(self):
        return round(self.y - VALUE_LABEL_OFFSET, 1)


@dataclass(frozen=True)
class ReachChart:
    metric: str
    label: str
    bars: tuple
    width: int = WIDTH
    height: int = HEIGHT

    @property
    def baseline_y(self):
        return HEIGHT - MARGIN_BOTTOM

    @property
    def date_label_y(self):
        return self.baseline_y + DATE_LABEL_OFFSET

    @property
    def baseline_start(self):
        return MARGIN_SIDE

    @property
    def baseline_end(self):
        return WIDTH - MARGIN_SIDE

    @property
    def date_format(self):
        """Years alone when they tell the bars apart, else month and year."""
        years = [bar.figure.as_of.year for bar in self.bars]
        return "Y" if len(set(years)) == len(years) else "M Y"

    @property
    def figures(self):
        return [bar.figure for bar in self.bars]

    @property
    def first(self):
        return self.bars[0].figure

    @property
    def latest(self):
        return self.bars[-1].figure


def nice_ceiling(value):
    """The smallest round number (1, 2, 2.5 or 5 times a power of ten) at or above ``value``."""
    if value <= 0:
        return 1
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def bars_for(figures):
    """Bars for figures of one metric, oldest on the left, scaled to a round maximum."""
    scale_max = nice_ceiling(max(figure.value for figure in figures))
    plot_width = WIDTH - 2 * MARGIN_SIDE
    plot_height = HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
    slot = plot_width / len(figures)
    bar_width = min(MAX_BAR_WIDTH, slot * (1 - GAP_RATIO))
    bars = []
    last = len(figures) - 1
    for index, figure in enumerate(figures):
        height = plot_height * figure.value / scale_max
        if figure.value > 0:
            height = max(height, MIN_BAR_HEIGHT)
        x = MARGIN_SIDE + slot * index + (slot - bar_width) / 2
        bars.append(
            Bar(
                figure=figure,
                x=round(x, 1),
                y=round(HEIGHT - MARGIN_BOTTOM - height, 1),
                width=round(bar_width, 1),
                height=round(height, 1),
                dated=len(figures) <= MAX_DATED_BARS or index in (0, last),
            )
        )
    return tuple(bars)


def reach_charts(figures):
    """One chart per metric, in the metrics' declared order, from ``figures`` in any order."""
    by_metric = {}
    for figure in figures:
        by_metric.setdefault(figure.metric, []).append(figure)
    return [
        ReachChart(
            metric=metric,
            label=label,
            bars=bars_for(sorted(by_metric[metric], key=lambda figure: figure.as_of)),
        )
        for metric, label in ReachMetric.choices
        if metric in by_metric
    ]
