"""The forecast is the engine run forward: each day is what logging the previous days would plan."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from flux_tui.engine import (
    LoggedSet,
    SessionRecord,
    apply_session,
    as_prescribed,
    daily,
    forecast,
    initial_state,
    rebuild_state,
    recommend,
    state_to_dict,
)
from flux_tui.engine.loads import percent_of_max
from flux_tui.engine.simulation import SESSION_LENGTH
from tests.core.brains import with_progression, with_slot
from tests.core.core_helpers import at, lset, session


def one_set(catalog, exercise_id, n):
    """A plausible working set of the exercise, as its catalog tracking records one."""
    exercise = catalog[exercise_id]
    weight = (40.0 + n % 7 * 5) * (exercise.ratio or 0.5)
    return {
        "weight_reps": dict(weight=weight, reps=8, rpe=7), "reps": dict(reps=8), "seconds": dict(seconds=40),
        "weight_distance": dict(weight=weight, distance=40), "weight_seconds": dict(weight=weight, seconds=30),
        "distance_seconds": dict(distance=400, seconds=90),
    }[exercise.tracking]


def history(brain, catalog):
    """Each lift the default Brain selects done once, a day apart, main lifts last (so each pattern's
    block is on its first selection), as lighter days."""
    sessions, when = [], at(days=-len([e for ids in brain.selections.values() for e in ids]) - 2)
    for n, exercise in enumerate(reversed([e for ids in brain.selections.values() for e in ids])):
        when += timedelta(days=1)
        sessions.append(session(when, *[lset(exercise, **one_set(catalog, exercise, n)) for _ in range(3)],
                                archetype="recovery"))
    return sessions


def logged_by_hand(plan, started_at, n):
    """The plan as a person would log it, read off the plan's fields (not through as_prescribed)."""
    sets = []
    for slot in plan.slots:
        for work in slot.work:
            reps = work.reps if work.reps is not None else (slot.reps[0] if slot.reps else None)
            sets.append(LoggedSet(f"hand{n}-{len(sets)}", slot.exercise, len(sets), weight=work.load, reps=reps,
                                  seconds=slot.seconds, distance=slot.distance, rpe=slot.rpe))
    if plan.conditioning is not None:
        block = plan.conditioning
        metric = {"rounds_completed": block.rounds, **block.target}
        sets.append(LoggedSet(f"hand{n}-c", block.exercise, len(sets), metadata=metric))
    return SessionRecord(f"hand{n}", started_at, started_at + SESSION_LENGTH, plan.archetype,
                         plan.anchor_pattern, "completed", "", tuple(sets))


def test_a_forecast_equals_logging_its_sessions_one_by_one(brain, catalog):
    state = rebuild_state(brain, catalog, history(brain, catalog))
    days = forecast(brain, catalog, state, daily(at(), 28))
    assert [d.at for d in days] == [at(days=n) for n in range(28)]
    for n, day in enumerate(days):
        assert day.plan == recommend(brain, catalog, state, day.at)
        state = apply_session(brain, catalog, state, logged_by_hand(day.plan, day.at, n))
    # Loads moved: the forecast is not the same plan 28 times.
    squats = [s.load for d in days for s in d.plan.slots if s.exercise == "back_squat"]
    assert len(squats) >= 3 and squats[-1] > squats[0]


def test_every_weighted_slot_has_a_load_once_each_lift_was_done(brain, catalog):
    state = rebuild_state(brain, catalog, history(brain, catalog))
    weighted = [s for d in forecast(brain, catalog, state, daily(at(), 28)) for s in d.plan.slots
                if catalog[s.exercise].tracking.startswith("weight_")]
    assert len(weighted) > 60
    assert [s.exercise for s in weighted if s.load is None] == []


def test_the_forecast_writes_nothing_into_the_state(brain, catalog):
    state = rebuild_state(brain, catalog, history(brain, catalog))
    before = json.dumps(state_to_dict(state), sort_keys=True)
    forecast(brain, catalog, state, daily(at(), 10))
    assert json.dumps(state_to_dict(state), sort_keys=True) == before


def test_readiness_applies_to_the_first_day_only(brain, catalog):
    days = forecast(brain, catalog, initial_state(brain), daily(at(), 2), readiness=1)
    assert days[0].plan.reason == "Recovery: readiness 1 is below 3"
    assert days[1].plan.archetype == "performance"


def test_the_session_as_prescribed_meets_every_scheme(brain, catalog):
    # rpe on the anchor, percent on the deadlift: done as prescribed, nothing fails.
    schemes = with_progression(with_slot(brain, "performance", 0, scheme="rpe"), exercises={"deadlift": "percent"})
    state = rebuild_state(schemes, catalog, history(brain, catalog))
    days = forecast(schemes, catalog, state, daily(at(), 40))
    for day in days:
        state = apply_session(schemes, catalog, state, day.session)
        assert [state.lifts[s.exercise].failures for s in day.plan.slots] == [0] * len(day.plan.slots)
    assert {s.scheme for d in days for s in d.plan.slots} == {"rpe", "percent", "double"}
    deadlifts = [s for d in days for s in d.plan.slots if s.exercise == "deadlift"]
    assert [s.note.split(",")[0] for s in deadlifts[:5]] == [f"week {n} of 4" for n in (1, 2, 3, 4, 1)]
    maxes = [float(s.note.split("training max ")[1].split(" kg")[0]) for s in deadlifts[:5]]
    done = next(s for h in history(brain, catalog) for s in h.sets if s.exercise_id == "deadlift")
    first = 0.9 * done.weight / percent_of_max(done.reps, done.rpe)  # the history's deadlift
    assert maxes[:4] == [pytest.approx(first, abs=0.05)] * 4
    assert maxes[4] == pytest.approx(first + catalog["deadlift"].increment, abs=0.05)  # no hinge step: the catalog's


def test_as_prescribed_logs_the_plan(brain, catalog):
    state = rebuild_state(brain, catalog, history(brain, catalog))
    plan = recommend(brain, catalog, state, at())
    done = as_prescribed(plan, at(), "x")
    assert (done.archetype, done.anchor_pattern, done.status, done.completed_at) == (
        plan.archetype, plan.anchor_pattern, "completed", at(hours=1))
    first = plan.slots[0]
    squat = [s for s in done.sets if s.exercise_id == first.exercise]
    assert [(s.weight, s.reps, s.rpe) for s in squat] == [(w.load, w.reps, first.rpe) for w in first.work]
    assert done.sets[-1].metadata == {"rounds_completed": plan.conditioning.rounds, **plan.conditioning.target}
