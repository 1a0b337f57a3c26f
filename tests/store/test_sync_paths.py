"""The store's side of sync, on real SQLite files and no server: the race paths of docs/sync.md
("Conflict rule", the outbox ack) and a pull applied whole (Outbox.apply_pull)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from flux_tui.errors import StoreError
from flux_tui.timefmt import to_iso, utc_now
from flux_tui.training import Training

UID = "11111111-1111-4111-8111-111111111111"


@pytest.fixture
def training(tmp_path):
    opened = Training.open(tmp_path / "flux.sqlite3")
    yield opened
    opened.close()


def one_set(training: Training) -> str:
    sid = training.start_session(training.plan())
    training.log_set(sid, "back_squat", weight=100.0, reps=5)
    training.finish_session(sid)
    return training.outbox.rows("workout_sets")[0]["id"]


def queued(training: Training, table: str, row_id: str) -> str | None:
    return training.outbox.queued_at(table, row_id)


def test_a_row_edited_while_its_push_is_in_flight_keeps_its_outbox_entry(training):
    outbox = training.outbox
    set_id = one_set(training)
    sent = outbox.rows("workout_sets", [set_id])[0]
    queued_at = queued(training, "workout_sets", set_id)
    # the push is in flight; the user edits the set (a new updated_at, the entry re-queued)
    later = to_iso(utc_now() + timedelta(seconds=1))
    with training._store.db.transaction() as conn:
        conn.execute("UPDATE workout_sets SET reps = 6, updated_at = ? WHERE id = ?", (later, set_id))
    server_stamp = to_iso(utc_now() + timedelta(seconds=2))
    outbox.ack("workout_sets", [(set_id, queued_at, sent["updated_at"])], UID, {set_id: server_stamp})
    assert queued(training, "workout_sets", set_id) is not None, "the edit is still to be pushed"
    row = outbox.rows("workout_sets", [set_id])[0]
    assert (row["reps"], row["updated_at"]) == (6, later), "the edit is kept, and not given the old push's stamp"


def test_an_acknowledged_row_takes_the_servers_stamp_and_leaves_the_outbox(training):
    outbox = training.outbox
    set_id = one_set(training)
    sent = outbox.rows("workout_sets", [set_id])[0]
    stamp = to_iso(utc_now() + timedelta(seconds=5))
    assert outbox.ack("workout_sets", [(set_id, queued(training, "workout_sets", set_id), sent["updated_at"])],
                      UID, {set_id: stamp}) == 1
    row = outbox.rows("workout_sets", [set_id])[0]
    assert (row["updated_at"], row["user_id"]) == (stamp, UID)
    assert queued(training, "workout_sets", set_id) is None, "taking the stamp queues nothing back"
    count, newest, _, newest_id = outbox.fingerprint("workout_sets", UID)
    assert (count, newest, newest_id) == (1, stamp, set_id)


def pulled_tombstone(row: dict, deleted_at: str) -> dict:
    return {**row, "deleted_at": deleted_at, "updated_at": to_iso(utc_now() + timedelta(minutes=1)), "user_id": UID}


def test_a_remote_tombstone_newer_than_a_pending_edit_wins(training):
    outbox = training.outbox
    set_id = one_set(training)
    row = outbox.rows("workout_sets", [set_id])[0]
    assert queued(training, "workout_sets", set_id) is not None   # the local edit is unsent
    deleted_at = to_iso(utc_now() + timedelta(seconds=30))         # deleted elsewhere after the edit
    result = outbox.apply_remote_rows("workout_sets", [pulled_tombstone(row, deleted_at)])
    assert result["content"] == [set_id] and result["kept_local"] == 0
    assert outbox.rows("workout_sets", [set_id])[0]["deleted_at"] == deleted_at
    assert queued(training, "workout_sets", set_id) is None, "the stale edit is not pushed over the tombstone"


def test_a_pending_edit_made_after_an_older_remote_tombstone_is_kept_and_pushed(training):
    outbox = training.outbox
    set_id = one_set(training)
    row = outbox.rows("workout_sets", [set_id])[0]
    deleted_at = to_iso(utc_now() - timedelta(hours=1))            # deleted elsewhere before the edit
    result = outbox.apply_remote_rows("workout_sets", [pulled_tombstone(row, deleted_at)])
    assert result["kept_local"] == 1 and result["content"] == []
    assert outbox.rows("workout_sets", [set_id])[0]["deleted_at"] is None
    assert queued(training, "workout_sets", set_id) is not None, "the later edit still goes up (and wins)"


def test_a_pull_is_applied_with_its_cursors_or_not_at_all(training):
    outbox = training.outbox
    set_id = one_set(training)
    row = outbox.rows("workout_sets", [set_id])[0]
    outbox.ack("workout_sets", [(set_id, queued(training, "workout_sets", set_id), row["updated_at"])], UID)
    changed = {**row, "reps": 9, "updated_at": to_iso(utc_now() + timedelta(minutes=1)), "user_id": UID}
    marks = {"workout_sets": {"sync.cursor.workout_sets": "c1", "sync.fp.workout_sets": "f1"}}
    state_before = training.state
    # the write of the cursor fails: the rows applied before it are rolled back too
    conn = training._store.db.conn
    conn.execute("CREATE TRIGGER fail_cursor BEFORE INSERT ON settings WHEN NEW.key = 'sync.cursor.workout_sets' "
                 "BEGIN SELECT RAISE(ABORT, 'disk trouble'); END")
    with pytest.raises(StoreError):
        outbox.apply_pull([("workout_sets", [changed], frozenset({"metadata"}))], marks, owner=UID)
    assert outbox.rows("workout_sets", [set_id])[0]["reps"] == 5
    assert outbox.get_setting("sync.fp.workout_sets") is None and outbox.get_setting("sync.uid") is None
    conn.execute("DROP TRIGGER fail_cursor")
    # applied: the rows, the cursors, the owner, and the state derived from the pulled history, together
    results = outbox.apply_pull([("workout_sets", [changed], frozenset({"metadata"}))], marks, owner=UID)
    assert results["workout_sets"]["content"] == [set_id]
    assert outbox.rows("workout_sets", [set_id])[0]["reps"] == 9
    assert outbox.get_setting("sync.cursor.workout_sets") == "c1" and outbox.get_setting("sync.uid") == UID
    training._forget()
    assert training.state != state_before and training.rebuild().matched, "the state is the fold of what was pulled"
    assert queued(training, "workout_sets", set_id) is None, "a pulled row is not queued back"


def test_a_table_with_a_row_the_store_refuses_keeps_its_cursor(training):
    outbox = training.outbox
    set_id = one_set(training)
    row = outbox.rows("workout_sets", [set_id])[0]
    unknown = {**row, "id": "22222222-2222-4222-8222-222222222222", "exercise_id": "no_such_exercise",
               "user_id": UID, "updated_at": to_iso(utc_now() + timedelta(minutes=1))}
    mine = outbox.rows("workout_sessions")[0]
    outbox.ack("workout_sessions", [(mine["id"], queued(training, "workout_sessions", mine["id"]), None)], UID)
    session = {**mine, "notes": "pulled", "user_id": UID,
               "updated_at": to_iso(utc_now() + timedelta(minutes=1))}
    marks = {"workout_sessions": {"sync.cursor.workout_sessions": "s1"},
             "workout_sets": {"sync.cursor.workout_sets": "w1"}}
    results = outbox.apply_pull([("workout_sessions", [session], frozenset({"plan"})),
                                 ("workout_sets", [unknown], frozenset({"metadata"}))], marks)
    assert results["workout_sets"]["errors"] and results["workout_sessions"]["content"]
    assert outbox.get_setting("sync.cursor.workout_sets") is None, "the refused row is read again next sync"
    assert outbox.get_setting("sync.cursor.workout_sessions") == "s1"
