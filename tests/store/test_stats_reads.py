"""The statistics' reads (store/stats.py): the volume tally stays in step with the sets through every
kind of write, and the records read by seeks equal the records computed from every set."""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone

import pytest

from benchmarks.history_data import populate
from flux_tui.engine.records import e1rm
from flux_tui.settings import STORE_FILENAME
from flux_tui.store.stats import StatsViews
from flux_tui.training import Training

TALLY = """SELECT session_id, exercise_id, count(*), round(sum(coalesce(weight, 0) * coalesce(reps, 0)), 6)
           FROM workout_sets WHERE deleted_at IS NULL AND is_warmup = 0 GROUP BY session_id, exercise_id"""


@pytest.fixture
def training(flux_home):
    training = Training.open(flux_home / STORE_FILENAME)
    populate(training._store, 1000)
    yield training
    training.close()


def tally(store) -> set[tuple]:
    return {(r[0], r[1], r[2], round(r[3], 6)) for r in store.db.rows(
        "SELECT session_id, exercise_id, working_sets, volume_kg FROM exercise_volume")}


def counted(store) -> set[tuple]:
    return {tuple(r) for r in store.db.rows(TALLY)}


def test_the_tally_follows_imports_logs_deletes_and_restores(training):
    store = training._store
    assert tally(store) == counted(store) and len(counted(store)) > 100
    rng = random.Random(3)
    set_ids = [r[0] for r in store.db.rows("SELECT id FROM workout_sets ORDER BY id")]
    deleted = rng.sample(set_ids, 40)
    for set_id in deleted:
        training.delete_set(set_id)
    assert tally(store) == counted(store)
    for set_id in deleted[:20]:
        training.restore_set(set_id)
    start = datetime(2026, 3, 2, 8, tzinfo=timezone.utc)
    session_id = training.start_session(training.plan(start), now=start)
    training.log_set(session_id, "back_squat", weight=100.0, reps=5, logged_at=start + timedelta(minutes=3))
    training.log_set(session_id, "back_squat", weight=50.0, reps=5, is_warmup=True, logged_at=start + timedelta(minutes=4))
    logged, _ = training.log_set(session_id, "back_squat", weight=102.5, reps=3, logged_at=start + timedelta(minutes=6))
    training.delete_set(logged.id)
    assert (session_id, "back_squat", 1, 500.0) in tally(store)
    assert tally(store) == counted(store)
    with store.db.transaction() as conn:  # an edit that moves a set to another exercise
        conn.execute("UPDATE workout_sets SET exercise_id = 'front_squat' WHERE id = ?", (set_ids[5],))
    assert tally(store) == counted(store)


def test_records_read_by_seeks_equal_those_of_every_set(training):
    store = training._store
    # the session of the heaviest back squat is abandoned: its sets hold no record
    with store.db.transaction() as conn:
        conn.execute("""UPDATE workout_sessions SET status = 'abandoned' WHERE id = (SELECT session_id
                        FROM workout_sets WHERE exercise_id = 'back_squat' ORDER BY weight DESC LIMIT 1)""")
    rows = store.db.rows(
        """SELECT w.exercise_id, w.reps, w.weight, s.started_at, s.status FROM workout_sets w
           JOIN workout_sessions s ON s.id = w.session_id
           WHERE w.deleted_at IS NULL AND w.is_warmup = 0 AND w.weight > 0 AND w.reps >= 1 AND s.deleted_at IS NULL""")
    assert any(r[4] == "abandoned" for r in rows)
    best: dict[tuple[str, int], tuple[float, str]] = {}
    for exercise_id, reps, weight, started, status in rows:
        if status != "completed":
            continue
        old = best.get((exercise_id, reps))
        if old is None or weight > old[0] or (weight == old[0] and started < old[1]):
            best[(exercise_id, reps)] = (weight, started)
    records = training.records()
    for exercise_id, r in records.items():
        loads = {reps: value for (e, reps), value in best.items() if e == exercise_id}
        assert {n: x.value for n, x in r.loads.items()} == {n: w for n, (w, _) in loads.items() if n <= 12}
        assert r.e1rm.value == pytest.approx(max(e1rm(w, n) for n, (w, _) in loads.items()))
    assert set(records) == {e for e, _ in best}
    volumes = {}
    for session_id, exercise_id, _, volume in counted(store):
        status = store.db.value("SELECT status FROM workout_sessions WHERE id = ?", (session_id,))
        if status == "completed" and volume > 0:
            volumes[exercise_id] = max(volumes.get(exercise_id, 0), volume)
    assert {e: round(r.volume.value, 6) for e, r in records.items() if r.volume} == volumes


@pytest.mark.parametrize("method", ["load_bests", "volume_bests"])
def test_records_walk_indexes_without_scanning_the_sets(training, method):
    views = StatsViews(training._store.db)
    statements = []
    training._store.db.conn.set_trace_callback(statements.append)
    getattr(views, method)(["back_squat"])
    training._store.db.conn.set_trace_callback(None)
    sql = next(s for s in statements if s.lstrip().startswith(("WITH", "SELECT")))
    steps = [r[3] for r in training._store.db.conn.execute("EXPLAIN QUERY PLAN " + sql.replace("?", "'back_squat'"))]
    # every read of the sets or the tally is a seek of an index (the final sort is of the few results)
    assert not [step for step in steps if step.startswith(("SCAN w", "SCAN v", "SCAN b", "SCAN s"))], steps
    assert any(("records_idx" if method == "load_bests" else "exercise_volume_best_idx") in step for step in steps)
