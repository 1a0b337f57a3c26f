"""engine/stats.py on its own: the axes of a trend, the calendar's window and shades, compare's pairs."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from flux_tui.engine.bodyweight import PLAIN
from flux_tui.engine.history import LoggedSet
from flux_tui.engine.stats import (SessionSets, calendar, compare, date_range, exercise_trend, first_day,
                                   session_side, shade, value_range)


def test_a_single_point_gets_a_fortnight_not_decades():
    day = date(2026, 3, 1)
    assert date_range([day]) == (date(2026, 2, 22), date(2026, 3, 8))
    assert date_range([day, day + timedelta(days=3)]) == (date(2026, 2, 24), date(2026, 3, 10))
    long = [date(2020, 1, 1), date(2026, 3, 1)]
    assert date_range(long) == (date(2020, 1, 1), date(2026, 3, 1))  # a long span is its own range


def test_value_axis_has_a_margin_and_never_goes_below_zero():
    assert value_range([100.0, 120.0]) == (99.0, 121.0)
    assert value_range([100.0]) == (95.0, 105.0)
    assert value_range([0.5]) == (0.0, 1.5)


def test_shades_follow_the_hard_set_steps():
    assert [shade(n) for n in (0, 1, 9, 10, 19, 20, 29, 30, 99)] == [0, 1, 1, 2, 2, 3, 3, 4, 4]


def test_calendar_window_is_52_weeks_ending_today_by_local_date(catalog):
    today = date(2026, 3, 4)
    assert first_day(today, 52) == date(2025, 3, 10) and first_day(today, 52).weekday() == 0
    east = timezone(timedelta(hours=14))
    sessions = [
        SessionSets("a", datetime(2025, 3, 9, 23, 0, tzinfo=east), "performance", None, {"back_squat": 5}),  # before
        SessionSets("b", datetime(2025, 3, 10, 6, 0, tzinfo=east), "recovery", None, {"back_squat": 2, "assault_bike": 8}),
        SessionSets("c", datetime(2025, 3, 10, 18, 0, tzinfo=east), "performance", None, {"bench_press": 3}),
        SessionSets("d", datetime(2026, 3, 5, 1, 0, tzinfo=east), "performance", None, {"bench_press": 3}),  # after
    ]
    cal = calendar(sessions, catalog, today)
    assert list(cal.days) == [date(2025, 3, 10)] and cal.weeks == 52
    day = cal.day(date(2025, 3, 10))
    assert (day.hard_sets, day.session_ids, day.archetypes) == (5, ("b", "c"), ("recovery", "performance"))


def _s(index: int, weight: float, reps: int, warmup: bool = False) -> LoggedSet:
    return LoggedSet(id=f"s{index}", exercise_id="back_squat", set_index=index, weight=weight, reps=reps,
                     is_warmup=warmup)


def test_compare_pairs_working_sets_then_warmups_and_totals_leave_warmups_out():
    at = datetime(2026, 3, 1, tzinfo=timezone.utc)
    this = session_side("x", at, [_s(0, 60, 5, True), _s(1, 100, 5), _s(2, 100, 5), _s(3, 100, 4)], PLAIN)
    before = session_side("y", at - timedelta(days=7), [_s(0, 97.5, 5), _s(1, 97.5, 5)], PLAIN)
    assert (this.working_sets, this.volume_kg, this.top_weight) == (3, 1400.0, 100.0)
    assert round(this.best_e1rm, 3) == round(100 * (1 + 5 / 30), 3)
    c = compare("back_squat", this, before)
    assert [(a and a.id, b and b.id) for a, b in c.rows] == [("s1", "s0"), ("s2", "s1"), ("s3", None), ("s0", None)]


def test_trend_per_session_keeps_the_best_estimate_and_the_heaviest_top_set():
    at = datetime(2026, 3, 1, tzinfo=timezone.utc)
    points = exercise_trend([("a", at, 100.0, 5), ("a", at, 110.0, 1), ("b", at + timedelta(days=2), 90.0, 10)])
    assert [(p.session_id, round(p.e1rm, 2), p.top_weight, p.top_reps) for p in points] == [
        ("a", 116.67, 110.0, 1), ("b", 120.0, 90.0, 10)]
