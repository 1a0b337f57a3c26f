"""Each way sync is set up wrong is named as such, in one line, by login, sync and doctor — not blamed
on the password. Real PostgREST and gateway; Supabase Auth is the harness's STUB."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.stack.harness import free_port, mint_jwt

pytestmark = pytest.mark.stack
REAL = Path(__file__).parents[1] / "fixtures" / "real"


def login(run, user, **env):
    email, password, _ = user
    return run("login", "--email", email, "--password-stdin", stdin=password + "\n", env=env)


def one_line(done) -> str:
    """The error, one line (login first says where the password goes: that line is not the error)."""
    lines = [line for line in done.stderr.splitlines() if line.startswith("flux-tui:")]
    assert len(lines) == 1, done.stderr
    assert "Traceback" not in done.stderr
    return lines[0]


def test_a_rest_v1_url_is_named_not_blamed_on_the_password(stack, user, run):
    done = login(run, user, SUPABASE_URL=stack.api_url + "/rest/v1")
    assert done.returncode == 2
    line = one_line(done)
    assert "/rest/v1" in line and "project URL" in line and "password" not in line


def test_the_postgrest_port_is_named_not_blamed_on_the_password(stack, user, run):
    done = login(run, user, SUPABASE_URL=stack.postgrest_url)
    assert done.returncode != 0
    line = one_line(done)
    assert "not a Supabase project" in line and "password" not in line, line


def test_a_wrong_key_is_named(stack, user, run):
    wrong = mint_jwt("another-project's-secret-" + "x" * 16, None, role="anon")   # an anon key, not this project's
    done = login(run, user, SUPABASE_ANON_KEY=wrong)
    assert done.returncode != 0
    line = one_line(done)
    assert "SUPABASE_ANON_KEY" in line and "refused" in line and "password" not in line, line


def test_a_wrong_password_is_named(stack, user, run):
    email, _, _ = user
    done = run("login", "--email", email, "--password-stdin", stdin="not-the-password\n")
    assert done.returncode != 0
    line = one_line(done)
    assert "wrong email or password" in line, line


def test_an_unreachable_host_is_named(stack, user, run):
    done = login(run, user, SUPABASE_URL=f"http://127.0.0.1:{free_port()}")
    assert done.returncode != 0
    line = one_line(done)
    assert "cannot connect" in line and "password" not in line, line


def test_an_expired_session_is_named_by_sync_and_doctor(stack, user, run):
    assert login(run, user).returncode == 0
    path = run.home / "session.json"
    session = json.loads(path.read_text())
    session.update(expires_at=1, refresh_token="revoked-" + session["refresh_token"][:8])
    path.write_text(json.dumps(session))
    done = run("sync")
    assert done.returncode != 0
    line = one_line(done)
    assert "session expired" in line and "flux-tui login" in line, line
    doctor = run("doctor")
    assert "✗ signed in" in doctor.stdout and "session expired" in doctor.stdout
    assert "✗ last sync" in doctor.stdout and "session expired" in doctor.stdout.split("✗ last sync", 1)[1]


def test_doctor_decodes_the_keys_role_and_does_not_call_garbage_an_anon_key(stack, user, run):
    done = run("doctor", env={"SUPABASE_ANON_KEY": "garbage"})
    assert done.returncode == 1
    assert "✗ configuration" in done.stdout and "anon key" not in done.stdout.split("✗ configuration", 1)[1] \
        .splitlines()[0]
    good = run("doctor")
    assert "role anon, read from the key" in good.stdout


def test_doctor_shows_every_push_refused_and_the_bound_account(stack, user, run):
    """Every push refused: `doctor` is not all ✓ — it shows the last sync failed and why."""
    email, password, uid = user
    assert login(run, user).returncode == 0
    assert run("sync").returncode == 0
    doctor = run("doctor")
    assert "✓ account" in doctor.stdout and uid in doctor.stdout
    assert "✓ last sync" in doctor.stdout
    stack.psql("revoke insert, update on public.workout_sets from authenticated")
    try:
        assert run("import", "strong", str(REAL / "strong" / "dubbe-tiny.csv")).returncode == 0
        assert run("sync").returncode != 0
        doctor = run("doctor")
        assert doctor.returncode == 1
        assert "✗ last sync" in doctor.stdout and "workout_sets" in doctor.stdout
    finally:
        stack.psql("grant insert, update on public.workout_sets to authenticated")
