"""The session screen's model: rows, the current set, prefills, swap/add/skip. Pure."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from flux_tui.engine.history import LoggedSet
from flux_tui.engine.plan import plan_from_dict
from flux_tui.training import load_shipped_catalog
from flux_tui.ui.session_model import SessionModel

PLAN_STORED = {
    "archetype": "performance",
    "anchor_pattern": "squat",
    "slots": [
        {"pattern": "squat", "exercise": "back_squat", "exercise_name": "Back Squat", "sets": 3, "reps": [4, 6],
         "target_reps": 5, "load": 100.0, "rest_seconds": 180},
        {"pattern": "carry", "exercise": "farmers_carry", "exercise_name": "Farmer's Carry", "sets": 2,
         "distance": 40.0, "load": None, "rest_seconds": 90},
    ],
    "conditioning": {"protocol": "bike_intervals", "level": 2, "levels": 4, "exercise": "assault_bike",
                     "exercise_name": "Air Bike",
                     "prescription": {"work_seconds": 20, "rest_seconds": 80, "rounds": 8,
                                      "target": {"avg_watts": 275.0}}},
}
PLAN = plan_from_dict(PLAN_STORED)  # as the session screen gets it: typed, from what the store holds


@pytest.fixture(scope="module")
def catalog():
    return load_shipped_catalog()


def logged(index, exercise="back_squat", weight=100.0, reps=5, warmup=False, **extra):
    return LoggedSet(id=f"s{index}", exercise_id=exercise, set_index=index, weight=weight, reps=reps,
                     is_warmup=warmup, logged_at=datetime(2026, 3, 2, tzinfo=timezone.utc), **extra)


def test_rows_follow_the_plan_and_the_first_pending_set_is_current(catalog):
    model = SessionModel.from_plan(PLAN, catalog, "kg")
    rows = model.rows()
    assert [(r.block, r.label) for r in rows] == [(0, "1"), (0, "2"), (0, "3"), (1, "1"), (1, "2"), (2, "1")]
    assert rows[0].current and not any(r.current for r in rows[1:])
    assert rows[0].prescribed == "5 @ 100 kg"
    assert rows[3].prescribed == "40 m"
    assert rows[5].prescribed == "8 × 20s/80s L2"


def test_logged_sets_fill_rows_and_warmups_do_not_count(catalog):
    model = SessionModel.from_plan(PLAN, catalog, "kg", [logged(0, weight=60, warmup=True), logged(1)])
    rows = model.rows()
    assert [(r.label, r.done) for r in rows[:3]] == [("W", "5 @ 60 kg"), ("1", "5 @ 100 kg"), ("2", "")]
    assert rows[2].current
    assert model.totals() == (1, 500.0)


def test_an_unplanned_exercise_gets_its_own_block(catalog):
    model = SessionModel.from_plan(PLAN, catalog, "kg", [logged(0, exercise="deadlift", weight=140, reps=3)])
    assert model.blocks[-1].exercise_id == "deadlift"
    assert model.rows()[-1].done == "3 @ 140 kg"


def test_prefill_uses_prescription_then_this_sessions_last_set(catalog):
    model = SessionModel.from_plan(PLAN, catalog, "kg")
    assert model.prefill(0) == {"weight": "100", "reps": "5", "seconds": "", "distance": ""}
    model.set_logged([logged(0, weight=102.5, reps=4)])
    assert model.prefill(0)["weight"] == "102.5" and model.prefill(0)["reps"] == "4"


def test_prefill_takes_last_times_working_set_at_the_rep_range_before_the_prescription(catalog):
    model = SessionModel.from_plan(PLAN, catalog, "kg")
    last = logged(9, weight=97.5, reps=6)
    assert model.prefill(0, last) == {"weight": "97.5", "reps": "6", "seconds": "", "distance": ""}
    model.set_logged([logged(0, weight=60, reps=10, warmup=True)])
    assert model.prefill(0, last)["weight"] == "97.5", "a warm-up of this session is not a working set"
    model.set_logged([logged(0, weight=101, reps=5)])
    assert model.prefill(0, last)["weight"] == "101", "this session's working set comes first"


def test_prefill_in_pounds(catalog):
    model = SessionModel.from_plan(PLAN, catalog, "lb")
    assert model.prefill(0)["weight"] == "220.46"
    assert model.rows()[0].prescribed == "5 @ 220.5 lb"


def test_prefill_for_intervals_takes_the_timer_rounds(catalog):
    model = SessionModel.from_plan(PLAN, catalog, "kg")
    assert model.prefill(2) == {"rounds_completed": "8", "avg_watts": "275"}
    assert model.prefill(2, timer_rounds=5)["rounds_completed"] == "5"


def test_no_history_and_no_load_leaves_the_weight_blank_and_asks_for_one(catalog):
    plan = plan_from_dict({**PLAN_STORED, "slots": [{**PLAN_STORED["slots"][0], "load": None}]})
    for unit in ("kg", "lb"):
        model = SessionModel.from_plan(plan, catalog, unit)
        values = model.prefill(0)
        assert values["weight"] == "" and model.needs_weight(0, values), "an empty bar is not a working weight"
    pull_ups = SessionModel.from_plan(plan_from_dict({"slots": [{"exercise": "weighted_pull_up", "sets": 3,
                                                                   "reps": [5, 8]}]}), catalog, "kg")
    assert not pull_ups.needs_weight(0, pull_ups.prefill(0)), "a bodyweight lift needs no added weight"


def test_set_types_show_as_words_and_only_warm_ups_leave_the_count(catalog):
    model = SessionModel.from_plan(PLAN, catalog, "kg", [
        logged(0, weight=60, warmup=True, set_type="warmup"), logged(1), logged(2, set_type="drop", weight=80),
        logged(3, set_type="failure")])
    rows = model.rows()[:5]
    assert [(r.label, r.prescribed) for r in rows[:4]] == [("W", "warm-up"), ("1", "5 @ 100 kg"), ("2", "drop"),
                                                          ("3", "failure")]
    assert model.totals() == (3, 500.0 + 400.0 + 500.0)


def test_an_amrap_set_of_the_plan_starts_the_form_at_amrap(catalog):
    plan = plan_from_dict({"slots": [{"exercise": "back_squat", "sets": 2, "reps": [5, 5], "load": 100.0,
                                      "work": [{"load": 100.0, "reps": 5}, {"load": 100.0, "reps": 5, "amrap": True}]}]})
    model = SessionModel.from_plan(plan, catalog, "kg")
    assert model.next_set_type(0) == "working"
    model.set_logged([logged(0)])
    assert model.next_set_type(0) == "amrap"


def test_the_changed_session_is_a_plan_that_reads_back_the_same(catalog):
    model = SessionModel.from_plan(PLAN, catalog, "kg", [logged(0)])
    model.swap(0, "front_squat")
    model.add_exercise("pull_up")
    model.skip_set(2)
    stored = model.to_plan(PLAN).to_dict()
    again = SessionModel.from_plan(plan_from_dict(stored), catalog, "kg", [logged(0)])
    assert [(b.exercise_id, b.planned, b.kind, b.added) for b in again.blocks] == [
        (b.exercise_id, b.planned, b.kind, b.added) for b in model.blocks if b.kind == "strength"] + [
        ("assault_bike", 1, "conditioning", False)]
    def shown(m):  # an added exercise comes back before the conditioning block: compare per exercise
        return sorted((m.blocks[r.block].exercise_id, r.label, r.prescribed, r.done) for r in m.rows())

    assert shown(again) == shown(model)


def test_swap_keeps_logged_sets_with_their_exercise(catalog):
    model = SessionModel.from_plan(PLAN, catalog, "kg", [logged(0)])
    model.swap(0, "front_squat")
    assert [b.exercise_id for b in model.blocks[:2]] == ["back_squat", "front_squat"]
    assert model.blocks[0].planned == 1 and model.blocks[1].planned == 2
    assert model.rows()[1].current and model.blocks[1].slot.load is None


def test_swap_before_any_set_replaces_the_exercise(catalog):
    model = SessionModel.from_plan(PLAN, catalog, "kg")
    model.swap(0, "front_squat")
    assert model.blocks[0].exercise_name == "Front Squat" and model.blocks[0].planned == 3


def test_add_exercise_add_set_skip_set(catalog):
    model = SessionModel.from_plan(PLAN, catalog, "kg")
    index = model.add_exercise("pull_up")
    assert model.blocks[index].exercise_id == "pull_up" and model.pending(index) == 3
    model.add_set(0)
    assert model.pending(0) == 4
    assert model.skip_set(1) and model.pending(1) == 1
    assert model.skip_set(1) and not model.skip_set(1)


def test_a_circuit_goes_round_in_slot_order_and_each_round_ends_where_it_wraps(catalog):
    def slot(exercise, sets, group):
        return {"pattern": "squat", "exercise": exercise, "exercise_name": exercise, "sets": sets, "reps": [8, 12],
                "rest_seconds": 60, "group": group}

    plan = plan_from_dict({"archetype": "performance", "anchor_pattern": "squat", "slots": [
        slot("back_squat", 2, "B"), slot("front_squat", 1, "B"), slot("goblet_squat", 2, "B"),
        slot("leg_press", 1, "")]})
    model = SessionModel.from_plan(plan, catalog, "kg")
    walked, rests = [], []
    while (index := model.active_block()) is not None:
        walked.append(model.blocks[index].exercise_id)
        model.set_logged([*model.sets, logged(len(model.sets), model.blocks[index].exercise_id)])
        rests.append(model.round_over(index))
    assert walked == ["back_squat", "front_squat", "goblet_squat", "back_squat", "goblet_squat", "leg_press"]
    assert rests == [False, False, True, False, True, True], "rest only after each round's last exercise"
    warm = SessionModel.from_plan(plan, catalog, "kg")
    warm.set_logged([logged(0, "back_squat", warmup=True)])
    assert warm.active_block() == 0, "a warm-up keeps the cursor on its exercise"
