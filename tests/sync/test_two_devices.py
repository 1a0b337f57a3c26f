"""Two data directories signed in as the same user converge to each other and to the server."""

from __future__ import annotations

from datetime import timedelta

import pytest

from flux_tui.timefmt import utc_now
from tests.sync.conftest import assert_converged

pytestmark = pytest.mark.stack


def test_two_laptops_offline_then_sync_end_identical(stack, user, devices):
    email, password, uid = user
    a, b = devices("laptop_a"), devices("laptop_b")
    base = utc_now() - timedelta(days=10)
    # offline: each logs its own sessions before ever signing in
    a.log_session(3, when=base)
    a.log_session(4, "deadlift", when=base + timedelta(days=2))
    b.log_session(2, "front_squat", when=base + timedelta(days=1))
    a.login(email, password)
    b.login(email, password)

    ra = a.sync()
    assert ra.pushed["workout_sets"] == 7 and ra.pushed["user_configs"] == 1
    rb = b.sync()
    assert rb.adopted_config, "the second laptop adopts the account's Brain instead of adding a second one"
    assert rb.rebuilt_state
    a.sync()
    counts = assert_converged(stack, uid, a, b)
    assert counts == {"exercises": 0, "workout_sessions": 3, "workout_sets": 9, "user_configs": 1, "bodyweights": 0,
                      "exercise_rests": 0}
    assert a.store.outbox.size() == b.store.outbox.size() == 0
    # the state counts all three sessions on both
    assert a.training.state == b.training.state

    # more offline work on both, then sync again
    a.log_session(2, when=utc_now() - timedelta(hours=5))
    b.store.sessions.set_notes(b.store.history.last_completed().id, "felt strong")
    for d in (a, b, a, b):
        d.sync()
    counts = assert_converged(stack, uid, a, b)
    assert counts["workout_sessions"] == 4


def test_a_sync_with_nothing_pending_makes_one_request(stack, user, devices):
    email, password, uid = user
    a = devices().login(email, password)
    a.log_session(2)
    a.sync()
    a.sync()   # pulls the echo of the rebuilt/pushed rows if any
    report = a.sync()
    assert report.requests == 1, report
    assert report.pushed == {} and report.pending == 0


def test_custom_exercises_travel_before_their_sets(stack, user, devices):
    import uuid

    email, password, uid = user
    a, b = devices("a").login(email, password), devices("b").login(email, password)
    custom = f"custom_{uuid.uuid4().hex}"
    a.store.exercises.add_custom([{"id": custom, "name": "Zercher Carry", "tracking": "weight_reps",
                                   "load_type": "barbell"}])
    a.training._forget()
    a.log_session(2, custom)
    a.sync(), b.sync(), a.sync()
    counts = assert_converged(stack, uid, a, b)
    assert counts["exercises"] == 1 and counts["workout_sets"] == 2
    assert any(e["id"] == custom for e in b.store.exercises.all())


def test_a_session_keeps_the_offset_of_the_place_it_was_logged_on_every_device(stack, user, devices):
    """Logged in Tokyo, read in New York: the other laptop shows the Tokyo date (utc_offset is synced)."""
    import os
    import time

    from flux_tui.timefmt import local_start

    email, password, uid = user
    a, b = devices("tokyo").login(email, password), devices("new_york").login(email, password)
    previous = os.environ.get("TZ")
    try:
        os.environ["TZ"] = "Asia/Tokyo"
        time.tzset()
        when = (utc_now() - timedelta(days=3)).replace(hour=22, minute=30)  # 07:30 the next day in Tokyo
        a.log_session(2, when=when)
        a.sync()
        os.environ["TZ"] = "America/New_York"
        time.tzset()
        b.sync()
        (row,) = b.training.recent_sessions(5)
        assert row.utc_offset == 540
        assert local_start(row).date() == (when + timedelta(hours=9)).date()
    finally:
        if previous is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = previous
        time.tzset()


def test_a_sessions_title_and_exercise_notes_reach_the_other_device(stack, user, devices):
    """Named and annotated on one laptop, read on the other (title and exercise_notes are synced)."""
    email, password, uid = user
    a, b = devices("laptop_a").login(email, password), devices("laptop_b").login(email, password)
    a.log_session(2, when=utc_now() - timedelta(days=2))
    session = a.store.history.last_completed()
    a.training.set_title(session.id, "Lower A – Kniebeuge")
    a.training.set_exercise_note(session.id, "back_squat", 'belt on, "easy"\nleft knee ok')
    a.sync()
    b.sync()
    got = b.store.sessions.get(session.id)
    assert (got.title, dict(got.exercise_notes)) == ("Lower A – Kniebeuge",
                                                    {"back_squat": 'belt on, "easy"\nleft knee ok'})
    server = stack.psql(f"select title || '|' || (exercise_notes ->> 'back_squat') from public.workout_sessions"
                        f" where id = '{session.id}'")
    assert server.strip() == 'Lower A – Kniebeuge|belt on, "easy"\nleft knee ok'
    assert_converged(stack, uid, a, b)
