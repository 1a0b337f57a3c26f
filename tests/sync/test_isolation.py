"""User A's sync never sees or overwrites user B's data (real RLS through PostgREST; Auth is the stub)."""

from __future__ import annotations

import secrets

import pytest

from flux_tui.remote.errors import RemoteError
from tests.sync.conftest import assert_converged, server_rows

pytestmark = pytest.mark.stack


def test_two_users_never_see_or_touch_each_other(stack, devices):
    (ea, pa, ua), (eb, pb, ub) = [(f"iso-{n}-{secrets.token_hex(3)}@example.test", f"pw-{n}-secret", None) for n in ("a", "b")]
    ua, ub = stack.create_user(ea, pa), stack.create_user(eb, pb)
    a, b = devices("a").login(ea, pa), devices("b").login(eb, pb)
    a.log_session(3)
    b.log_session(2, "deadlift")
    a.sync(), b.sync(), a.sync()
    assert assert_converged(stack, ua, a)["workout_sets"] == 3
    assert assert_converged(stack, ub, b)["workout_sets"] == 2
    assert {r["user_id"] for r in a.rows("workout_sets")} == {ua}

    # B writes a row under A's session id: keys are (user_id, id), so that is B's own row (no error,
    # nothing to learn about A); A's row is unchanged and A never sees B's
    a_session = a.rows("workout_sessions")[0]["id"]
    before = server_rows(stack, "workout_sessions", ua)
    b.store.db.conn.execute("UPDATE settings SET value = '1' WHERE key = 'applying_remote'")
    b.store.db.conn.execute(
        "INSERT INTO workout_sessions (id, archetype, status, started_at, notes, created_at, updated_at) "
        "SELECT ?, archetype, status, started_at, 'hijacked', created_at, updated_at FROM workout_sessions LIMIT 1",
        (a_session,))
    b.store.db.conn.execute("UPDATE settings SET value = '0' WHERE key = 'applying_remote'")
    b.store.db.conn.execute("INSERT INTO outbox (table_name, row_id) VALUES ('workout_sessions', ?)", (a_session,))
    b.sync()
    assert server_rows(stack, "workout_sessions", ua) == before
    assert [r["notes"] for r in server_rows(stack, "workout_sessions", ub) if r["id"] == a_session] == ["hijacked"]
    a.sync()
    assert all(r["notes"] != "hijacked" for r in a.rows("workout_sessions"))
    assert_converged(stack, ua, a)
    assert_converged(stack, ub, b)

    # a data directory synced as A refuses to sync as B
    a.remote.sign_in(eb, pb)
    with pytest.raises(RemoteError) as caught:
        a.sync()
    assert caught.value.kind == "account" and "another account" in caught.value.message
    assert len(server_rows(stack, "workout_sets", ub)) == 2
