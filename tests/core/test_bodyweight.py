"""engine/bodyweight.py: the bodyweight at a moment, a bodyweight set's load, working volume."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from flux_tui.engine.bodyweight import BodyweightLog, Weighing, set_load, working_volume
from flux_tui.engine.history import LoggedSet

T0 = datetime(2026, 1, 1, 8, 0, tzinfo=timezone.utc)
LOG = BodyweightLog([Weighing("b", T0 + timedelta(days=7), 78.0), Weighing("a", T0, 80.0)])


def test_the_bodyweight_at_a_moment_is_the_latest_weighing_by_then():
    assert LOG.at(T0 + timedelta(days=3)) == 80.0
    assert LOG.at(T0 + timedelta(days=7)) == 78.0, "a weighing at that very moment counts"
    assert LOG.at(T0 + timedelta(days=30)) == 78.0
    assert LOG.at(T0 - timedelta(days=30)) == 80.0, "before the first weighing: the first"
    assert LOG.at(None) == 78.0
    assert BodyweightLog([]).at(T0) is None and not BodyweightLog([])


def test_a_bodyweight_exercise_moves_the_lifter_plus_the_added_weight():
    assert set_load("bodyweight", 20.0, 80.0) == 100.0
    assert set_load("bodyweight", None, 80.0) == 80.0
    assert set_load("bodyweight", 20.0, None) == 20.0, "no bodyweight known: the weight typed"
    assert set_load("barbell", 100.0, 80.0) == 100.0, "a barbell's load is the bar's"


def test_working_volume_counts_the_bodyweight_and_leaves_warm_ups_out():
    sets = [
        LoggedSet("1", "weighted_dip", 0, weight=10.0, reps=5, logged_at=T0 + timedelta(days=1)),
        LoggedSet("2", "dip", 1, reps=10, logged_at=T0 + timedelta(days=8)),
        LoggedSet("3", "back_squat", 2, weight=100.0, reps=5, logged_at=T0 + timedelta(days=8)),
        LoggedSet("4", "back_squat", 3, weight=60.0, reps=5, is_warmup=True, logged_at=T0 + timedelta(days=8)),
    ]
    types = {"weighted_dip": "bodyweight", "dip": "bodyweight", "back_squat": "barbell"}
    assert working_volume(sets, types, LOG) == 90.0 * 5 + 78.0 * 10 + 100.0 * 5
