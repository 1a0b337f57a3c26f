"""Property tests over random histories: the fold is consistent, bounded and never crashes."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flux_tui.brain.models import PATTERNS
from flux_tui.engine import (
    LoggedSet,
    SessionRecord,
    apply_session,
    debts_at,
    initial_state,
    rebuild_state,
    recommend,
    state_from_dict,
    state_to_dict,
)
from tests.core.core_helpers import T0

EXERCISES = [
    "back_squat", "front_squat", "goblet_squat", "deadlift", "bench_press", "barbell_row",
    "chin_up", "weighted_pull_up", "plank", "farmers_carry", "pallof_press", "bulgarian_split_squat",
    "assault_bike", "row_intervals", "run_intervals", "ski_intervals", "rowing_erg", "not_in_the_catalog",
]
maybe = st.none().__or__


def _metadata(rounds, watts, distance, seconds, calories):
    values = dict(rounds_completed=rounds, avg_watts=watts, distance=distance, seconds=seconds, calories=calories)
    return {k: v for k, v in values.items() if v is not None}


# Few draws per set (each field is one choice from a short list): generating
# histories, not folding them, is what costs time here.
metadata = st.builds(
    _metadata,
    st.sampled_from([None, 0, 5, 6, 8, 10]),
    st.sampled_from([None, 0, 249.5, 250, 300, 400]),
    st.sampled_from([None, 200.0, 250, 500]),
    st.sampled_from([None, 90, 110.0, 200]),
    st.sampled_from([None, 12, "n/a", True]),  # junk must be tolerated
)
logged_sets = st.builds(
    lambda exercise_id, weight, reps, seconds, distance, rpe, is_warmup, metadata: LoggedSet(
        "set", exercise_id, 0, weight, reps, seconds, distance, rpe, is_warmup, metadata
    ),
    st.sampled_from(EXERCISES),
    st.sampled_from([None, 0.0, 20.0, 61.25, 100.0, 102.5]),
    st.sampled_from([None, 0, 1, 4, 5, 6, 8, 10, 12, 15, 20]),
    st.sampled_from([None, 20.0, 45.0, 60.0]),
    st.sampled_from([None, 30.0, 40.0, 50.5]),
    st.sampled_from([None, 6.0, 7.5, 8.0, 9.0, 10.0]),
    st.booleans(),
    metadata,
)


@st.composite
def histories(draw):
    n = draw(st.integers(0, 12))
    ids = draw(st.lists(st.text("abcdef", min_size=1, max_size=4), min_size=n, max_size=n, unique=True))
    when = T0
    out = []
    for session_id in ids:
        # Zero gaps happen (two sessions in the same instant: the id breaks the tie).
        when += timedelta(minutes=draw(st.sampled_from([0, 30, 600, 1440, 3000, 20000, 60000])))
        status = draw(st.sampled_from(["completed", "completed", "completed", "abandoned", "active"]))
        out.append(
            SessionRecord(
                id=session_id,
                started_at=when - timedelta(hours=1),
                completed_at=when if status == "completed" else None,
                archetype=draw(st.sampled_from(["performance", "recovery"])),
                anchor_pattern=draw(maybe(st.sampled_from(PATTERNS))),
                status=status,
                sets=tuple(draw(st.lists(logged_sets, max_size=8))),
            )
        )
    return out


def check_history(brain, catalog, history, shuffle, hours_after, readiness):
    ordered = sorted(history, key=lambda s: (s.completed_at or s.started_at, s.id))
    state = initial_state(brain)
    for session in ordered:
        state = apply_session(brain, catalog, state, session)
        for pattern, debt in state.pattern_debts.items():
            assert 0.0 <= debt <= brain.logic.patterns[pattern].cap
        for name, level in state.conditioning_levels.items():
            protocol = brain.conditioning[name]
            assert 1 <= level <= len(protocol.levels)
            assert 0 <= state.conditioning_failures[name] < protocol.failures_to_drop

    shuffled = list(history)
    shuffle.shuffle(shuffled)
    assert rebuild_state(brain, catalog, shuffled) == state
    assert state_from_dict(json.loads(json.dumps(state_to_dict(state)))) == state

    now = (state.last_session_at or T0) + timedelta(hours=hours_after)
    for pattern, debt in debts_at(brain, state, now).items():
        assert 0.0 <= debt <= brain.logic.patterns[pattern].cap
    plan = recommend(brain, catalog, state, now, readiness)
    template = brain.template(plan.archetype)
    assert plan.anchor_pattern in template.anchor_patterns
    assert len(plan.slots) == len(template.slots)
    json.dumps(plan.to_dict())


ARGUMENTS = dict(
    history=histories(),
    shuffle=st.randoms(use_true_random=False),
    hours_after=st.floats(-48, 24 * 60),
    readiness=maybe(st.integers(1, 5)),
)


@settings(max_examples=200, deadline=None)
@given(**ARGUMENTS)
def test_random_histories(brain, catalog, history, shuffle, hours_after, readiness):
    check_history(brain, catalog, history, shuffle, hours_after, readiness)


@pytest.mark.slow
@settings(max_examples=10_000, deadline=None)
@given(**ARGUMENTS)
def test_random_histories_long(brain, catalog, history, shuffle, hours_after, readiness):
    check_history(brain, catalog, history, shuffle, hours_after, readiness)
