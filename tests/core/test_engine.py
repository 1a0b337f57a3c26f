"""The engine's rules, one by one, against the default Brain (flux_tui/data/brain.yaml)."""

from __future__ import annotations

import dataclasses
import json

import pytest

from flux_tui.engine import (
    Prescription,
    apply_session,
    debts_at,
    describe_change,
    detect_prs,
    e1rm,
    initial_state,
    rebuild_state,
    recommend,
    state_from_dict,
    state_to_dict,
)
from flux_tui.engine.loads import percent_of_max
from tests.core.core_helpers import at, lset, session


def fold(brain, catalog, *sessions):
    state = initial_state(brain)
    for s in sessions:
        state = apply_session(brain, catalog, state, s)
    return state


def with_debts(brain, state, **debts):
    return dataclasses.replace(state, pattern_debts={**state.pattern_debts, **debts})


# --- debts -----------------------------------------------------------------------------


def test_initial_debts_come_from_the_brain(brain):
    state = initial_state(brain)
    assert state.pattern_debts["squat"] == 4.0
    assert state.pattern_debts["horizontal_pull"] == 5.0
    assert state.as_of is None
    assert debts_at(brain, state, at(days=30)) == state.pattern_debts  # no accrual before session one


def test_first_session_pays_from_the_initial_debts(brain, catalog):
    state = fold(brain, catalog, session(at(), *[lset("back_squat", 100, 5) for _ in range(3)], anchor="squat"))
    assert state.pattern_debts["squat"] == 1.0
    assert state.pattern_debts["hinge"] == 4.0
    assert state.as_of == at()


def test_debts_accrue_a_seventh_of_the_weekly_target_per_day(brain, catalog):
    first = session(at(), *[lset("back_squat", 100, 5) for _ in range(3)], anchor="squat")
    week_later = session(at(days=7), lset("plank", seconds=45))
    state = fold(brain, catalog, first, week_later)
    assert state.pattern_debts["squat"] == pytest.approx(1.0 + 8.0)
    assert state.pattern_debts["core"] == pytest.approx(min(12.0, 3.0 + 6.0) - 1.0)
    half_week = fold(brain, catalog, first, session(at(days=3.5), lset("plank", seconds=45)))
    assert half_week.pattern_debts["squat"] == pytest.approx(1.0 + 4.0)


def test_debts_clamp_to_cap_and_zero(brain, catalog):
    first = session(at(), lset("plank", seconds=30))
    after_a_month = fold(brain, catalog, first, session(at(days=30)))
    assert after_a_month.pattern_debts["squat"] == 16.0  # cap
    paid_off = fold(brain, catalog, first, session(at(days=30), *[lset("back_squat", 60, 5) for _ in range(20)]))
    assert paid_off.pattern_debts["squat"] == 0.0  # 16 - 20, floored


def test_debts_at_projects_to_now_and_clamps(brain, catalog):
    state = fold(brain, catalog, session(at(), *[lset("back_squat", 100, 5) for _ in range(3)]))
    assert debts_at(brain, state, at(days=1))["squat"] == pytest.approx(1.0 + 8 / 7)
    assert debts_at(brain, state, at(days=365))["squat"] == 16.0
    assert debts_at(brain, state, at(days=-3))["squat"] == 1.0  # a clock behind as_of accrues nothing
    assert state.pattern_debts["squat"] == 1.0  # projection does not change the state


def test_warmups_pay_nothing_and_set_nothing(brain, catalog):
    state = fold(brain, catalog, session(at(), *[lset("back_squat", 60, 5, warmup=True) for _ in range(3)]))
    assert state.pattern_debts["squat"] == 4.0
    assert "back_squat" not in state.lifts
    assert "back_squat" not in state.records
    assert state.rotation["squat"] == 0


@pytest.mark.parametrize("status", ["active", "abandoned"])
def test_only_completed_sessions_change_state(brain, catalog, status):
    state = initial_state(brain)
    s = session(at(), lset("back_squat", 100, 5), status=status)
    assert apply_session(brain, catalog, state, s) is state
    assert rebuild_state(brain, catalog, [s]) == state


def test_unknown_exercises_are_ignored(brain, catalog):
    state = fold(brain, catalog, session(at(), lset("deleted_custom_lift", 100, 5)))
    assert state.pattern_debts == initial_state(brain).pattern_debts
    assert state.lifts == {}


# --- archetype --------------------------------------------------------------------------


def test_performance_when_no_rule_fires(brain, catalog):
    plan = recommend(brain, catalog, initial_state(brain), at())
    assert plan.archetype == "performance"
    assert plan.reason == "Performance: squat owes the most (4.0 of 16 hard sets)"


def test_recovery_after_n_performance_sessions(brain, catalog):
    sessions = [session(at(days=2 * i), lset("plank", seconds=30)) for i in range(3)]
    state = fold(brain, catalog, *sessions)
    assert state.performance_streak == 3
    plan = recommend(brain, catalog, state, at(days=5))
    assert (plan.archetype, plan.reason) == ("recovery", "Recovery: 3 Performance sessions in a row")
    assert recommend(brain, catalog, fold(brain, catalog, *sessions[:2]), at(days=5)).archetype == "performance"


def test_a_rest_gap_ends_the_streak(brain, catalog):
    # Sessions 47 h apart (start to the previous end) keep the streak; 48 h end it (streak_gap_hours).
    sessions = [session(at(days=2 * i), lset("plank", seconds=30)) for i in range(3)]
    state = fold(brain, catalog, *sessions)
    assert recommend(brain, catalog, state, at(days=4, hours=47.9)).archetype == "recovery"
    assert recommend(brain, catalog, state, at(days=6)).archetype == "performance"
    after_rest = fold(brain, catalog, *sessions, session(at(days=6, hours=1), lset("plank", seconds=30)))
    assert after_rest.performance_streak == 1
    kept = fold(brain, catalog, *sessions, session(at(days=5, hours=23.9), lset("plank", seconds=30)))
    assert kept.performance_streak == 4


def test_a_recovery_session_ends_the_streak(brain, catalog):
    sessions = [session(at(days=2 * i), lset("plank", seconds=30)) for i in range(3)]
    state = fold(brain, catalog, *sessions, session(at(days=6), archetype="recovery"))
    assert state.performance_streak == 0
    assert recommend(brain, catalog, state, at(days=8)).archetype == "performance"


def test_recovery_when_the_last_session_was_too_recent(brain, catalog):
    state = fold(brain, catalog, session(at(), lset("plank", seconds=30)))
    plan = recommend(brain, catalog, state, at(hours=10))
    assert plan.archetype == "recovery"
    assert plan.reason == "Recovery: only 10 h since the last session (Performance needs 20 h)"
    assert recommend(brain, catalog, state, at(hours=20)).archetype == "performance"


def test_recovery_when_readiness_is_low(brain, catalog):
    state = initial_state(brain)
    plan = recommend(brain, catalog, state, at(), readiness=2)
    assert (plan.archetype, plan.reason) == ("recovery", "Recovery: readiness 2 is below 3")
    assert recommend(brain, catalog, state, at(), readiness=3).archetype == "performance"


def test_readiness_is_reported_before_other_rules(brain, catalog):
    state = fold(brain, catalog, *[session(at(days=i), lset("plank", seconds=30)) for i in range(3)])
    assert recommend(brain, catalog, state, at(days=2, hours=1), readiness=1).reason.startswith("Recovery: readiness 1")


def test_readiness_out_of_range_is_rejected(brain, catalog):
    with pytest.raises(ValueError):
        recommend(brain, catalog, initial_state(brain), at(), readiness=6)


# --- anchor -----------------------------------------------------------------------------


def test_anchor_is_the_highest_debt_among_allowed_patterns(brain, catalog):
    state = with_debts(brain, initial_state(brain), hinge=7.5, horizontal_pull=15.0)
    plan = recommend(brain, catalog, state, at())
    assert plan.anchor_pattern == "hinge"  # horizontal_pull owes more but cannot anchor Performance
    assert plan.slots[0].pattern == "hinge" and plan.slots[0].is_anchor
    assert plan.slots[0].exercise == "deadlift"


def test_anchor_tie_goes_to_the_first_listed_pattern(brain, catalog):
    tied = with_debts(brain, initial_state(brain), squat=3.0, hinge=6.0, horizontal_push=6.0, vertical_pull=6.0)
    assert recommend(brain, catalog, tied, at()).anchor_pattern == "hinge"
    tied_late = with_debts(brain, initial_state(brain), vertical_push=9.0, vertical_pull=9.0)
    assert recommend(brain, catalog, tied_late, at()).anchor_pattern == "vertical_push"


def test_anchor_uses_debts_projected_to_now(brain, catalog):
    # Hinge pays more now, but after a few days both accrue equally: the lower debt stays lower.
    state = fold(brain, catalog, session(at(), *[lset("back_squat", 100, 5) for _ in range(3)], anchor="squat"))
    plan = recommend(brain, catalog, state, at(days=3))
    assert plan.anchor_pattern == "hinge"
    assert plan.debts["squat"] == pytest.approx(1.0 + 3 * 8 / 7)


def test_recovery_anchor_comes_from_the_recovery_list(brain, catalog):
    plan = recommend(brain, catalog, initial_state(brain), at(), readiness=1)
    assert plan.anchor_pattern == "horizontal_pull"  # initial 5.0, the highest of its list
    assert [s.pattern for s in plan.slots] == ["horizontal_pull", "core", "horizontal_push",
                                               "calf", "knee_extension", "trunk_flexion_rotation"]


# --- rotation ---------------------------------------------------------------------------


def squat_day(when, exercise):
    return session(when, *[lset(exercise, 100, 5) for _ in range(4)], anchor="squat")


def test_accessory_patterns_are_never_the_anchor_however_much_they_owe(brain, catalog):
    from flux_tui.brain.models import ACCESSORY_PATTERNS

    owed = with_debts(brain, initial_state(brain), **{p: brain.logic.patterns[p].cap for p in ACCESSORY_PATTERNS})
    for readiness in (None, 1):  # Performance, then Recovery
        plan = recommend(brain, catalog, owed, at(), readiness=readiness)
        assert plan.anchor_pattern not in ACCESSORY_PATTERNS
        assert {s.pattern for s in plan.slots} & set(ACCESSORY_PATTERNS), "but they are planned as accessories"


def test_accessory_work_pays_its_own_pattern(brain, catalog):
    state = fold(brain, catalog, session(at(), lset("dumbbell_curl", 12, 10), lset("dumbbell_curl", 12, 10),
                                         lset("leg_extension", 40, 12)))
    start = initial_state(brain).pattern_debts
    assert state.pattern_debts["elbow_flexion"] == start["elbow_flexion"] - 2
    assert state.pattern_debts["knee_extension"] == start["knee_extension"] - 1
    assert state.pattern_debts["horizontal_pull"] == start["horizontal_pull"]


def test_selections_rotate_session_by_session(brain, catalog):
    brain = dataclasses.replace(brain, logic=dataclasses.replace(brain.logic, rotation={}))  # no blocks
    state = initial_state(brain)
    seen = []
    for i in range(4):
        # Keep every day a squat-anchored Performance day.
        state = dataclasses.replace(with_debts(brain, state, squat=15.0), performance_streak=0)
        exercise = recommend(brain, catalog, state, at(days=2 * i)).slots[0].exercise
        seen.append(exercise)
        state = apply_session(brain, catalog, state, squat_day(at(days=2 * i), exercise))
    assert seen == ["back_squat", "front_squat", "safety_bar_squat", "back_squat"]


def test_rotation_follows_the_exercise_actually_done(brain, catalog):
    brain = dataclasses.replace(brain, logic=dataclasses.replace(brain.logic, rotation={}))  # no blocks
    state = fold(brain, catalog, squat_day(at(), "safety_bar_squat"))
    assert state.rotation["squat"] == 0  # after the last one comes the first
    off_list = fold(brain, catalog, squat_day(at(), "goblet_squat"))
    assert off_list.rotation["squat"] == 1  # off the list: one step on


def test_a_pattern_planned_twice_gets_two_exercises(brain, catalog):
    recovery = brain.sessions.recovery
    doubled = dataclasses.replace(recovery, slots=recovery.slots + (recovery.slots[1],))
    brain2 = dataclasses.replace(brain, sessions=dataclasses.replace(brain.sessions, recovery=doubled))
    plan = recommend(brain2, catalog, initial_state(brain2), at(), readiness=1)
    assert [s.exercise for s in plan.slots if s.pattern == "core"] == ["plank", "side_plank"]


# --- double progression -------------------------------------------------------------------


def test_all_sets_at_the_top_at_target_rpe_adds_the_increment(brain, catalog):
    sets = [lset("back_squat", 100, 6, rpe=8) for _ in range(4)]
    state = fold(brain, catalog, session(at(), lset("back_squat", 60, 5, warmup=True), *sets, anchor="squat"))
    assert state.lifts["back_squat"].loads["4-6"] == Prescription(102.5, 4)
    slot = recommend(brain, catalog, with_debts(brain, state, squat=15.0), at(days=2)).slots[0]
    # The default Brain keeps back squat for a block of sessions, so the load it earned is prescribed.
    assert (slot.exercise, slot.load, slot.target_reps, slot.note) == ("back_squat", 102.5, 4, "")


def test_a_short_set_repeats_the_load(brain, catalog):
    sets = [lset("back_squat", 100, 6), lset("back_squat", 100, 6), lset("back_squat", 100, 4)]
    state = fold(brain, catalog, session(at(), *sets, anchor="squat"))
    assert state.lifts["back_squat"].loads["4-6"] == Prescription(100.0, 5)


def test_reps_over_target_rpe_repeat_the_load(brain, catalog):
    sets = [lset("back_squat", 100, 6, rpe=8), lset("back_squat", 100, 6, rpe=9)]
    state = fold(brain, catalog, session(at(), *sets, anchor="squat"))
    assert state.lifts["back_squat"].loads["4-6"] == Prescription(100.0, 6)


def test_the_plan_carries_the_prescribed_load(brain, catalog):
    sets = [lset("deadlift", 140, 6, rpe=7) for _ in range(4)]
    state = fold(brain, catalog, session(at(), *sets, anchor="hinge"))
    state = dataclasses.replace(state, rotation={**state.rotation, "hinge": 0})
    slot = recommend(brain, catalog, with_debts(brain, state, hinge=15.0), at(days=2)).slots[0]
    assert (slot.exercise, slot.load, slot.target_reps, slot.reps) == ("deadlift", 145.0, 4, (4, 6))
    assert (slot.rest_seconds, slot.rpe) == (180, 8.0)


def test_bodyweight_has_no_load(brain, catalog):
    sets = [lset("chin_up", None, 6) for _ in range(4)]
    state = fold(brain, catalog, session(at(), *sets, anchor="vertical_pull"))
    assert state.lifts["chin_up"].loads["4-6"] == Prescription(None, 6)
    state = dataclasses.replace(state, rotation={**state.rotation, "vertical_pull": 2})
    slot = recommend(brain, catalog, with_debts(brain, state, vertical_pull=15.0), at(days=2)).slots[0]
    assert (slot.exercise, slot.load) == ("chin_up", None)


def test_distance_slots_progress_on_distance(brain, catalog):
    done = fold(brain, catalog, session(at(), *[lset("farmers_carry", 32, distance=40) for _ in range(2)]))
    assert done.lifts["farmers_carry"].loads["40m"] == Prescription(34.0, None)
    short = fold(brain, catalog, session(at(), lset("farmers_carry", 32, distance=40), lset("farmers_carry", 32, distance=30)))
    assert short.lifts["farmers_carry"].loads["40m"] == Prescription(32.0, None)


def test_exercises_outside_the_template_keep_their_load(brain, catalog):
    # Recovery has no squat slot: the load and the e1RM are remembered, nothing is progressed.
    state = fold(brain, catalog, session(at(), *[lset("back_squat", 80, 20) for _ in range(3)], archetype="recovery"))
    lift = state.lifts["back_squat"]
    assert (lift.loads, lift.load, lift.failures) == ({}, 80.0, 0)
    assert lift.e1rm == pytest.approx(80 / percent_of_max(20, 8))  # no RPE logged: taken at the target, 8


# --- conditioning -------------------------------------------------------------------------


def bike(when, watts, rounds=6):
    return session(when, lset("assault_bike", rounds_completed=rounds, avg_watts=watts))


def test_conditioning_success_moves_up_a_level(brain, catalog):
    state = fold(brain, catalog, bike(at(), 260))
    assert state.conditioning_levels["bike_intervals"] == 2
    assert state.conditioning_failures["bike_intervals"] == 0


def test_conditioning_needs_every_round(brain, catalog):
    state = fold(brain, catalog, bike(at(), 300, rounds=5))
    assert state.conditioning_levels["bike_intervals"] == 1
    assert state.conditioning_failures["bike_intervals"] == 1


def test_conditioning_rounds_may_be_logged_one_set_each(brain, catalog):
    rounds = [lset("assault_bike", avg_watts=w) for w in (240, 260, 255, 250, 250, 251)]
    assert fold(brain, catalog, session(at(), *rounds)).conditioning_levels["bike_intervals"] == 2
    assert fold(brain, catalog, session(at(), *rounds[:5])).conditioning_levels["bike_intervals"] == 1


def test_conditioning_drops_after_k_failures_in_a_row(brain, catalog):
    up = bike(at(), 260)
    state = fold(brain, catalog, up, bike(at(days=2), 200))
    assert (state.conditioning_levels["bike_intervals"], state.conditioning_failures["bike_intervals"]) == (2, 1)
    state = fold(brain, catalog, up, bike(at(days=2), 200), bike(at(days=4), 200))
    assert (state.conditioning_levels["bike_intervals"], state.conditioning_failures["bike_intervals"]) == (1, 0)


def test_a_success_resets_the_failure_count(brain, catalog):
    # Level 2 asks for 8 rounds at 275 W.
    state = fold(brain, catalog, bike(at(), 260), bike(at(days=2), 200), bike(at(days=4), 280, 8), bike(at(days=6), 200))
    assert (state.conditioning_levels["bike_intervals"], state.conditioning_failures["bike_intervals"]) == (3, 1)


def test_conditioning_levels_stay_within_bounds(brain, catalog):
    top = fold(brain, catalog, *[bike(at(days=i), 400, rounds=10) for i in range(6)])
    assert top.conditioning_levels["bike_intervals"] == 4  # four levels
    bottom = fold(brain, catalog, *[bike(at(days=i), 100) for i in range(6)])
    assert bottom.conditioning_levels["bike_intervals"] == 1


def test_at_most_rule(brain, catalog):
    def run(seconds):
        logged = lset("run_intervals")._replace(metadata={"rounds_completed": 6, "seconds": seconds})
        return session(at(), logged, archetype="recovery")

    assert fold(brain, catalog, run(105)).conditioning_levels["run_intervals"] == 2
    assert fold(brain, catalog, run(115)).conditioning_levels["run_intervals"] == 1


def test_no_metric_logged_is_a_failure(brain, catalog):
    state = fold(brain, catalog, session(at(), lset("assault_bike", rounds_completed=6)))
    assert state.conditioning_failures["bike_intervals"] == 1


def test_plan_conditioning_block_and_rotation(brain, catalog):
    plan = recommend(brain, catalog, initial_state(brain), at())
    assert plan.conditioning.to_dict() == {
        "protocol": "bike_intervals",
        "level": 1,
        "levels": 4,
        "exercise": "assault_bike",
        "exercise_name": "Air Bike",
        "prescription": {"work_seconds": 20, "rest_seconds": 100, "rounds": 6, "target": {"avg_watts": 250.0}},
    }
    state = fold(brain, catalog, bike(at(), 260))
    plan = recommend(brain, catalog, state, at(days=2))
    assert (plan.conditioning.protocol, plan.conditioning.level) == ("row_intervals", 1)
    assert fold(brain, catalog, bike(at(), 260), session(at(days=2), lset("row_intervals", distance=1))).conditioning_rotation == {"performance": 0}


# --- records ------------------------------------------------------------------------------


def test_e1rm_is_epley():
    assert e1rm(100, 1) == 100.0
    assert e1rm(100, 10) == pytest.approx(133.333, abs=1e-3)
    assert e1rm(60, 30) == 120.0


def test_detect_prs(brain, catalog):
    state = fold(brain, catalog, session(at(), lset("back_squat", 100, 5), lset("back_squat", 100, 3)))
    assert state.records["back_squat"].best_reps == {100.0: 5}
    assert state.records["back_squat"].best_e1rm == pytest.approx(100 * (1 + 5 / 30))

    def prs(*args, **kwargs):
        return detect_prs(state, catalog, lset("back_squat", *args, **kwargs))

    assert prs(100, 6) == ["e1rm", "reps"]
    assert prs(100, 5) == []  # a tie is not a record
    assert prs(110, 5) == ["e1rm"]  # no reps record at 110 yet
    assert prs(90, 8) == []  # e1RM 114 < 116.7
    assert prs(100, 10, warmup=True) == []
    assert detect_prs(state, catalog, lset("front_squat", 200, 5)) == []  # the first set sets the mark


def test_bodyweight_reps_records(brain, catalog):
    state = fold(brain, catalog, session(at(), lset("chin_up", None, 10)))
    assert state.records["chin_up"].best_e1rm is None
    assert detect_prs(state, catalog, lset("chin_up", None, 12)) == ["reps"]
    assert detect_prs(state, catalog, lset("chin_up", None, 9)) == []


# --- state JSON, plan JSON, change summary -----------------------------------------------------


def busy_history():
    return [
        session(at(), *[lset("back_squat", 100, 6, rpe=8) for _ in range(4)], lset("plank", seconds=45), anchor="squat"),
        bike(at(days=1), 260),
        session(at(days=2.3), lset("chin_up", None, 8), lset("farmers_carry", 32.5, distance=40), archetype="recovery"),
        session(at(days=4), lset("deadlift", 142.5, 5, rpe=8.5), lset("deadlift", 142.5, 4), anchor="hinge"),
    ]


def test_state_json_round_trip_is_exact(brain, catalog):
    state = rebuild_state(brain, catalog, busy_history())
    data = json.loads(json.dumps(state_to_dict(state)))
    assert state_from_dict(data) == state
    assert state_from_dict(json.loads(json.dumps(state_to_dict(initial_state(brain))))) == initial_state(brain)


def test_rebuild_sorts_by_completion_then_id(brain, catalog):
    history = busy_history()
    incremental = fold(brain, catalog, *history)
    assert rebuild_state(brain, catalog, list(reversed(history))) == incremental
    same_time = [session(at(), lset("back_squat", 100, 5), id="b"), session(at(), lset("back_squat", 90, 5), id="a")]
    assert rebuild_state(brain, catalog, same_time).lifts["back_squat"].load == 100.0


def test_plan_to_dict(brain, catalog):
    state = rebuild_state(brain, catalog, busy_history())
    data = json.loads(json.dumps(recommend(brain, catalog, state, at(days=6)).to_dict()))
    assert data["archetype"] == "performance"
    assert data["anchor_pattern"] == "horizontal_push"
    assert data["reason"].startswith("Performance: horizontal_push owes the most")
    first, carry = data["slots"][0], data["slots"][3]
    assert first["exercise"] == "bench_press" and first["reps"] == [4, 6] and first["load"] is None
    # The carry stays on farmer's carry (a block of 12) at the load it was last done with.
    assert carry == {
        "pattern": "carry", "exercise": "farmers_carry", "exercise_name": "Farmer's Carry", "sets": 2,
        "load": 32.5, "rpe": 8.0, "rest_seconds": 90, "anchor": False, "distance": 40.0, "scheme": "double",
    }
    assert first["note"] == "no history: enter a working weight"
    assert first["work"] == [{"load": None, "reps": None, "amrap": False}] * 4
    assert data["conditioning"]["protocol"] == "row_intervals"


def test_describe_change(brain, catalog):
    history = busy_history()
    before = rebuild_state(brain, catalog, history[:3])
    after = apply_session(brain, catalog, before, history[3])
    change = describe_change(brain, before, after)
    rows = {c.key: (c.before, c.after) for c in change.debts}
    assert list(rows) == list(brain.logic.patterns)
    hinge_before = debts_at(brain, before, at(days=4))["hinge"]
    assert rows["hinge"] == (pytest.approx(hinge_before), pytest.approx(hinge_before - 2))
    assert [(c.key, c.before, c.after) for c in change.e1rm] == [("deadlift", None, pytest.approx(142.5 * (1 + 5 / 30)))]
    assert change.conditioning == ()
    level_change = describe_change(brain, initial_state(brain), apply_session(brain, catalog, initial_state(brain), bike(at(), 260)))
    assert [(c.key, c.before, c.after) for c in level_change.conditioning] == [("bike_intervals", 1, 2)]
    assert json.loads(json.dumps(change.to_dict()))["performance_streak"] == {"before": 0, "after": 1}
