"""Property tests over random histories: the fold is consistent, bounded and never crashes."""

from __future__ import annotations

import json
import random
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

# Each field of a logged set is one choice from a short list: drawing, not
# folding, is what costs time here.
SET_FIELDS = {
    "exercise_id": EXERCISES,
    "weight": [None, 0.0, 20.0, 61.25, 100.0, 102.5],
    "reps": [None, 0, 1, 4, 5, 6, 8, 10, 12, 15, 20],
    "seconds": [None, 20.0, 45.0, 60.0],
    "distance": [None, 30.0, 40.0, 50.5],
    "rpe": [None, 6.0, 7.5, 8.0, 9.0, 10.0],
    "is_warmup": [False, True],
}
METADATA = {
    "rounds_completed": [None, 0, 5, 6, 8, 10],
    "avg_watts": [None, 0, 249.5, 250, 300, 400],
    "distance": [None, 200.0, 250, 500],
    "seconds": [None, 90, 110.0, 200],
    "calories": [None, 12, "n/a", True],  # junk must be tolerated
}


def logged_set(exercise_id, weight, reps, seconds, distance, rpe, is_warmup, *metadata_values) -> LoggedSet:
    metadata = {key: value for key, value in zip(METADATA, metadata_values) if value is not None}
    return LoggedSet("set", exercise_id, 0, weight, reps, seconds, distance, rpe, is_warmup, metadata)


OPTIONS = [*SET_FIELDS.values(), *METADATA.values()]  # in logged_set's argument order

# Every choice a Hypothesis draw, so failures shrink to small histories.
drawn_sets = st.lists(st.builds(logged_set, *map(st.sampled_from, OPTIONS)), max_size=8).map(tuple)


def seeded_sets(seed: int) -> tuple[LoggedSet, ...]:
    """One draw per session: 10,000 long examples stay fast and small in memory, at the cost of shrinking."""
    rng = random.Random(seed)
    return tuple(logged_set(*map(rng.choice, OPTIONS)) for _ in range(rng.randint(0, 8)))


@st.composite
def histories(draw, sets):
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
                sets=draw(sets),
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
    shuffle=st.randoms(use_true_random=False),
    hours_after=st.floats(-48, 24 * 60),
    readiness=maybe(st.integers(1, 5)),
)


@settings(max_examples=200, deadline=None)
@given(history=histories(drawn_sets), **ARGUMENTS)
def test_random_histories(brain, catalog, history, shuffle, hours_after, readiness):
    check_history(brain, catalog, history, shuffle, hours_after, readiness)


@pytest.mark.slow
@settings(max_examples=10_000, deadline=None)
@given(history=histories(st.integers(0, 2**32 - 1).map(seeded_sets)), **ARGUMENTS)
def test_random_histories_long(brain, catalog, history, shuffle, hours_after, readiness):
    check_history(brain, catalog, history, shuffle, hours_after, readiness)
