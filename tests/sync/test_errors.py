"""Every failure gives a specific message naming the cause and the fix; nothing is lost.

Each one is triggered for real: a closed port, the gateway's fault hook (5xx, a sleep past the timeout),
tokens minted expired by the harness (the Auth STUB mints real JWTs), and policies and grants dropped
inside the throwaway database."""

from __future__ import annotations

import contextlib
import time

import pytest

from flux_tui.remote.client import Remote
from flux_tui.remote.config import RemoteConfig
from flux_tui.remote.errors import RemoteError
from flux_tui.remote.session import StoredSession, load_session, save_session
from flux_tui.errors import StoreRefused
from flux_tui.remote.sync import Syncer
from flux_tui.timefmt import to_iso, utc_now
from tests.stack.harness import GatewayResponse, free_port

pytestmark = pytest.mark.stack


def sync_error(device) -> RemoteError:
    with pytest.raises(RemoteError) as caught:
        device.sync()
    return caught.value


@contextlib.contextmanager
def altered(stack, do: str, undo: str):
    stack.psql(do)
    stack.reload_schema()
    try:
        yield
    finally:
        stack.psql(undo)
        stack.reload_schema()


def test_network_down_fails_fast_keeps_the_outbox_and_backs_off(stack, user, devices):
    email, password, _ = user
    d = devices().login(email, password)
    d.log_session(2)
    pending = d.store.outbox.size()
    dead = RemoteConfig(f"http://127.0.0.1:{free_port()}", stack.anon_key)
    s = d.remote.session
    moved = StoredSession(dead.url, s.user_id, s.email, s.access_token, s.refresh_token, s.expires_at)
    d.remote = Remote(dead, moved, session_file=d.home / "session.json", timeout=3)
    d.store.settings.set("sync.uid", d.remote.user_id)   # skip the first-sync look-up: fail in the push
    started = time.monotonic()
    error = sync_error(d)
    assert time.monotonic() - started < 2, "no 7-second retries on a dead host"
    assert error.kind == "offline" and "cannot connect" in error.message and "network" in error.message
    assert d.store.outbox.size() == pending
    attempts = d.store.db.conn.execute("SELECT max(attempts) FROM outbox").fetchone()[0]
    assert attempts == 1
    assert d.store.settings.get("sync.failures") == "1" and d.store.settings.get("sync.next_attempt_at")
    sync_error(d)
    assert d.store.settings.get("sync.failures") == "2"


def test_timeout_and_5xx_are_named_and_retried_later(stack, user, devices):
    email, password, _ = user
    d = devices(timeout=0.5).login(email, password)
    d.log_session(2)

    def slow(req):
        if req.path.startswith("/rest/v1"):
            time.sleep(1.0)

    with stack.faults(slow):
        error = sync_error(d)
    assert error.kind == "timeout" and "did not answer in time" in error.message
    with stack.faults(lambda req: GatewayResponse(503, {"message": "upstream unavailable"})
                      if req.path.startswith("/rest/v1") else None):
        error = sync_error(d)
    assert error.kind == "server" and "server failed" in error.message and "retried" in error.hint
    with stack.faults(lambda req: GatewayResponse(500, "<html>boom</html>")
                      if req.path.startswith("/rest/v1") else None):
        assert sync_error(d).kind == "server"
    report = d.sync()
    assert report.pending == 0 and report.pushed["workout_sets"] == 2


def test_an_expired_token_is_refreshed_then_the_request_retried_once(stack, user, devices):
    email, password, uid = user
    d = devices().login(email, password)
    d.log_session(1)
    s = d.remote.session
    # the file says it is still valid, but the JWT itself has expired: the server answers 401
    lying = StoredSession(s.url, s.user_id, s.email, stack.mint_jwt(uid, exp_in=-300), s.refresh_token,
                          int(time.time()) + 3600)
    save_session(lying, d.home / "session.json")
    d.remote = Remote(d.remote.config, lying, session_file=d.home / "session.json", timeout=3)
    d.sync()
    assert d.store.outbox.size() == 0
    renewed = load_session(d.home / "session.json")
    assert renewed.access_token != lying.access_token and renewed.refresh_token != s.refresh_token
    # known to be expired: refreshed before the first request
    stale = StoredSession(s.url, s.user_id, s.email, stack.mint_jwt(uid, exp_in=-300), renewed.refresh_token,
                          int(time.time()) - 30)
    d.remote = Remote(d.remote.config, stale, session_file=d.home / "session.json", timeout=3)
    d.log_session(1)
    d.sync()
    assert load_session(d.home / "session.json").expires_at > time.time()
    # a refresh token that is no longer valid: sign in again
    dead = StoredSession(s.url, s.user_id, s.email, stack.mint_jwt(uid, exp_in=-300), "revoked", 0)
    d.remote = Remote(d.remote.config, dead, session_file=d.home / "session.json", timeout=3)
    error = sync_error(d)
    assert error.kind == "auth" and "flux-tui login" in error.hint


def test_rls_denial_names_the_policy(stack, user, devices):
    email, password, _ = user
    d = devices().login(email, password)
    d.log_session(1)
    with altered(stack, "drop policy workout_sessions_insert on public.workout_sessions",
                 "create policy workout_sessions_insert on public.workout_sessions for insert to authenticated "
                 "with check ((select auth.uid()) = user_id)"):
        error = sync_error(d)
    assert error.kind == "rls" and error.code == "42501"
    assert "row-level security" in error.message and "policy" in error.hint and "workout_sessions" in error.message
    assert d.store.outbox.size() > 0
    d.sync()
    assert d.store.outbox.size() == 0


def test_a_missing_grant_is_named(stack, user, devices):
    email, password, _ = user
    d = devices().login(email, password)
    d.log_session(1)
    with altered(stack, "revoke insert, update on public.workout_sets from authenticated",
                 "grant insert, update on public.workout_sets to authenticated"):
        error = sync_error(d)
    assert error.kind == "grant" and error.code == "42501"
    assert "permission denied for table workout_sets" in error.message and "GRANT" in error.hint
    d.sync()
    assert d.store.outbox.size() == 0


def test_rls_answering_empty_is_detected(stack, user, devices):
    email, password, _ = user
    d = devices().login(email, password)
    d.log_session(1)
    d.sync()
    d.log_session(1)
    with altered(stack, "alter policy workout_sessions_select on public.workout_sessions using (false)",
                 "alter policy workout_sessions_select on public.workout_sessions "
                 "using ((select auth.uid()) = user_id)"):
        error = sync_error(d)
    assert error.kind in ("hidden", "rls"), error
    if error.kind == "hidden":
        assert "the server hides your rows" in error.message and "RLS select policy" in error.hint
    # with nothing to push, rows known to be on the server but read back as none
    d.sync()
    with altered(stack, "alter policy workout_sets_select on public.workout_sets using (false)",
                 "alter policy workout_sets_select on public.workout_sets using ((select auth.uid()) = user_id)"):
        error = sync_error(d)
    assert error.kind == "hidden" and "the server hides your rows" in error.message
    assert "signed in as another user" in error.hint


def test_a_rejected_row_is_reported_and_kept_while_the_rest_syncs(stack, user, devices):
    email, password, uid = user
    d = devices().login(email, password)
    ids = [d.log_session(1) for _ in range(6)]
    with pytest.raises(StoreRefused, match="at most 20000"):
        d.store.sessions.set_notes(ids[2], "x" * 20001)  # the store applies the server's limit itself
    with d.store.db.transaction() as conn:               # a row an older FLUX let in
        conn.execute("UPDATE workout_sessions SET notes = ?, updated_at = ? WHERE id = ?",
                     ("x" * 20001, to_iso(utc_now()), ids[2]))
    report = d.sync()
    assert [r["id"] for r in report.rejected if r["table"] == "workout_sessions"] == [ids[2]]
    assert report.rejected[0]["code"] == "23514"
    assert int(stack.psql(f"select count(*) from public.workout_sessions where user_id = '{uid}'")) == 5
    assert [(r["table"], r["id"], r["code"]) for r in d.store.outbox.refused()] == \
        [("workout_sessions", ids[2], "23514")]
    kept = d.store.outbox.size()
    assert kept >= 1
    again = d.sync()                           # parked: not sent again, nothing loops
    assert again.rejected == [] and again.pending == kept
    d.store.sessions.set_notes(ids[2], "fixed")         # an edit re-queues it
    d.sync()
    assert d.store.outbox.size() == 0 and d.store.outbox.refused() == []
    assert int(stack.psql(f"select count(*) from public.workout_sets where user_id = '{uid}'")) == 6


def test_a_database_without_per_user_keys_is_a_schema_error(stack, user, devices):
    """The upsert names (user_id, id); a database without that key (as before the per-user keys migration)
    answers 42P10: apply the migrations. The key is dropped rather than put back on id alone: every user's
    config row has the same id, so other tests' users in this database would make an id key fail to build."""
    email, password, _ = user
    d = devices().login(email, password)
    d.log_session(1)
    pending = d.store.outbox.size()
    with altered(stack,
                 "alter table public.user_configs drop constraint user_configs_pkey",
                 "alter table public.user_configs add constraint user_configs_pkey primary key (user_id, id)"):
        error = sync_error(d)
    assert error.kind == "schema" and error.code == "42P10", error
    assert "supabase/migrations" in error.hint
    assert d.store.outbox.size() >= 1 and d.store.outbox.size() <= pending
    d.sync()
    assert d.store.outbox.size() == 0
