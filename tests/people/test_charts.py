import datetime

import pytest

from people import charts
from people.models import ReachFigure


def figure(value, year, metric=ReachFigure.Metric.FIRST_RESPONDERS, month=1):
    # Unsaved: the charts read figures, never the database.
    return ReachFigure(metric=metric, value=value, as_of=datetime.date(year, month, 12))


@pytest.mark.parametrize(
    ("value", "ceiling"),
    [(0, 1), (1, 1), (7, 10), (12, 20), (25, 25), (30, 50), (12000, 20000), (9200, 10000)],
)
def test_nice_ceiling_rounds_up_to_a_round_number(value, ceiling):
    assert charts.nice_ceiling(value) == ceiling


def test_one_chart_per_metric_in_the_declared_order():
    figures = [
        figure(12000, 2021),
        figure(30, 2021, metric=ReachFigure.Metric.MUNICIPALITIES),
        figure(25, 2021, metric=ReachFigure.Metric.STATES),
    ]
    assert [chart.metric for chart in charts.reach_charts(figures)] == [
        "states",
        "municipalities",
        "first_responders",
    ]


def test_no_figures_make_no_charts():
    assert charts.reach_charts([]) == []


def test_bars_run_oldest_to_newest_left_to_right():
    (chart,) = charts.reach_charts([figure(12000, 2021), figure(6500, 2019), figure(9200, 2020)])
    assert [bar.figure.value for bar in chart.bars] == [6500, 9200, 12000]
    assert [bar.x for bar in chart.bars] == sorted(bar.x for bar in chart.bars)
    assert chart.latest.value == 12000


def test_bar_heights_are_proportional_to_values_and_stand_on_the_baseline():
    (chart,) = charts.reach_charts([figure(5000, 2019), figure(10000, 2020)])
    short, tall = chart.bars
    assert tall.height == pytest.approx(2 * short.height, abs=0.2)
    for bar in chart.bars:
        assert bar.y + bar.height == pytest.approx(chart.baseline_y, abs=0.1)


def test_every_bar_and_label_fits_inside_the_drawing():
    (chart,) = charts.reach_charts([figure(value, 2000 + value) for value in range(1, 13)])
    for bar in chart.bars:
        assert chart.baseline_start <= bar.x
        assert bar.x + bar.width <= chart.baseline_end
        assert 0 < bar.value_label_y < bar.y
    assert chart.baseline_y < chart.date_label_y <= chart.height


def test_a_tiny_figure_beside_a_huge_one_still_shows_a_bar():
    (chart,) = charts.reach_charts([figure(1, 2019), figure(100000, 2020)])
    assert chart.bars[0].height >= charts.MIN_BAR_HEIGHT


def test_a_zero_figure_draws_no_bar():
    (chart,) = charts.reach_charts([figure(0, 2019), figure(10, 2020)])
    assert chart.bars[0].height == 0


def test_bars_are_dated_by_year_when_years_differ():
    (chart,) = charts.reach_charts([figure(1, 2019), figure(2, 2020)])
    assert chart.date_format == "Y"


def test_bars_are_dated_by_month_when_a_year_repeats():
    (chart,) = charts.reach_charts([figure(1, 2020, month=1), figure(2, 2020, month=7)])
    assert chart.date_format == "M Y"


def test_many_bars_date_only_the_first_and_last():
    (chart,) = charts.reach_charts([figure(value, 2000 + value) for value in range(1, 9)])
    assert [bar.dated for bar in chart.bars] == [True] + [False] * 6 + [True]
