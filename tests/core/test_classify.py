"""Imported sessions get an archetype (and an anchor) from their own sets, by the Brain's rule."""

from __future__ import annotations

import dataclasses

from flux_tui.engine import Classified, classify_session
from tests.core.brains import with_logic
from tests.core.core_helpers import lset


def sets(exercise, weight, reps, n):
    return [lset(exercise, weight, reps) for _ in range(n)]


def test_heavy_low_rep_compound_work_is_performance(brain, catalog):
    day = [*sets("back_squat", 140, 5, 3), *sets("bench_press", 100, 5, 4), *sets("barbell_row", 80, 8, 3)]
    # bench has the most heavy sets; rows are neither heavy (8 reps) nor a Performance anchor.
    assert classify_session(brain, catalog, day) == Classified("performance", "horizontal_push")


def test_light_high_rep_work_is_recovery(brain, catalog):
    day = [*sets("lat_pulldown", 50, 12, 3), *sets("seated_cable_row", 50, 12, 4), *sets("back_squat", 60, 12, 3)]
    assert classify_session(brain, catalog, day) == Classified("recovery", "horizontal_pull")


def test_the_threshold_counts_heavy_sets(brain, catalog):
    two = sets("deadlift", 180, 3, 2)
    assert classify_session(brain, catalog, two).archetype == "recovery"
    assert classify_session(brain, catalog, two + sets("deadlift", 180, 3, 1)) == Classified("performance", "hinge")


def test_warmups_bodyweight_and_unknown_exercises_are_not_heavy(brain, catalog):
    day = [lset("back_squat", 140, 3, warmup=True) for _ in range(5)]
    day += sets("chin_up", None, 5, 5) + sets("deleted_custom_lift", 200, 1, 5)
    # Chin-ups are working sets of a Recovery anchor pattern: the Recovery day anchors on them.
    assert classify_session(brain, catalog, day) == Classified("recovery", "vertical_pull")
    assert classify_session(brain, catalog, []) == Classified("recovery", None)


def test_the_rule_is_the_brains(brain, catalog):
    day = sets("back_squat", 100, 8, 4)
    assert classify_session(brain, catalog, day).archetype == "recovery"
    lenient = with_logic(brain, archetype=dataclasses.replace(brain.logic.archetype, heavy_reps=8, heavy_sets=4))
    assert classify_session(lenient, catalog, day) == Classified("performance", "squat")
    # Heavy only counts for the listed patterns; the anchor still comes from the Performance anchors.
    rows = with_logic(brain, archetype=dataclasses.replace(brain.logic.archetype, heavy_patterns=("horizontal_pull",)))
    assert classify_session(rows, catalog, sets("barbell_row", 90, 5, 3)) == Classified("performance", None)
    assert classify_session(rows, catalog, sets("back_squat", 140, 5, 3)).archetype == "recovery"
