"""The local store on real SQLite files."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta, timezone

import pytest
import yaml

from flux_tui.engine.history import LoggedSet, SessionRecord
from flux_tui.errors import StoreError
from flux_tui.store import Store
from flux_tui.store.db import SCHEMA_VERSION, list_backups, restore_backup

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=timezone.utc)


@pytest.fixture
def catalog_rows():
    from importlib import resources

    return yaml.safe_load(resources.files("flux_tui.data").joinpath("catalog.yaml").read_text())


@pytest.fixture
def store(tmp_path, catalog_rows):
    opened = Store.open(tmp_path / "flux.sqlite3")
    opened.exercises.upsert_shipped(catalog_rows)
    yield opened
    opened.close()


def test_new_store_is_wal_and_at_latest_schema(store):
    assert store.db.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.db.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert store.db.integrity_check() == "ok"


def test_catalog_upsert_twice_changes_nothing(store, catalog_rows):
    assert store.exercises.upsert_shipped(catalog_rows) == 0
    assert len(store.exercises.all()) == len(catalog_rows)
    renamed = [dict(catalog_rows[0], name="Renamed"), *catalog_rows[1:]]
    assert store.exercises.upsert_shipped(renamed) == 1


def test_catalog_muscles_and_ratio_are_stored_and_read_back(store, catalog_rows):
    by_id = {e["id"]: e for e in store.exercises.all()}
    for row in catalog_rows:
        stored = by_id[row["id"]]
        assert (stored["primary_muscles"], stored["secondary_muscles"], stored["ratio"]) == (
            row["primary_muscles"], row["secondary_muscles"], row["ratio"]), row["id"]
    changed = [dict(catalog_rows[0], secondary_muscles=["neck"], ratio=0.5), *catalog_rows[1:]]
    assert store.exercises.upsert_shipped(changed) == 1  # a change of muscles or ratio alone is written
    assert {e["id"]: e for e in store.exercises.all()}[catalog_rows[0]["id"]]["ratio"] == 0.5


def test_custom_exercises_keep_their_pattern_and_muscles(store):
    row = {"id": "custom_" + "a" * 32, "name": "Jalá Curl", "pattern": "elbow_flexion", "tracking": "weight_reps",
           "load_type": "dumbbell", "increment": 2.0, "primary_muscles": ["biceps"], "secondary_muscles": ["forearms"]}
    assert store.exercises.add_custom([row]) == 1
    stored = {e["id"]: e for e in store.exercises.all()}[row["id"]]
    assert (stored["pattern"], stored["primary_muscles"], stored["secondary_muscles"], stored["ratio"]) == (
        "elbow_flexion", ["biceps"], ["forearms"], None)


def test_a_store_from_before_the_muscles_migrates_with_empty_lists(tmp_path):
    from flux_tui.store import db

    path = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(path)
    for version, migration in db.MIGRATIONS:
        if version < 3:
            conn.executescript(migration.read_text(encoding="utf-8"))
    conn.execute("PRAGMA user_version = 2")
    conn.execute("INSERT INTO exercises (id, name, pattern, tracking, load_type, created_at, updated_at) "
                 "VALUES ('back_squat', 'Back Squat', 'squat', 'weight_reps', 'barbell', 'x', 'x')")
    conn.commit()
    conn.close()
    opened = Store.open(path)
    try:
        (squat,) = opened.exercises.all()
        assert (squat["primary_muscles"], squat["secondary_muscles"], squat["ratio"]) == ([], [], None)
    finally:
        opened.close()


def test_logged_set_is_visible_from_another_connection_at_once(store, tmp_path):
    session_id = store.sessions.start("performance", "squat", {"slots": []}, T0)
    logged = store.sessions.log_set(session_id, "back_squat", weight=102.5, reps=5, rpe=8.0)
    other = sqlite3.connect(tmp_path / "flux.sqlite3")
    row = other.execute("SELECT weight, reps, rpe, set_index FROM workout_sets WHERE id = ?", (logged.id,)).fetchone()
    assert row == (102.5, 5, 8.0, 0)


def test_sets_are_indexed_in_order_and_deletes_are_soft_and_undoable(store):
    session_id = store.sessions.start("performance", "squat", None, T0)
    first = store.sessions.log_set(session_id, "back_squat", weight=100, reps=5)
    second = store.sessions.log_set(session_id, "back_squat", weight=100, reps=5)
    assert (first.set_index, second.set_index) == (0, 1)
    store.sessions.delete_set(first.id)
    assert [s.id for s in store.sessions.sets(session_id)] == [second.id]
    store.sessions.undelete_set(first.id)
    assert [s.id for s in store.sessions.sets(session_id)] == [first.id, second.id]


def test_only_one_active_session_and_it_resumes_with_its_sets(store):
    session_id = store.sessions.start("recovery", "core", {"k": 1}, T0)
    store.sessions.log_set(session_id, "plank", seconds=60)
    with pytest.raises(StoreError, match="already active"):
        store.sessions.start("performance", "squat", None, T0)
    record, plan = store.sessions.active()
    assert record.id == session_id and plan == {"k": 1}
    assert [s.seconds for s in record.sets] == [60]


def test_constraint_violations_become_store_errors(store):
    session_id = store.sessions.start("performance", "squat", None, T0)
    with pytest.raises(StoreError, match="refused"):
        store.sessions.log_set(session_id, "back_squat", weight=-5, reps=5)
    with pytest.raises(StoreError, match="refused"):
        store.sessions.log_set(session_id, "no_such_exercise", weight=5, reps=5)
    assert store.sessions.sets(session_id) == ()


def test_logging_into_a_finished_session_is_refused(store):
    session_id = store.sessions.start("performance", "squat", None, T0)
    store.sessions.abandon(session_id, T0 + timedelta(hours=1))
    with pytest.raises(StoreError, match="not active"):
        store.sessions.log_set(session_id, "back_squat", weight=100, reps=5)


def test_every_change_is_queued_in_the_outbox_once_per_row(store):
    session_id = store.sessions.start("performance", "squat", None, T0)
    logged = store.sessions.log_set(session_id, "back_squat", weight=100, reps=5)
    store.sessions.delete_set(logged.id)
    queued = store.db.conn.execute("SELECT table_name, row_id FROM outbox ORDER BY seq").fetchall()
    assert sorted(queued) == sorted([("workout_sessions", session_id), ("workout_sets", logged.id)])


def test_rows_applied_from_the_server_are_not_queued(store):
    store.db.conn.execute("UPDATE settings SET value = '1' WHERE key = 'applying_remote'")
    store.sessions.start("performance", "squat", None, T0)
    store.db.conn.execute("UPDATE settings SET value = '0' WHERE key = 'applying_remote'")
    assert store.outbox.size() == 0


def _history(n_sessions: int) -> list[SessionRecord]:
    return [
        SessionRecord(
            id=f"00000000-0000-0000-0000-{i:012d}", started_at=T0 + timedelta(days=i),
            completed_at=T0 + timedelta(days=i, hours=1), archetype="performance", anchor_pattern="squat",
            status="completed", notes=f"day {i}",
            sets=tuple(
                LoggedSet(id=f"10000000-0000-0000-{i:04d}-{k:012d}", exercise_id="back_squat", set_index=k,
                          weight=100 + i, reps=5, is_warmup=k == 0, metadata={"n": k},
                          logged_at=T0 + timedelta(days=i, minutes=k))
                for k in range(3)
            ),
        )
        for i in range(n_sessions)
    ]


def test_import_is_idempotent_and_round_trips(store):
    history = _history(5)
    first = store.bulk.import_sessions(history)
    again = store.bulk.import_sessions(history)
    assert (first.sessions_added, first.sets_added) == (5, 15)
    assert (again.sessions_added, again.sets_added) == (0, 0)
    assert list(store.sessions.completed()) == history



CUSTOM = {"id": "custom_" + "ab" * 16, "name": "Sled Drag", "tracking": "distance_seconds"}


def _outbox(store) -> set[tuple[str, str]]:
    return set(store.db.conn.execute("SELECT table_name, row_id FROM outbox").fetchall())


def _rows(store) -> set[tuple[str, str]]:
    found = {("workout_sessions", r[0]) for r in store.db.conn.execute("SELECT id FROM workout_sessions")}
    found |= {("workout_sets", r[0]) for r in store.db.conn.execute("SELECT id FROM workout_sets")}
    found |= {("exercises", r[0]) for r in store.db.conn.execute("SELECT id FROM exercises WHERE is_custom = 1")}
    return found


def _schema(store) -> list[str]:
    """Indexes and triggers: an import takes some off for its transaction and must put them back."""
    return [r[0] for r in store.db.conn.execute("SELECT sql FROM sqlite_master WHERE type IN ('index', 'trigger')"
                                             " ORDER BY name")]


@pytest.mark.parametrize("before", [0, 40], ids=["into an empty history", "into a larger history"])
def test_an_import_queues_exactly_the_rows_it_added_and_puts_the_triggers_back(store, before):
    # The import queues its rows itself, with the outbox insert triggers off for its transaction.
    # Into an empty history it also creates the sets' indexes after inserting; into a history
    # larger than the import it keeps them up to date row by row.
    schema = _schema(store)
    history = _history(before + 5)
    store.bulk.import_sessions(history[:before])
    store.db.conn.execute("DELETE FROM outbox")  # as after a sync
    counts = store.bulk.import_sessions(history, [CUSTOM])
    assert (counts.sessions_added, counts.sets_added, counts.exercises_added) == (5, 15, 1)
    added = {("workout_sessions", r.id) for r in history[before:]}
    added |= {("workout_sets", s.id) for r in history[before:] for s in r.sets}
    added.add(("exercises", CUSTOM["id"]))
    assert _outbox(store) == added
    assert store.settings.get("applying_remote") == "0"
    assert _schema(store) == schema and store.db.integrity_check() == "ok"
    # The triggers queue the next change as before.
    session_id = store.sessions.start("performance", "squat", None, T0)
    assert ("workout_sessions", session_id) in _outbox(store)


def test_an_import_queues_every_row_of_a_new_store(store):
    store.bulk.import_sessions(_history(6), [CUSTOM])
    assert _outbox(store) == _rows(store)
    again = store.bulk.import_sessions(_history(6), [CUSTOM])
    assert (again.sessions_added, again.sets_added, again.exercises_added) == (0, 0, 0)
    assert _outbox(store) == _rows(store) and store.outbox.size() == len(_rows(store))


@pytest.mark.parametrize("before", [0, 40], ids=["into an empty history", "into a larger history"])
def test_a_failed_import_leaves_nothing_behind(store, before):

    store.bulk.import_sessions(_history(before))
    rows, queued, schema = _rows(store), _outbox(store), _schema(store)
    history = _history(before + 5)
    bad = history[-1]
    history[-1] = bad._replace(sets=(*bad.sets[:-1], bad.sets[-1]._replace(weight=-1.0)))  # refused by a CHECK
    with pytest.raises(StoreError, match="nothing was imported"):
        store.bulk.import_sessions(history, [CUSTOM])
    assert _rows(store) == rows and _outbox(store) == queued
    assert store.settings.get("applying_remote") == "0"
    assert _schema(store) == schema and store.db.integrity_check() == "ok"
    assert store.db.conn.execute("PRAGMA cache_size").fetchone()[0] == -2000


def test_completed_sessions_are_read_only_records_equal_to_what_was_imported(store):
    history = _history(3)
    store.bulk.import_sessions(history)
    records = list(store.sessions.completed())
    assert records == history
    with pytest.raises(TypeError):
        records[0].sets[0].metadata["n"] = 9  # shared between sets with the same text: read-only

def test_history_pages_by_keyset_newest_first(store):
    store.bulk.import_sessions(_history(7))
    first = store.history.sessions_page(limit=3)
    rest = store.history.sessions_page(limit=10, before=(first[-1].started_at.isoformat(), first[-1].id))
    days = [row.notes for row in first + rest]
    assert days == [f"day {i}" for i in range(6, -1, -1)]
    assert first[0].set_count == 2 and first[0].volume_kg == 2 * 5 * 106  # working sets: the warm-up counts in neither


def test_a_store_from_a_newer_version_is_refused_untouched(tmp_path):
    path = tmp_path / "flux.sqlite3"
    Store.open(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    before = path.read_bytes()
    with pytest.raises(StoreError, match="newer flux-tui"):
        Store.open(path)
    assert path.read_bytes() == before


@pytest.mark.parametrize("content", [b"this is not a database at all" * 100, b"SQLite format 3\x00" + b"\x00" * 50])
def test_a_garbage_file_is_refused_with_a_clear_message(tmp_path, content):
    path = tmp_path / "flux.sqlite3"
    path.write_bytes(content)
    with pytest.raises(StoreError, match="flux.sqlite3"):
        Store.open(path)
    assert path.read_bytes() == content


def test_a_foreign_sqlite_file_is_refused(tmp_path):
    path = tmp_path / "other.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE mine (x)")
    with pytest.raises(StoreError, match="not a FLUX store"):
        Store.open(path)


def test_restore_brings_a_backup_back(store, tmp_path):
    from flux_tui.store.db import backup

    store.bulk.import_sessions(_history(2))
    saved = backup(store.db.conn, store.path, reason="test")
    store.bulk.reset()
    store.close()
    restore_backup(saved, store.path)
    reopened = Store.open(store.path)
    assert len(list(reopened.sessions.completed())) == 2
    assert any("before-restore" in p.name for p in list_backups(store.path))
    reopened.close()


def test_durability_settings_are_pinned(store):
    # synchronous=FULL (2): a commit that returned has reached the disk. WAL: readers never block the writer.
    assert store.db.value("PRAGMA synchronous") == 2
    assert store.db.value("PRAGMA journal_mode") == "wal"
    assert store.db.value("PRAGMA foreign_keys") == 1


def test_a_transaction_takes_the_write_lock_before_its_first_statement(store, tmp_path):
    """A deferred BEGIN would let two processes read the same state and then both write: the second
    writer's commit would fail, or fold from what it read. BEGIN IMMEDIATE takes the lock up front."""
    other = sqlite3.connect(tmp_path / "flux.sqlite3", isolation_level=None, timeout=0)
    try:
        with store.db.transaction() as conn:
            conn.execute("SELECT count(*) FROM workout_sets").fetchone()  # a read only, no write yet
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
        other.execute("BEGIN IMMEDIATE")  # free again after the commit
        other.execute("ROLLBACK")
    finally:
        other.close()


def test_every_history_write_derives_the_state_before_it_commits(store, catalog_rows):
    """Whatever path writes the history, the commit leaves the derivation clean."""
    from flux_tui.brain.models import brain_to_dict
    from flux_tui.brain.validate import load_brain_text
    from flux_tui.engine.state import initial_state, state_to_dict
    from flux_tui.brain.models import catalog_from_list
    from flux_tui.training import default_brain_text

    brain = load_brain_text(default_brain_text(), "brain.yaml", catalog_from_list(store.exercises.all()))
    sections = brain_to_dict(brain)
    store.seed(catalog_rows, sections.pop("version"), sections, state_to_dict(initial_state(brain)))
    assert store.derived.mark().clean
    store.bulk.import_sessions(_history(3))
    assert store.derived.mark().clean and store.derived.mark().last[1] == _history(3)[-1].id
    logged = store.sessions.sets(_history(3)[0].id)[0]
    store.sessions.delete_set(logged.id)  # a set of a completed session: the fold reads it
    mark = store.derived.mark()
    assert mark.clean
    with store.db.transaction() as conn:  # even a raw statement through the store's transaction
        conn.execute("UPDATE workout_sets SET reps = 1 WHERE id = ?", (store.sessions.sets(_history(3)[1].id)[0].id,))
    assert store.derived.mark().clean and store.derived.mark().history_version > mark.history_version
    from flux_tui.engine.fold import rebuild_state

    inputs = store.derived.inputs()
    assert state_to_dict(inputs.state) == state_to_dict(rebuild_state(inputs.brain, inputs.catalog,
                                                                       store.sessions.completed()))


def test_a_rebuild_compares_the_stored_state_with_the_history_of_the_same_commit(tmp_path):
    """Another process finishing a session between a rebuild's two reads (the stored state, then the
    history) must not make the rebuild report DIFFERS: both are read in one snapshot."""
    from flux_tui.training import Training
    from tests.reliability.helpers import seeded_store

    path = tmp_path / "flux.sqlite3"
    training = seeded_store(path, sessions=3)
    other = Training.open(path)  # a second connection, as another app or command has
    sessions = training._store.sessions
    read_history = sessions.fold_input

    def history_after_another_commit():
        at = T0 + timedelta(days=2)
        session_id = other.start_session(other.plan(now=at), now=at)
        other.log_set(session_id, "deadlift", weight=150.0, reps=3, logged_at=at)
        other.finish_session(session_id, now=at + timedelta(hours=1))
        return read_history()

    try:
        sessions.fold_input = history_after_another_commit
        result = training.rebuild()
        assert result.matched
        del sessions.fold_input
        assert training.rebuild().matched  # and the next rebuild sees the new session, matching too
        assert len(list(sessions.fold_input())) == 4
    finally:
        other.close()
        training.close()


def test_the_fold_reads_nothing_its_input_leaves_out(tmp_path):
    """Rebuilds fold `Sessions.fold_input` (working sets only, no set ids or times: ~40% cheaper at
    100k sets): the state must be the one the whole records give, on a history with every kind of set."""
    from flux_tui.engine.fold import rebuild_state
    from flux_tui.engine.state import state_to_dict
    from tests.reliability.helpers import seeded_store

    training = seeded_store(tmp_path / "flux.sqlite3", sessions=4)
    try:
        start = T0 + timedelta(days=3)
        session_id = training.start_session(training.plan(now=start), now=start)
        training.log_set(session_id, "assault_bike", seconds=30.0, metadata={"rounds_completed": 8, "avg_watts": 250},
                         logged_at=start)
        training.log_set(session_id, "plank", seconds=45.0, logged_at=start)
        training.log_set(session_id, "deadlift", weight=60.0, reps=5, is_warmup=True, logged_at=start)
        training.log_set(session_id, "deadlift", weight=140.0, reps=3, rpe=9.0, is_warmup=False, logged_at=start)
        training.log_set(session_id, "deadlift", weight=120.0, reps=6, set_type="drop", logged_at=start)
        training.finish_session(session_id, now=start + timedelta(hours=1))
        store = training._store
        full, slim = list(store.sessions.completed()), list(store.sessions.fold_input())
        assert [s.sets[0].id for s in slim] == [None] * len(slim) and len(full) == len(slim) == 5
        brain, catalog = training.brain, training.catalog
        assert state_to_dict(rebuild_state(brain, catalog, full)) == state_to_dict(rebuild_state(brain, catalog, slim))
        assert [[s._replace(id=None, set_index=None, logged_at=None, set_type=None) for s in r.sets if not s.is_warmup]
                for r in full] == [
            list(r.sets) for r in slim]
        assert any(s.is_warmup for r in full for s in r.sets)
    finally:
        training.close()


def test_finishing_a_session_over_a_state_an_older_flux_stored_folds_the_history(tmp_path):
    """A state in a shape this FLUX no longer reads (engine.state.StateOutdated) is never folded onto."""
    from tests.reliability.helpers import seeded_store

    path = tmp_path / "flux.sqlite3"
    seeded_store(path, sessions=2).close()
    store = Store.open(path)
    try:
        old = {"pattern_debts": {"squat": 1.0}, "conditioning_levels": {}, "conditioning_failures": {},
               "performance_streak": 411, "last_session_at": None, "rotation": {"squat": 2},
               "prescriptions": {"back_squat": [100.0, 5]}, "records": {}, "as_of": None, "conditioning_rotation": {}}
        with store.db.transaction() as conn:
            store.configs.save_state(old, conn)
        assert store.derived.inputs().state is None
        session_id = store.sessions.start("performance", "squat", None, T0 + timedelta(days=5))
        store.sessions.log_set(session_id, "back_squat", weight=100.0, reps=5, logged_at=T0 + timedelta(days=5))
        record, before, after = store.sessions.finish(session_id, T0 + timedelta(days=5, hours=1))
        from flux_tui.engine.fold import rebuild_state
        from flux_tui.engine.state import state_to_dict

        inputs = store.derived.inputs()
        history = list(store.sessions.completed())
        assert before.performance_streak != 411  # the old state was never folded onto
        assert state_to_dict(before) == state_to_dict(
            rebuild_state(inputs.brain, inputs.catalog, [s for s in history if s.id != session_id]))
        assert state_to_dict(inputs.state) == state_to_dict(after) == state_to_dict(
            rebuild_state(inputs.brain, inputs.catalog, history))
    finally:
        store.close()
