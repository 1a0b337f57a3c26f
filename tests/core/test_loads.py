"""Load arithmetic: the RPE table, e1RM estimates and loads for a number of reps, rounding."""

from __future__ import annotations

import pytest

from flux_tui.engine.loads import estimate_max, load_for, percent_of_max, round_to

# The RPE 10 column of the chart, 1-12 reps (docs/brain.md quotes the same figures).
AT_RPE_10 = [100, 95.5, 92.2, 89.2, 86.3, 83.7, 81.1, 78.6, 76.2, 73.9, 70.7, 68.0]


@pytest.mark.parametrize("reps, percent", list(enumerate(AT_RPE_10, start=1)))
def test_the_rpe_10_column(reps, percent):
    assert percent_of_max(reps, 10) == pytest.approx(percent / 100)


def test_each_rpe_step_is_one_rep_in_reserve():
    assert percent_of_max(5, 8) == pytest.approx(0.811)  # 5 reps at RPE 8 = the 7-rep column
    assert percent_of_max(1, 9) == pytest.approx(0.955)
    assert percent_of_max(4, 6) == pytest.approx(0.786)


def test_half_steps_interpolate():
    assert percent_of_max(5, 8.5) == pytest.approx((0.837 + 0.811) / 2)


def test_past_the_table_the_curve_keeps_falling_and_stays_positive():
    values = [percent_of_max(reps, 10) for reps in range(1, 101)]
    assert all(a > b for a, b in zip(values, values[1:]))
    assert values[12] == pytest.approx(0.680 * 1.4 / (1 + 13 / 30))  # continues from 12 reps along Epley
    assert values[-1] > 0.15


def test_estimate_and_load_are_inverse():
    assert estimate_max(100, 5, 8) == pytest.approx(100 / 0.811)
    assert load_for(estimate_max(100, 5, 8), 5, 8) == pytest.approx(100)
    assert load_for(150, 1, 10) == 150


@pytest.mark.parametrize("weight, step, expected", [
    (101.2, 2.5, 100.0), (101.25, 2.5, 102.5), (103.9, 2.5, 105.0), (25.4, 2.0, 26.0), (0.4, 2.5, 2.5),
    (0.0, 2.5, 0.0), (31.99999, 4, 32.0), (57.3, 5, 55.0),
])
def test_round_to_the_nearest_step(weight, step, expected):
    assert round_to(weight, step) == expected
