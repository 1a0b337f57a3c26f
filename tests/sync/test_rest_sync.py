"""A rest remembered on one laptop (the session timer's +/-) is that exercise's rest on the other too:
through the real PostgREST, as one account on two devices."""

from __future__ import annotations

import pytest

from tests.sync.conftest import assert_converged

pytestmark = pytest.mark.stack


def test_a_rest_remembered_on_laptop_a_is_laptop_b_s_and_a_later_change_comes_back(stack, user, devices):
    email, password, uid = user
    a, b = devices("laptop_a").login(email, password), devices("laptop_b").login(email, password)
    zercher = a.training.create_exercise("Zercher Squat", "squat", "weight_reps", "barbell", 2.5)
    a.training.remember_rest("back_squat", 150)
    a.training.remember_rest(zercher.id, 75)      # a custom exercise's rest: the exercise goes up first
    assert a.store.outbox.counts().get("exercise_rests") == 2
    report = a.sync()
    assert report.pushed["exercise_rests"] == 2 and not report.rejected
    assert b.training.remembered_rests() == {}
    b.sync()
    assert b.training.remembered_rests() == {"back_squat": 150, zercher.id: 75}

    b.training.remember_rest("back_squat", 200)   # changed on B: one row per exercise, so A's is replaced
    b.sync()
    a.sync()
    assert a.training.remembered_rests() == {"back_squat": 200, zercher.id: 75}
    counts = assert_converged(stack, uid, a, b)
    assert counts["exercise_rests"] == 2, "still one row per exercise on the server"
    assert a.store.outbox.size() == b.store.outbox.size() == 0


def test_a_refused_exercise_dropped_here_takes_its_remembered_rest_with_it(stack, user, devices):
    """The rest names the exercise: while the server refuses the exercise the rest waits (23503), and
    dropping the exercise (`flux-tui refused drop`) drops the rest too instead of failing on the reference."""
    email, password, _uid = user
    d = devices().login(email, password)
    odd = d.training.create_exercise("Check-me Curl", "elbow_flexion", "weight_reps", "dumbbell", 1.0)
    d.training.remember_rest(odd.id, 45)
    d.training.remember_rest("back_squat", 150)
    stack.psql("alter table public.exercises add constraint newer_name_check check (name not like 'Check-me%')")
    try:
        report = d.sync()
    finally:
        stack.psql("alter table public.exercises drop constraint newer_name_check")
    assert {(r["table"], r["id"], r["code"]) for r in report.rejected} == {
        ("exercises", odd.id, "23514"), ("exercise_rests", odd.id, "23503")}
    assert report.pushed["exercise_rests"] == 1, "the other exercise's rest went up"
    assert d.store.outbox.drop_refused("exercises", odd.id) == 2
    assert d.training.remembered_rests() == {"back_squat": 150}
    assert d.store.outbox.size() == 0 and d.store.outbox.refused() == []
    assert not d.sync().rejected
