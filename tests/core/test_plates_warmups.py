"""engine/plates.py and engine/warmup.py: plates per side, buildable loads, warm-up ramps."""

from __future__ import annotations

import pytest

from flux_tui.engine.plates import load_plates
from flux_tui.engine.warmup import round_to, warmup_sets

KG = (25, 20, 15, 10, 5, 2.5, 1.25)
LB = (45, 35, 25, 10, 5, 2.5)
RAMP = ((0, 10), (40, 5), (60, 3), (80, 1))


@pytest.mark.parametrize("target,side", [(100, (25, 15)), (60, (20,)), (142.5, (25, 25, 10, 1.25)),
                                         (22.5, (1.25,)), (20, ())])
def test_a_buildable_load_gets_the_fewest_plates_heaviest_first(target, side):
    loaded = load_plates(target, 20, KG)
    assert loaded == (target, side, "")
    assert 20 + 2 * sum(loaded.per_side) == target


def test_pounds_use_the_pound_inventory():
    assert load_plates(225, 45, LB) == (225, (45, 45), "")
    assert load_plates(135, 45, LB).text("lb") == "45 lb per side"
    assert load_plates(315, 45, LB).text("lb") == "3 × 45 lb per side"
    assert load_plates(235, 45, LB).short() == "2×45+5" and load_plates(45, 45, LB).short() == "bar"


def test_a_load_that_cannot_be_built_is_rounded_to_the_nearest_with_a_note():
    loaded = load_plates(101, 20, KG)
    assert loaded.total == 100 and "101 cannot be built" in loaded.note and "100" in loaded.note
    assert load_plates(101.9, 20, KG).total == 102.5
    assert load_plates(101.25, 20, KG).total == 100, "halfway: the lighter"
    only_big = load_plates(70, 20, (20,))
    assert only_big.total in (60, 80) and only_big.note


def test_below_the_bar_is_the_bar_with_a_note():
    assert load_plates(15, 20, KG) == (20, (), "15 is less than the bar (20)")
    assert load_plates(60, 20, ()).note == "no plates in the settings"


def test_the_ramp_follows_the_brain_steps_rounded_and_floored_at_the_bar():
    ramp = warmup_sets(100, RAMP, lambda w: load_plates(w, 20, KG).total, floor=20)
    assert [(w.load, w.reps) for w in ramp] == [(20, 10), (40, 5), (60, 3), (80, 1)]
    assert not any(w.amrap for w in ramp)


def test_a_light_working_load_keeps_only_the_steps_below_it():
    ramp = warmup_sets(30, RAMP, lambda w: load_plates(w, 20, KG).total, floor=20)
    assert [(w.load, w.reps) for w in ramp] == [(20, 10), (25, 1)], "40% and 60% round to the bar: left out"
    assert warmup_sets(20, RAMP, round_to(2.5), floor=20) == ()


def test_a_dumbbell_ramp_rounds_to_the_increment_with_no_bar():
    ramp = warmup_sets(32, RAMP, round_to(2), floor=0)
    assert [(w.load, w.reps) for w in ramp] == [(12, 5), (20, 3), (26, 1)], "0 % is no set without a bar"
