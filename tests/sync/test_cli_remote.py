"""login / logout / sync / doctor / seed --remote / reset --remote as a user runs them (subprocesses).

Auth is the harness's STUB of Supabase Auth (GoTrue cannot run here); PostgREST and PostgreSQL are real."""

from __future__ import annotations

import json
import os
import stat

import pytest

from flux_tui.remote.session import load_session

pytestmark = pytest.mark.stack


def test_login_keeps_a_0600_session_logout_removes_it_and_no_secret_is_printed(stack, user, run):
    email, password, uid = user
    done = run("login", "--email", email, "--password-stdin", stdin=password + "\n")
    assert done.returncode == 0, done.stderr
    assert "signed in as" in done.stdout and "local" in done.stdout
    path = run.home / "session.json"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    session = load_session(path)
    assert session.user_id == uid
    for args in (("sync",), ("doctor",), ("doctor", "--json"), ("sync", "--json")):
        assert run(*args).returncode == 0, run.outputs[-1]
    assert run("logout").returncode == 0
    assert not path.exists()
    assert "not signed in" in run("logout").stdout
    printed = "\n".join(run.outputs)
    for secret in (password, session.access_token, session.refresh_token, stack.anon_key):
        assert secret not in printed


def test_session_file_is_never_readable_by_others_even_with_a_lax_umask(stack, user, tmp_path):
    from flux_tui.remote.session import StoredSession, save_session

    old = os.umask(0)
    try:
        path = save_session(StoredSession("u", "id", "e", "a", "r", 1), tmp_path / "s.json")
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_service_role_key_is_refused(stack, user, run):
    email, password, _ = user
    done = run("login", "--email", email, "--password-stdin", stdin=password + "\n",
               env={"SUPABASE_ANON_KEY": stack.service_role_key})
    assert done.returncode == 2
    assert "service_role key: refused" in done.stderr
    assert stack.service_role_key not in done.stdout + done.stderr
    doctor = run("doctor", env={"SUPABASE_ANON_KEY": stack.service_role_key})
    assert doctor.returncode == 1 and "✗ configuration" in doctor.stdout


def test_env_file_is_reported_by_doctor_and_environment_wins(stack, user, run, tmp_path):
    (tmp_path / ".env").write_text(f"SUPABASE_URL={stack.api_url}\nSUPABASE_ANON_KEY={stack.anon_key}\n")
    done = run("doctor", "--json", env={"SUPABASE_URL": None, "SUPABASE_ANON_KEY": None})
    checks = {c["name"]: c for c in json.loads(done.stdout)["checks"]}
    assert str(tmp_path / ".env") in checks["configuration"]["detail"]
    assert checks["environment"]["detail"].startswith("local")
    assert not checks["signed in"]["ok"] and "flux-tui login" in checks["signed in"]["hint"]
    assert done.returncode == 1


def test_login_without_a_terminal_or_flags_refuses(stack, run):
    done = run("login", stdin="")
    assert done.returncode == 2 and "--email" in done.stderr


def test_seed_and_reset_remote_say_where_and_ask(stack, user, run):
    email, password, uid = user
    assert run("login", "--email", email, "--password-stdin", stdin=password + "\n").returncode == 0
    refused = run("seed", "--remote", stdin="")
    assert refused.returncode == 2
    assert f"LOCAL project (this machine) at {stack.api_url}" in refused.stderr and "--yes" in refused.stderr
    assert stack.psql(f"select count(*) from public.user_configs where user_id = '{uid}'").strip() == "0"
    done = run("seed", "--remote", "--yes")
    assert done.returncode == 0, done.stderr
    assert stack.psql(f"select count(*) from public.user_configs where user_id = '{uid}' "
                      "and deleted_at is null").strip() == "1"
    # a second device seeding --remote replaces the account's Brain instead of adding one
    other_home = run.home.parent / "home2"
    env2 = {"FLUX_HOME": str(other_home)}
    assert run("login", "--email", email, "--password-stdin", stdin=password + "\n", env=env2).returncode == 0
    assert run("seed", "--remote", "--yes", env=env2).returncode == 0
    assert stack.psql(f"select count(*) from public.user_configs where user_id = '{uid}'").strip() == "1"

    assert run("reset", "--remote", stdin="").returncode == 2
    done = run("reset", "--remote", "--yes")
    assert done.returncode == 0, done.stderr
    assert "LOCAL project" in done.stderr
    for table in ("user_configs", "workout_sessions", "workout_sets"):
        assert stack.psql(f"select count(*) from public.{table} where user_id = '{uid}'").strip() == "0"
    assert int(stack.psql("select count(*) from public.exercises where user_id is null")) > 0, "catalog kept"
