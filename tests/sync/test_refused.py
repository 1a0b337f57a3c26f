"""A push survives a bad row: a row the server refuses (a CHECK, an RLS policy, a foreign key) is set aside
with its reason, every other row syncs, the sets of a refused session wait for it, and `flux-tui refused`
shows, fixes and drops it. The refusals are real: rules added to the throwaway database that this client
does not know (a newer server), answered by the real PostgREST."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys

import pytest

pytestmark = pytest.mark.stack

STRICTER = (
    "alter table public.workout_sessions add constraint newer_notes_check check (notes not like '%check-me%');"
    "create policy newer_insert on public.workout_sessions as restrictive for insert to authenticated "
    "with check (notes not like '%rls-me%');"
    "create policy newer_update on public.workout_sessions as restrictive for update to authenticated "
    "using (true) with check (notes not like '%rls-me%')")
LOOSER = ("alter table public.workout_sessions drop constraint newer_notes_check;"
          "drop policy newer_insert on public.workout_sessions; drop policy newer_update on public.workout_sessions")


@contextlib.contextmanager
def stricter(stack):
    stack.psql(STRICTER)
    stack.reload_schema()
    try:
        yield
    finally:
        stack.psql(LOOSER)
        stack.reload_schema()


def count(stack, table, uid, where=""):
    return int(stack.psql(f"select count(*) from public.{table} where user_id = '{uid}' {where}"))


def cli(device, *args):
    env = {**os.environ, "FLUX_HOME": str(device.home), "SUPABASE_URL": device.stack.api_url,
           "SUPABASE_ANON_KEY": device.stack.anon_key}
    done = subprocess.run([sys.executable, "-m", "flux_tui", *args], capture_output=True, text=True, env=env,
                          timeout=60, cwd=device.home)
    assert "Traceback" not in done.stderr, done.stderr
    return done


def test_refused_rows_are_set_aside_their_sets_wait_and_the_rest_syncs(stack, user, devices):
    email, password, uid = user
    d = devices().login(email, password)
    ids = [d.log_session(3) for _ in range(5)]
    d.training.set_notes(ids[1], "please check-me")
    d.training.set_notes(ids[3], "please rls-me")
    with stricter(stack):
        report = d.sync()
        refused = {r["id"]: r["code"] for r in report.rejected}
        assert refused == {ids[1]: "23514", ids[3]: "42501"}, report.rejected
        # the other three sessions and their sets are on the server; the refused ones' sets were not sent
        assert count(stack, "workout_sessions", uid) == 3 and count(stack, "workout_sets", uid) == 9
        listed = {r["id"]: r for r in d.store.outbox.refused()}
        assert set(listed) == {ids[1], ids[3]} and all(r["waiting"] == 3 for r in listed.values())
        assert "newer_notes_check" in listed[ids[1]]["message"]
        assert "row-level security" in listed[ids[3]]["message"]
        assert d.store.outbox.size() == d.store.outbox.set_aside_count() == 8
        requests = d.remote.requests
        again = d.sync()
        assert again.rejected == [] and again.pushed == {}, "a set-aside row is not sent again until fixed"
        assert d.remote.requests - requests <= 3       # the cursor check and the pulls, no push

        # the CLI shows them, and `doctor` names them
        listing = json.loads(cli(d, "refused", "--json").stdout)["refused"]
        assert sorted(r["id"] for r in listing) == sorted([ids[1], ids[3]])
        shown = cli(d, "refused", "show", ids[1][:8])
        assert shown.returncode == 0 and "please check-me" in shown.stdout and "3 set(s) wait" in shown.stdout
        doctor = json.loads(cli(d, "doctor", "--json").stdout)
        outbox = next(c for c in doctor["checks"] if c["name"] == "outbox")
        assert not outbox["ok"] and "2 refused" in outbox["detail"] and "flux-tui refused" in outbox["hint"]

        # fix one with a field=value form (checked against the bounds first), drop the other
        bad = cli(d, "refused", "fix", ids[1], "notes=" + "x" * 20001)
        assert bad.returncode == 1 and "workout_sessions.notes" in bad.stderr and "20000" in bad.stderr
        fixed = cli(d, "refused", "fix", ids[1], "notes=fine now")
        assert fixed.returncode == 0, fixed.stderr
        assert cli(d, "refused", "drop", ids[3]).returncode == 2, "drop asks first; no terminal: refused"
        dropped = cli(d, "refused", "drop", ids[3], "--yes")
        assert dropped.returncode == 0 and "4 row(s)" in dropped.stdout, dropped.stdout + dropped.stderr
        d.training._forget()
        report = d.sync()
    assert report.rejected == [] and d.store.outbox.size() == 0 and d.store.outbox.refused() == []
    assert count(stack, "workout_sessions", uid) == 4 and count(stack, "workout_sets", uid) == 12
    assert count(stack, "workout_sessions", uid, f"and id = '{ids[1]}' and notes = 'fine now'") == 1
    assert d.training.session(ids[3]) is None


def test_a_set_refused_by_its_foreign_key_is_set_aside_and_no_table_stops(stack, user, devices):
    email, password, uid = user
    d = devices().login(email, password)
    gone, kept = d.log_session(2), d.log_session(2)
    d.sync()
    stack.psql(f"delete from public.workout_sessions where user_id = '{uid}' and id = '{gone}'")  # elsewhere
    for record in (d.training.session(gone), d.training.session(kept)):
        d.training.delete_set(record.sets[0].id)               # an edit of each: two sets queued
    d.log_session(1)
    report = d.sync()
    assert [(r["table"], r["code"]) for r in report.rejected] == [("workout_sets", "23503")]
    assert report.pushed == {"workout_sessions": 1, "workout_sets": 2, "user_configs": 1}
    assert d.store.outbox.set_aside_count() == d.store.outbox.size() == 1
    assert count(stack, "workout_sets", uid, "and deleted_at is not null") == 1


def test_a_policy_refusing_every_row_is_a_server_problem_not_a_bad_row(stack, user, devices):
    """RLS refusing the whole table (a missing policy) stops the sync with the policy named, and sets
    nothing aside: once the policy is back, everything goes."""
    from flux_tui.remote.errors import RemoteError

    email, password, _ = user
    d = devices().login(email, password)
    d.log_session(1)
    d.log_session(1)
    stack.psql("drop policy workout_sessions_insert on public.workout_sessions")
    stack.reload_schema()
    try:
        with pytest.raises(RemoteError) as caught:
            d.sync()
    finally:
        stack.psql("create policy workout_sessions_insert on public.workout_sessions for insert to authenticated "
                   "with check ((select auth.uid()) = user_id)")
        stack.reload_schema()
    assert caught.value.kind == "rls" and d.store.outbox.refused() == []
    d.sync()
    assert d.store.outbox.size() == 0
