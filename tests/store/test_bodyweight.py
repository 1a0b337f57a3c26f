"""The bodyweight log in the store and through Training: bounds, local days, outbox, e1RM of bodyweight lifts."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from flux_tui.errors import StoreRefused
from flux_tui.training import Training


@pytest.fixture
def training(tmp_path):
    t = Training.open(tmp_path / "flux.sqlite3")
    yield t
    t.close()


def test_a_weighing_is_stored_in_kg_queued_for_sync_and_read_back_oldest_first(training):
    late = datetime(2026, 3, 2, 7, 0, tzinfo=timezone.utc)
    training.log_bodyweight(81.0, late)
    training.log_bodyweight(82.5, late - timedelta(days=1))
    assert [w.kg for w in training.bodyweight_series()] == [82.5, 81.0]
    assert training.outbox.counts()["bodyweights"] == 2


def test_the_day_of_a_weighing_is_the_local_day_where_it_was_taken(training):
    from flux_tui.engine.bodyweight import Weighing

    moment = datetime(2026, 3, 1, 23, 30, tzinfo=timezone.utc)
    assert Weighing("x", moment, 80.0, utc_offset=60).local_day.isoformat() == "2026-03-02"
    assert Weighing("x", moment, 80.0, utc_offset=-300).local_day.isoformat() == "2026-03-01"
    stored = training.log_bodyweight(80.0, moment)
    assert training.bodyweight_series()[0].utc_offset == stored.utc_offset is not None


@pytest.mark.parametrize("kg,words", [(19.99, "out of range (20 to 400"), (400.01, "out of range (20 to 400"),
                                      (float("nan"), "not a finite number"), (float("inf"), "not a finite number")])
def test_a_weight_outside_the_bounds_is_refused_and_nothing_is_stored(training, kg, words):
    with pytest.raises(StoreRefused, match=words.replace("(", r"\(")):
        training.log_bodyweight(kg)
    assert training.bodyweight_series() == []


def test_the_table_itself_refuses_an_out_of_bounds_weight(training):
    import sqlite3

    with pytest.raises(sqlite3.IntegrityError):  # the CHECK, below the store's own bound check
        training._store.db.conn.execute(
            "INSERT INTO bodyweights (id, weight, measured_at, created_at, updated_at) VALUES ('x', 5, '', '', '')")


def test_a_deleted_weighing_leaves_the_series(training):
    kept = training.log_bodyweight(80.0)
    gone = training.log_bodyweight(90.0)
    assert training.delete_bodyweight(gone.id)
    assert not training.delete_bodyweight(gone.id)
    assert [w.id for w in training.bodyweight_series()] == [kept.id]


def test_a_weighted_pull_up_e1rm_counts_the_bodyweight_logged_by_then(training):
    start = datetime(2026, 3, 1, 10, 0, tzinfo=timezone.utc)
    training.log_bodyweight(80.0, start - timedelta(days=10))
    training.log_bodyweight(70.0, start + timedelta(days=5))  # after the session: not used for it
    sid = training.start_session(training.plan(start), now=start)
    training.log_set(sid, "weighted_pull_up", weight=20.0, reps=1, logged_at=start + timedelta(minutes=5))
    training.finish_session(sid, now=start + timedelta(minutes=30))
    assert [round(e, 6) for _, e in training.e1rm_series("weighted_pull_up")] == [100.0]


def test_a_pull_up_without_added_weight_has_an_e1rm_once_a_bodyweight_is_known(training):
    start = datetime(2026, 3, 1, 10, 0, tzinfo=timezone.utc)
    sid = training.start_session(training.plan(start), now=start)
    training.log_set(sid, "pull_up", reps=10, logged_at=start + timedelta(minutes=5))
    training.finish_session(sid, now=start + timedelta(minutes=30))
    assert training.e1rm_series("pull_up") == []
    training.log_bodyweight(75.0, start + timedelta(days=1))  # the first weighing stands for earlier ones
    assert [round(e, 6) for _, e in training.e1rm_series("pull_up")] == [round(75 * (1 + 10 / 30), 6)]
