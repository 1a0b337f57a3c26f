"""The conflict rule (docs/sync.md): last writer to reach the server wins per row; a tombstone wins over
an edit made before the deletion; sync_cursor() fingerprints only the caller's rows."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from flux_tui.timefmt import to_iso, utc_now
from tests.sync.conftest import assert_converged, server_rows

pytestmark = pytest.mark.stack


def test_a_deletion_wins_over_an_older_edit_from_another_device(stack, user, devices):
    email, password, uid = user
    a, b = devices("a").login(email, password), devices("b").login(email, password)
    a.log_session(2)
    a.sync(), b.sync()
    set_id = a.rows("workout_sets")[0]["id"]
    # b edits the set (offline) BEFORE a deletes it; a syncs first, b's older edit arrives later
    edit_time = to_iso(utc_now() - timedelta(minutes=5))
    with b.store.db.transaction() as conn:
        conn.execute("UPDATE workout_sets SET reps = 12, updated_at = ? WHERE id = ?", (edit_time, set_id))
    a.store.sessions.delete_set(set_id)
    a.sync()
    b.sync()
    a.sync()
    row = next(r for r in server_rows(stack, "workout_sets", uid) if r["id"] == set_id)
    assert row["deleted_at"] is not None, "the tombstone stays"
    assert_converged(stack, uid, a, b)
    # an undo made after the deletion does bring it back
    a.store.sessions.undelete_set(set_id)
    a.sync(), b.sync(), a.sync()   # b rebuilds the state over the changed history; a pulls it
    assert next(r for r in b.rows("workout_sets") if r["id"] == set_id)["deleted_at"] is None
    assert_converged(stack, uid, a, b)


def test_the_last_writer_to_reach_the_server_wins(stack, user, devices):
    email, password, uid = user
    a, b = devices("a").login(email, password), devices("b").login(email, password)
    sid = a.log_session(1)
    a.sync(), b.sync()
    a.store.sessions.set_notes(sid, "from a")
    b.store.sessions.set_notes(sid, "from b")
    a.sync()
    b.sync()          # b's edit was pending: kept locally and pushed, it arrives last
    a.sync()
    assert {r["notes"] for r in server_rows(stack, "workout_sessions", uid)} == {"from b"}
    assert_converged(stack, uid, a, b)


def test_sync_cursor_counts_only_the_callers_rows(stack, user, devices):
    email, password, uid = user
    a = devices("a").login(email, password)
    a.log_session(3)
    a.sync()
    mine = json.loads(stack.psql("select public.sync_cursor()", user_id=uid).strip())
    assert mine["uid"] == uid and mine["tables"]["workout_sets"]["n"] == 3
    assert mine["tables"]["exercises"]["n"] == 0, "the shared catalog is not counted"
    stranger = json.loads(stack.psql("select public.sync_cursor()",
                                     user_id="00000000-0000-4000-8000-000000000abc").strip())
    assert stranger["tables"]["workout_sets"]["n"] == 0
    from flux_tui.remote.doctor import EXPECTED_SCHEMA

    assert stack.psql("select public.flux_schema_version()", role="anon").strip() == str(EXPECTED_SCHEMA) == "8"
    from tests.stack.harness import PsqlError

    with pytest.raises(PsqlError) as denied:
        stack.psql("select public.sync_cursor()", role="anon")
    assert denied.value.sqlstate == "42501"
