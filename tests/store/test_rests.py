"""Remembered rests (a session's timer changed with +/-): one synced row per exercise, on real SQLite."""

from __future__ import annotations

import sqlite3

import pytest

from flux_tui.errors import StoreRefused
from flux_tui.store import Store, db
from flux_tui.training import Training


def test_a_rest_is_one_row_per_exercise_queued_only_when_it_changes(tmp_path):
    training = Training.open(tmp_path / "flux.sqlite3")
    store = training._store
    try:
        store.db.conn.execute("DELETE FROM outbox")
        training.remember_rest("back_squat", 240)
        training.remember_rest("back_squat", 200)
        training.remember_rest("barbell_row", 90)
        assert training.remembered_rests() == {"back_squat": 200, "barbell_row": 90}
        assert store.outbox.counts() == {"exercise_rests": 2}
        (row,) = store.outbox.rows("exercise_rests", ["back_squat"])
        assert (row["rest_seconds"], row["user_id"], row["deleted_at"]) == (200, None, None)

        store.db.conn.execute("DELETE FROM outbox")  # as after a push
        stamped = row["updated_at"]
        training.remember_rest("back_squat", 200)
        assert store.outbox.size() == 0, "the same rest again is no change to sync"
        assert store.outbox.rows("exercise_rests", ["back_squat"])[0]["updated_at"] == stamped

        with pytest.raises(StoreRefused, match="exercise_rests.rest_seconds"):
            training.remember_rest("back_squat", 3601)
        with pytest.raises(StoreRefused):
            training.remember_rest("no_such_exercise", 60)
        assert training.remembered_rests() == {"back_squat": 200, "barbell_row": 90}, "nothing refused was kept"
    finally:
        training.close()


def test_rests_kept_as_settings_before_version_11_move_to_the_table_and_are_queued(tmp_path):
    path = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(path)
    for version, migration in db.MIGRATIONS:
        if version < 11:
            conn.executescript(migration.read_text(encoding="utf-8"))
    conn.execute("PRAGMA user_version = 10")
    for exercise in ("back_squat", "custom_" + "a" * 32):
        conn.execute("INSERT INTO exercises (id, name, pattern, tracking, load_type, is_custom, created_at,"
                     " updated_at) VALUES (?, ?, 'squat', 'weight_reps', 'barbell', ?, 'x', 'x')",
                     (exercise, exercise, int(exercise.startswith("custom_"))))
    conn.execute("DELETE FROM outbox")
    conn.executemany("INSERT INTO settings (key, value) VALUES (?, ?)", [
        ("rest.back_squat", "240"), ("rest.custom_" + "a" * 32, "0"),
        ("rest.gone_exercise", "90"),        # an exercise the store does not hold
        ("rest.front_squat", "abc"), ("rest.deadlift", "3601"), ("rest.bench_press", ""),
        ("unit", "kg")])
    conn.commit()
    conn.close()

    opened = Store.open(path)
    try:
        assert opened.rests.remembered() == {"back_squat": 240, "custom_" + "a" * 32: 0}
        assert opened.outbox.counts() == {"exercise_rests": 2}, "queued: the next sync takes them up"
        keys = [k for (k,) in opened.db.rows("SELECT key FROM settings ORDER BY key")]
        assert "unit" in keys and not [k for k in keys if k.startswith("rest.")]
        (row,) = opened.outbox.rows("exercise_rests", ["back_squat"])
        assert row["created_at"] == row["updated_at"] and len(row["updated_at"]) == len("2026-12-02T07:30:00.123456+00:00")
    finally:
        opened.close()
