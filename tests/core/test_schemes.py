"""The progression schemes, stalls and deloads, loads per rep range and transfers, on the pure engine."""

from __future__ import annotations

import dataclasses

import pytest

from flux_tui.engine import Prescription, Work, apply_session, initial_state, recommend
from flux_tui.engine.loads import percent_of_max, round_to
from flux_tui.engine.plan import OWN_VARIANT
from flux_tui.engine.progression import NO_HISTORY
from tests.core.brains import with_logic, with_progression, with_selections, with_slot
from tests.core.core_helpers import at, lset, session


def fold(brain, catalog, *sessions, state=None):
    state = state or initial_state(brain)
    for s in sessions:
        state = apply_session(brain, catalog, state, s)
    return state


def plan_on(brain, catalog, state, pattern, when, archetype="performance"):
    """The plan at `when` with `pattern` owing the most (and the archetype forced)."""
    debts = {**{p: 0.0 for p in state.pattern_debts}, pattern: brain.logic.patterns[pattern].cap}
    state = dataclasses.replace(state, pattern_debts=debts, performance_streak=0, last_session_at=None)
    plan = recommend(brain, catalog, state, when, readiness=1 if archetype == "recovery" else None)
    assert (plan.archetype, plan.anchor_pattern) == (archetype, pattern)
    return plan


def squat_day(when, *sets, archetype="performance"):
    return session(when, *sets, archetype=archetype, anchor="squat")


def sets_of(exercise, weight, *reps, rpe=None):
    return [lset(exercise, weight, r, rpe=rpe) for r in reps]


# --- linear ---------------------------------------------------------------------------------------


@pytest.fixture
def linear(brain):
    return with_progression(brain, scheme="linear")


def test_linear_adds_the_increment_after_each_success(linear, catalog):
    state = fold(linear, catalog, squat_day(at(), *sets_of("back_squat", 100, 6, 6, 6, 6)))
    assert state.lifts["back_squat"].loads["4-6"] == Prescription(102.5, 6)  # the top of the range, every time
    slot = plan_on(linear, catalog, state, "squat", at(days=2)).slots[0]
    assert (slot.exercise, slot.scheme, slot.load, slot.target_reps) == ("back_squat", "linear", 102.5, 6)
    assert slot.work == (Work(102.5, 6),) * 4
    state = fold(linear, catalog, squat_day(at(days=2), *sets_of("back_squat", 102.5, 6, 6, 6, 6)), state=state)
    assert state.lifts["back_squat"].loads["4-6"] == Prescription(105.0, 6)


def test_increments_by_pattern_from_the_brain(linear, catalog):
    brain = with_progression(linear, increments={"squat": 5.0})
    state = fold(brain, catalog, squat_day(at(), *sets_of("back_squat", 100, 6, 6, 6, 6)),
                 session(at(days=1), *sets_of("deadlift", 140, 6, 6, 6, 6), anchor="hinge"))
    assert state.lifts["back_squat"].loads["4-6"] == Prescription(105.0, 6)
    assert state.lifts["deadlift"].loads["4-6"] == Prescription(145.0, 6)  # not listed: the catalog's 5 kg
    double = with_progression(brain, scheme="double")
    state = fold(double, catalog, squat_day(at(), *sets_of("back_squat", 100, 6, 6, 6, 6)))
    assert state.lifts["back_squat"].loads["4-6"] == Prescription(105.0, 4)


def test_linear_repeats_the_load_after_a_short_set_and_counts_the_failure(linear, catalog):
    first = squat_day(at(), *sets_of("back_squat", 100, 6, 6, 6, 6))
    short = squat_day(at(days=2), *sets_of("back_squat", 102.5, 6, 6, 5, 4))
    state = fold(linear, catalog, first, short)
    lift = state.lifts["back_squat"]
    assert lift.loads["4-6"] == Prescription(102.5, 6)
    assert (lift.failures, lift.deloaded) == (1, False)


# --- stalls and deloads (every scheme shares the rule) -----------------------------------------------


def test_three_failures_in_a_row_deload_and_the_plan_says_so(linear, catalog):
    sessions = [squat_day(at(), *sets_of("back_squat", 100, 6, 6, 6, 6))]
    sessions += [squat_day(at(days=2 * n), *sets_of("back_squat", 102.5, 6, 5, 5, 4)) for n in (1, 2, 3)]
    before = fold(linear, catalog, *sessions[:3])
    assert (before.lifts["back_squat"].failures, before.lifts["back_squat"].loads["4-6"]) == (2, Prescription(102.5, 6))
    state = fold(linear, catalog, *sessions)
    lift = state.lifts["back_squat"]
    assert lift.loads["4-6"] == Prescription(round_to(102.5 * 0.9, 2.5), 6) == Prescription(92.5, 6)
    assert (lift.failures, lift.deloaded) == (0, True)
    plan = plan_on(linear, catalog, state, "squat", at(days=8))
    assert plan.reason.endswith("; deload: Back Squat −10% after 3 failed sessions")
    assert plan.slots[0].note == "deload: −10% after 3 failed sessions"
    assert plan.slots[0].load == 92.5
    # The next session at the new load clears the notice.
    after = fold(linear, catalog, squat_day(at(days=8), *sets_of("back_squat", 92.5, 6, 6, 6, 6)), state=state)
    assert (after.lifts["back_squat"].deloaded, after.lifts["back_squat"].loads["4-6"].load) == (False, 95.0)
    assert "deload" not in plan_on(linear, catalog, after, "squat", at(days=10)).reason


def test_the_stall_rule_comes_from_the_brain(linear, catalog):
    brain = with_progression(linear, deload_after=1, deload=0.2)
    state = fold(brain, catalog, squat_day(at(), *sets_of("back_squat", 100, 6, 6, 6, 6)),
                 squat_day(at(days=2), *sets_of("back_squat", 102.5, 6, 6, 6, 3)))
    assert state.lifts["back_squat"].loads["4-6"] == Prescription(82.5, 6)  # 102.5 x 0.8 = 82, to 2.5 kg
    assert plan_on(brain, catalog, state, "squat", at(days=4)).reason.endswith("−20% after 1 failed session")


def test_work_lighter_than_prescribed_is_not_a_failure(brain, catalog):
    first = squat_day(at(), *sets_of("back_squat", 100, 6, 6, 6, 6))  # double: 102.5 x 4 next
    # Each session short of reps, but lighter than its prescription (the last load done): no attempt at it.
    lighter = [squat_day(at(days=2 * n), *sets_of("back_squat", load, 4, 4, 3)) for n, load in
               ((1, 95.0), (2, 92.5), (3, 90.0), (4, 87.5))]
    state = fold(brain, catalog, first, *lighter)
    lift = state.lifts["back_squat"]
    assert (lift.failures, lift.deloaded, lift.loads["4-6"]) == (0, False, Prescription(87.5, 4))
    # The same reps at the prescribed load count.
    assert fold(brain, catalog, first, *lighter, squat_day(at(days=10), *sets_of("back_squat", 87.5, 4, 4, 3))
                ).lifts["back_squat"].failures == 1


def test_double_counts_a_session_that_misses_its_target_reps(brain, catalog):
    first = squat_day(at(), *sets_of("back_squat", 100, 6, 6, 4))  # 100 x 5 next
    missed = squat_day(at(days=2), *sets_of("back_squat", 100, 6, 5, 4))
    met = squat_day(at(days=4), *sets_of("back_squat", 100, 6, 5, 5))
    assert fold(brain, catalog, first).lifts["back_squat"].loads["4-6"] == Prescription(100.0, 5)
    assert fold(brain, catalog, first, missed).lifts["back_squat"].failures == 1
    state = fold(brain, catalog, first, missed, met)
    assert (state.lifts["back_squat"].failures, state.lifts["back_squat"].loads["4-6"]) == (0, Prescription(100.0, 6))


def test_a_set_over_the_target_rpe_fails_the_session(brain, catalog):
    first = squat_day(at(), *sets_of("back_squat", 100, 6, 6, 4))
    hard = squat_day(at(days=2), *sets_of("back_squat", 100, 5, 5, 5, rpe=9.5))
    assert fold(brain, catalog, first, hard).lifts["back_squat"].failures == 1


def test_a_deload_never_rounds_a_light_load_up(brain, catalog):
    # 7.2 kg x 0.9 = 6.48, nearest 2.5 kg step 7.5: the load stays at 7.2 instead of rising.
    first = squat_day(at(), *sets_of("back_squat", 7.2, 5, 5, 5, 5))  # 7.2 x 6 next
    fails = [squat_day(at(days=2 * n), *sets_of("back_squat", 7.2, 5, 5, 5)) for n in (1, 2, 3)]
    lift = fold(brain, catalog, first, *fails).lifts["back_squat"]
    assert lift.deloaded and lift.loads["4-6"] == Prescription(7.2, 4)


def test_double_deloads_to_the_bottom_of_the_range(brain, catalog):
    first = squat_day(at(), *sets_of("back_squat", 100, 6, 6, 6, 6))  # 102.5 x 4 next
    fails = [squat_day(at(days=2 * n), *sets_of("back_squat", 102.5, 4, 3, 3)) for n in (1, 2, 3)]
    assert fold(brain, catalog, first, *fails).lifts["back_squat"].loads["4-6"] == Prescription(92.5, 4)


# --- rpe --------------------------------------------------------------------------------------------


@pytest.fixture
def rpe(brain):
    return with_slot(brain, "performance", 0, scheme="rpe")


def e1rm_at(weight, reps, rpe):
    return weight / percent_of_max(reps, rpe)


def test_rpe_top_set_from_the_e1rm_then_back_offs(rpe, catalog):
    state = fold(rpe, catalog, squat_day(at(), *sets_of("back_squat", 100, 5, rpe=8)))
    estimate = e1rm_at(100, 5, 8)
    assert state.lifts["back_squat"].e1rm == pytest.approx(estimate)
    slot = plan_on(rpe, catalog, state, "squat", at(days=2)).slots[0]
    top = round_to(estimate * percent_of_max(6, 8), 2.5)  # 6 reps (the top of 4-6) at RPE 8
    backoff = round_to(top * 0.9, 2.5)
    assert (top, backoff) == (97.5, 87.5)
    assert (slot.scheme, slot.load, slot.target_reps, slot.sets) == ("rpe", top, 6, 4)
    assert slot.work == (Work(top, 6), Work(backoff, 6), Work(backoff, 6), Work(backoff, 6))


def test_rpe_load_follows_the_logged_effort(rpe, catalog):
    first = squat_day(at(), *sets_of("back_squat", 100, 5, rpe=8))
    easy = squat_day(at(days=2), lset("back_squat", 97.5, 6, rpe=7), *sets_of("back_squat", 87.5, 6, 6, 6))
    state = fold(rpe, catalog, first, easy)
    assert state.lifts["back_squat"].e1rm == pytest.approx(e1rm_at(97.5, 6, 7))
    assert state.lifts["back_squat"].failures == 0
    slot = plan_on(rpe, catalog, state, "squat", at(days=4)).slots[0]
    assert slot.load == round_to(e1rm_at(97.5, 6, 7) * percent_of_max(6, 8), 2.5) == 100.0
    hard = squat_day(at(days=2), lset("back_squat", 97.5, 6, rpe=9.5), *sets_of("back_squat", 87.5, 6, 6, 6))
    state = fold(rpe, catalog, first, hard)
    assert state.lifts["back_squat"].failures == 1
    assert state.lifts["back_squat"].e1rm == pytest.approx(e1rm_at(97.5, 6, 9.5))


def test_rpe_progress_and_deload(rpe, catalog):
    brain = with_progression(rpe, rpe_progress=0.02)
    first = squat_day(at(), *sets_of("back_squat", 100, 5, rpe=8))
    met = squat_day(at(days=2), lset("back_squat", 97.5, 6, rpe=8), *sets_of("back_squat", 87.5, 6, 6, 6))
    assert fold(brain, catalog, first, met).lifts["back_squat"].e1rm == pytest.approx(e1rm_at(97.5, 6, 8) * 1.02)
    # The top set short of its reps three times: the estimate drops by the deload on top.
    fails = [squat_day(at(days=2 * n), lset("back_squat", 97.5, 4, rpe=8)) for n in (1, 2, 3)]
    state = fold(brain, catalog, first, *fails)
    assert state.lifts["back_squat"].deloaded
    assert state.lifts["back_squat"].e1rm == pytest.approx(e1rm_at(97.5, 4, 8) * 0.9)


# --- percent ------------------------------------------------------------------------------------------


@pytest.fixture
def percent(brain):
    return with_progression(brain, exercises={"back_squat": "percent"}, increments={"squat": 5.0})


def known_squat(brain, catalog):
    """A back squat e1RM learned outside any slot (Recovery has no squat), so no wave has started."""
    state = fold(brain, catalog, session(at(), *sets_of("back_squat", 100, 5, rpe=8), archetype="recovery"))
    assert state.lifts["back_squat"].training_max is None
    return state


def test_percent_waves_on_a_training_max(percent, catalog):
    state = known_squat(percent, catalog)
    training_max = 0.9 * e1rm_at(100, 5, 8)
    slot = plan_on(percent, catalog, state, "squat", at(days=2)).slots[0]
    assert slot.scheme == "percent"
    assert slot.work == tuple(Work(round_to(training_max * p, 2.5), 5, p == 0.85) for p in (0.65, 0.75, 0.85))
    assert training_max == pytest.approx(110.97, abs=0.01)
    assert slot.sets == 3 and slot.note == "week 1 of 4, training max 111 kg"
    # Done as prescribed, four weeks (the last one the deload week): the training max rises by the step.
    when, weeks = at(days=2), []
    for week in percent.logic.progression.weeks:
        plan = plan_on(percent, catalog, state, "squat", when)
        weeks.append([(w.load, w.reps, w.amrap) for w in plan.slots[0].work])
        done = [lset("back_squat", w.load, w.reps, rpe=8) for w in plan.slots[0].work]
        state = fold(percent, catalog, squat_day(when, *done), state=state)
        when = when + (at(days=2) - at())
    assert [len(w) for w in weeks] == [3, 3, 3, 3]
    assert [w[-1][1:] for w in weeks] == [(5, True), (3, True), (1, True), (5, False)]
    lift = state.lifts["back_squat"]
    assert (lift.week, lift.failures) == (0, 0)
    assert lift.training_max == pytest.approx(training_max + 5.0)


def test_percent_amrap_short_is_a_failure_and_stalls_cut_the_training_max(percent, catalog):
    state = known_squat(percent, catalog)
    training_max = 0.9 * e1rm_at(100, 5, 8)
    for n in (1, 2, 3):
        plan = plan_on(percent, catalog, state, "squat", at(days=2 * n))
        work = plan.slots[0].work
        done = [lset("back_squat", w.load, w.reps - 2 if w.amrap else w.reps) for w in work]
        state = fold(percent, catalog, squat_day(at(days=2 * n), *done), state=state)
    lift = state.lifts["back_squat"]
    assert lift.deloaded and lift.failures == 0
    assert lift.training_max == pytest.approx(training_max * 0.9)
    assert lift.week == 3


# --- loads per rep range --------------------------------------------------------------------------------


def test_a_load_learned_at_4_6_is_converted_for_a_10_15_slot(brain, catalog):
    # The case: Lat Pulldown 4 x 6 @ 30 kg on a Performance day, then a Recovery day.
    brain = with_selections(brain, vertical_pull=("lat_pulldown",))
    performance = session(at(), *sets_of("lat_pulldown", 30, 6, 6, 6, 6), anchor="vertical_pull")
    state = fold(brain, catalog, performance)
    assert state.lifts["lat_pulldown"].loads == {"4-6": Prescription(32.5, 4)}
    slot = plan_on(brain, catalog, state, "vertical_pull", at(days=2), archetype="recovery").slots[0]
    estimate = e1rm_at(30, 6, 8)  # no RPE logged: taken at the slot's 8
    assert (slot.reps, slot.rpe) == ((10, 15), 7.0)
    assert slot.load == round_to(estimate * percent_of_max(10, 7), 2.5) == 25.0
    assert slot.note == f"from your e1RM {estimate:.1f} kg"
    # The Recovery range then progresses on its own; the 4-6 load waits for its own slot.
    recovery = session(at(days=2), *sets_of("lat_pulldown", 25, 10, 10, 10), archetype="recovery",
                       anchor="vertical_pull")
    state = fold(brain, catalog, recovery, state=state)
    assert state.lifts["lat_pulldown"].loads == {"4-6": Prescription(32.5, 4), "10-15": Prescription(25.0, 11)}
    assert plan_on(brain, catalog, state, "vertical_pull", at(days=4)).slots[0].load == 32.5


def test_an_exercise_added_mid_session_does_not_take_the_anchor_range(brain, catalog):
    # Lat Pulldown could anchor a Performance day, but this one is anchored on squat.
    added = squat_day(at(), *sets_of("back_squat", 100, 5, 5, 5, 5), *sets_of("lat_pulldown", 50, 12, 12))
    lift = fold(brain, catalog, added).lifts["lat_pulldown"]
    assert lift.loads == {}
    assert lift.e1rm == pytest.approx(e1rm_at(50, 12, 8))


def test_a_second_exercise_of_the_anchor_pattern_is_not_the_anchor(brain, catalog):
    day = squat_day(at(), *sets_of("back_squat", 100, 6, 6, 6, 6), *sets_of("front_squat", 80, 8, 8))
    state = fold(brain, catalog, day)
    assert state.lifts["back_squat"].loads == {"4-6": Prescription(102.5, 4)}
    assert state.lifts["front_squat"].loads == {}


# --- loads from the first session -------------------------------------------------------------------


def test_a_related_exercise_gives_the_load_through_the_catalog_ratios(brain, catalog):
    state = fold(brain, catalog, squat_day(at(), *sets_of("back_squat", 100, 5, 5, 5, rpe=8)))
    state = dataclasses.replace(state, rotation={**state.rotation, "squat": 1})  # front squat's turn
    slot = plan_on(brain, catalog, state, "squat", at(days=2)).slots[0]
    estimate = e1rm_at(100, 5, 8) * catalog["front_squat"].ratio / catalog["back_squat"].ratio
    assert slot.exercise == "front_squat"
    assert slot.load == round_to(estimate * percent_of_max(4, 8), 2.5)  # the bottom of 4-6, for double
    assert slot.note == f"from Back Squat: e1RM {e1rm_at(100, 5, 8):.1f} kg × 0.85/1"


def test_the_most_recently_done_related_exercise_is_the_source(brain, catalog):
    state = fold(brain, catalog, squat_day(at(), *sets_of("back_squat", 100, 5, 5, 5)),
                 squat_day(at(days=1), *sets_of("safety_bar_squat", 60, 5, 5, 5)))
    state = dataclasses.replace(state, rotation={**state.rotation, "squat": 1})
    slot = plan_on(brain, catalog, state, "squat", at(days=2)).slots[0]
    assert slot.note.startswith("from Safety Bar Squat:")


def test_carries_transfer_their_load(brain, catalog):
    state = fold(brain, catalog, session(at(), *[lset("farmers_carry", 32, distance=40) for _ in range(2)]))
    state = dataclasses.replace(state, rotation={**state.rotation, "carry": 1})
    slot = next(s for s in plan_on(brain, catalog, state, "squat", at(days=2)).slots if s.pattern == "carry")
    # 34 kg is farmer's carry's next load; the transfer starts from its latest load, x the ratios, to 4 kg.
    ratio = catalog["suitcase_carry"].ratio / catalog["farmers_carry"].ratio
    assert (slot.exercise, slot.load) == ("suitcase_carry", round_to(32 * ratio, 4.0))
    assert slot.note == f"from Farmer's Carry: load 32 kg × {catalog['suitcase_carry'].ratio:g}/1"


# --- a pattern never trained with a load: the Brain's transfer from another pattern ----------------


def slot_of(plan, pattern):
    return next(s for s in plan.slots if s.pattern == pattern)


def test_a_pattern_never_trained_gets_a_conservative_estimate_from_its_source_pattern(brain, catalog):
    state = fold(brain, catalog, squat_day(at(), *sets_of("back_squat", 100, 5, 5, 5, rpe=8)),
                 session(at(days=1), *sets_of("deadlift", 140, 5, 5, 5, rpe=8), anchor="hinge"))
    plan = plan_on(brain, catalog, state, "squat", at(days=3))
    single, carry = brain.logic.progression.transfer["single_leg"][0], brain.logic.progression.transfer["carry"][0]
    assert (single.source, carry.source) == ("squat", "hinge")
    split = slot_of(plan, "single_leg")
    estimate = e1rm_at(100, 5, 8) * single.ratio * catalog["bulgarian_split_squat"].ratio / catalog["back_squat"].ratio
    # 8-12 at RPE 8 under double: the bottom of the range, rounded to the dumbbell step
    assert (split.exercise, split.load, split.target_reps) == (
        "bulgarian_split_squat", round_to(estimate * percent_of_max(8, 8), 2.0), 8)
    assert split.note == f"estimate transferred from Back Squat: e1RM {e1rm_at(100, 5, 8):.1f} kg × 0.6 × 0.4/1"
    farmers = slot_of(plan, "carry")
    # a carry takes the estimate as its load: the deadlift's e1RM x 0.25, per hand
    assert (farmers.exercise, farmers.load) == ("farmers_carry", round_to(e1rm_at(140, 5, 8) * carry.ratio, 2.0))
    assert farmers.note == f"estimate transferred from Deadlift: e1RM {e1rm_at(140, 5, 8):.1f} kg × 0.25 × 1/1"


def test_accessories_never_trained_start_from_the_press_and_the_row(brain, catalog):
    state = fold(brain, catalog, session(at(), *sets_of("overhead_press", 50, 5, 5, 5, rpe=8),
                                         *sets_of("barbell_row", 70, 8, 8, 8, rpe=8), anchor="vertical_push"))
    plan = plan_on(brain, catalog, state, "squat", at(days=2))
    raise_, curl = slot_of(plan, "shoulder_isolation"), slot_of(plan, "elbow_flexion")
    press = e1rm_at(50, 5, 8) * brain.logic.progression.transfer["shoulder_isolation"][0].ratio
    assert (raise_.exercise, raise_.load) == ("lateral_raise", round_to(press * percent_of_max(12, 8), 2.0))
    assert raise_.note.startswith("estimate transferred from Overhead Press:")
    row = e1rm_at(70, 8, 8) * brain.logic.progression.transfer["elbow_flexion"][0].ratio * catalog["dumbbell_curl"].ratio
    assert (curl.exercise, curl.load) == ("dumbbell_curl", round_to(row * percent_of_max(10, 8), 2.0))
    assert curl.note.startswith("estimate transferred from Barbell Row:")


def test_the_first_source_listed_with_a_history_gives_the_estimate(brain, catalog):
    """Single leg lists squat, then hinge: a deadlift alone gives the lunge its estimate, and once
    a squat is known it wins, however recent the deadlift."""
    assert [t.source for t in brain.logic.progression.transfer["single_leg"]] == ["squat", "hinge"]
    pulled = fold(brain, catalog, session(at(), *sets_of("deadlift", 140, 5, 5, 5, rpe=8), anchor="hinge"))
    split = slot_of(plan_on(brain, catalog, pulled, "squat", at(days=2)), "single_leg")
    hinge = brain.logic.progression.transfer["single_leg"][1]
    estimate = e1rm_at(140, 5, 8) * hinge.ratio * catalog["bulgarian_split_squat"].ratio
    assert (split.exercise, split.load) == ("bulgarian_split_squat", round_to(estimate * percent_of_max(8, 8), 2.0))
    assert split.note.startswith("estimate transferred from Deadlift:")
    both = fold(brain, catalog, squat_day(at(), *sets_of("back_squat", 100, 5, 5, 5, rpe=8)),
                session(at(days=1), *sets_of("deadlift", 140, 5, 5, 5, rpe=8), anchor="hinge"))
    assert slot_of(plan_on(brain, catalog, both, "squat", at(days=3)), "single_leg").note.startswith(
        "estimate transferred from Back Squat:")


def test_a_pattern_trained_without_a_ratio_keeps_the_users_own_exercise_rather_than_an_estimate(brain, catalog):
    assert catalog["smith_split_squat"].ratio is None
    state = fold(brain, catalog, squat_day(at(), *sets_of("back_squat", 100, 5, 5, 5),
                                           *sets_of("smith_split_squat", 40, 10, 10)))
    split = slot_of(plan_on(brain, catalog, state, "squat", at(days=2)), "single_leg")
    assert (split.exercise, split.load) == ("smith_split_squat", 40.0)
    assert split.note.startswith(OWN_VARIANT.format(pattern="single leg"))


def test_without_a_transfer_or_a_source_the_pattern_asks_for_a_weight(brain, catalog):
    squatted = squat_day(at(), *sets_of("back_squat", 100, 5, 5, 5))
    none = with_progression(brain, transfer={})
    split = slot_of(plan_on(none, catalog, fold(none, catalog, squatted), "squat", at(days=2)), "single_leg")
    assert (split.exercise, split.load, split.note) == ("bulgarian_split_squat", None, NO_HISTORY)
    # the default Brain, but none of the carry's sources (hinge, then squat) done with a ratio
    leg_press = session(at(), *sets_of("leg_press", 150, 10, 10, 10), anchor="squat")
    assert catalog["leg_press"].ratio is None
    carry = slot_of(plan_on(brain, catalog, fold(brain, catalog, leg_press), "squat", at(days=2)), "carry")
    assert (carry.exercise, carry.load, carry.note) == ("farmers_carry", None, NO_HISTORY)


def test_without_a_ratio_or_history_the_plan_asks_for_a_weight(brain, catalog):
    leg_press = with_selections(brain, squat=("leg_press",))
    assert catalog["leg_press"].ratio is None
    state = fold(leg_press, catalog, session(at(), *sets_of("deadlift", 140, 5, 5, 5), anchor="hinge"))
    slot = plan_on(leg_press, catalog, state, "squat", at(days=2)).slots[0]
    assert (slot.exercise, slot.load, slot.target_reps, slot.note) == ("leg_press", None, None, NO_HISTORY)
    assert plan_on(brain, catalog, initial_state(brain), "squat", at()).slots[0].note == NO_HISTORY


def test_a_selection_without_a_load_gives_way_to_the_users_own_variant(brain, catalog):
    """Leg press has no ratio, so back squat's history cannot transfer to it: the slot plans the
    back squat the user did, with its load and a note saying why, rather than no load."""
    leg_press = with_selections(brain, squat=("leg_press",))
    state = fold(leg_press, catalog, squat_day(at(), *sets_of("back_squat", 100, 5, 5, 5)))
    slot = plan_on(leg_press, catalog, state, "squat", at(days=2)).slots[0]
    assert (slot.exercise, slot.load) == ("back_squat", 100.0)
    assert slot.note.startswith(OWN_VARIANT.format(pattern="squat"))


def test_the_rotation_skips_to_a_listed_exercise_the_user_has_done_when_its_own_has_no_load(brain, catalog):
    """After a session of seated leg curls the rotation (a new exercise every session) moves on to
    lying leg curls: no ratio, never done, so no load. The seated leg curl the user has a load for
    takes the slot instead; with no history at all the rotation's own exercise stays."""
    curls = with_selections(brain, knee_flexion=("seated_leg_curl", "lying_leg_curl"))
    assert "knee_flexion" not in curls.logic.rotation and "knee_flexion" not in curls.logic.fixed
    done = fold(curls, catalog, session(at(), *sets_of("seated_leg_curl", 40, 12, 12), anchor="hinge"))
    assert done.rotation["knee_flexion"] == 1  # the rotation's pick is now lying_leg_curl
    plan = plan_on(curls, catalog, done, "hinge", at(days=2))
    curl = next(s for s in plan.slots if s.pattern == "knee_flexion")
    assert (curl.exercise, curl.load, curl.note) == ("seated_leg_curl", 40.0, "")
    fresh = plan_on(curls, catalog, initial_state(curls), "hinge", at())
    assert next(s for s in fresh.slots if s.pattern == "knee_flexion").exercise == "seated_leg_curl"
    nothing = plan_on(curls, catalog, dataclasses.replace(initial_state(curls), rotation={"knee_flexion": 1}),
                      "hinge", at())
    slot = next(s for s in nothing.slots if s.pattern == "knee_flexion")
    assert (slot.exercise, slot.load, slot.note) == ("lying_leg_curl", None, NO_HISTORY)


def test_a_bodyweight_slot_says_nothing_about_weights(brain, catalog):
    chin = with_selections(brain, vertical_pull=("chin_up",))
    slot = plan_on(chin, catalog, initial_state(chin), "vertical_pull", at()).slots[0]
    assert (slot.load, slot.note) == (None, "")


# --- selection: blocks and fixed patterns --------------------------------------------------------------


def squat_block(brain, catalog, sessions):
    state, seen = initial_state(brain), []
    for n in range(sessions):
        exercise = plan_on(brain, catalog, state, "squat", at(days=2 * n)).slots[0].exercise
        seen.append(exercise)
        state = fold(brain, catalog, squat_day(at(days=2 * n), *sets_of(exercise, 100, 5, 5, 5, 5)), state=state)
    return seen


def test_the_default_brain_keeps_a_main_lift_for_a_block(brain, catalog):
    assert brain.logic.rotation["squat"] == 6
    assert squat_block(brain, catalog, 13) == ["back_squat"] * 6 + ["front_squat"] * 6 + ["safety_bar_squat"]


def test_rotate_every_n_sessions(brain, catalog):
    every_two = with_logic(brain, rotation={"squat": 2})
    assert squat_block(every_two, catalog, 5) == ["back_squat", "back_squat", "front_squat", "front_squat",
                                                  "safety_bar_squat"]


def test_a_fixed_pattern_never_moves(brain, catalog):
    fixed = with_logic(brain, rotation={}, fixed=("squat",))
    assert squat_block(fixed, catalog, 8) == ["back_squat"] * 8
    state = fold(fixed, catalog, squat_day(at(), *sets_of("front_squat", 80, 5, 5)))
    assert plan_on(fixed, catalog, state, "squat", at(days=2)).slots[0].exercise == "back_squat"


def test_doing_another_listed_exercise_moves_the_block_to_it(brain, catalog):
    state = fold(brain, catalog, squat_day(at(), *sets_of("front_squat", 80, 5, 5)))
    assert (state.rotation["squat"], state.rotation_sessions["squat"]) == (1, 1)
    off_list = fold(brain, catalog, squat_day(at(), *sets_of("goblet_squat", 30, 5, 5)))
    assert (off_list.rotation["squat"], off_list.rotation_sessions["squat"]) == (0, 1)  # counts for the block
