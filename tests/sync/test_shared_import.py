"""Two users import the same FitNotes file and both sync completely (real CLI, real PostgREST; sign-in
through the harness's Auth STUB). Imported ids are uuid5 of the file's content, so both users' sessions
and sets carry the same ids: with global keys the second user's push was refused by RLS forever."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from flux_tui.store import Store
from tests.sync.conftest import PULL_ORDER, normal, server_rows

pytestmark = pytest.mark.stack

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
# a made-up file, and a real published export (tests/fixtures/real/PROVENANCE.md)
FITNOTES = [FIXTURES / "imports" / "fitnotes.csv", FIXTURES / "real" / "fitnotes" / "labodyn-kgs-2014.csv"]


def flux(stack, home: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "FLUX_HOME": str(home), "SUPABASE_URL": stack.api_url,
           "SUPABASE_ANON_KEY": stack.anon_key, "FLUX_SYNC_TIMEOUT": "5"}
    done = subprocess.run([sys.executable, "-m", "flux_tui", *args], input=stdin, capture_output=True,
                          text=True, env=env, timeout=120)
    assert done.returncode == 0, f"flux-tui {' '.join(args)} exited {done.returncode}:\n{done.stdout}\n{done.stderr}"
    return done


def local_rows(home: Path, table: str) -> list[dict]:
    store = Store.open(home / "flux.sqlite3")
    try:
        rows = [normal(table, r) for r in store.outbox.rows(table) if table != "exercises" or r["is_custom"]]
    finally:
        store.close()
    return sorted(rows, key=lambda r: r["id"])


@pytest.mark.parametrize("fitnotes", FITNOTES, ids=[p.stem for p in FITNOTES])
def test_two_users_importing_the_same_fitnotes_file_both_sync_completely(stack, tmp_path, fitnotes):
    people = {}
    for name in ("ann", "ben"):
        email, password = f"{name}-{secrets.token_hex(3)}@example.test", "pw-" + secrets.token_hex(8)
        home = tmp_path / name
        home.mkdir()
        people[name] = (home, stack.create_user(email, password))
        flux(stack, home, "import", "fitnotes", str(fitnotes))
        flux(stack, home, "login", "--email", email, "--password-stdin", stdin=password + "\n")
    reports = {}
    for name in ("ann", "ben", "ann"):          # Ben pushes the ids Ann's push already put on the server
        home, _ = people[name]
        reports[name] = json.loads(flux(stack, home, "sync", "--json").stdout)
    (ann_home, ann), (ben_home, ben) = people["ann"], people["ben"]
    assert reports["ben"]["rejected"] == [] and reports["ben"]["pending"] == 0, reports["ben"]
    assert reports["ben"]["pushed"]["workout_sets"] == len(local_rows(ben_home, "workout_sets")) > 0

    ann_sessions = {r["id"] for r in server_rows(stack, "workout_sessions", ann)}
    assert ann_sessions and ann_sessions == {r["id"] for r in server_rows(stack, "workout_sessions", ben)}, \
        "the case under test: both imports produced the same ids"
    for (home, uid) in people.values():
        for table in PULL_ORDER:
            assert server_rows(stack, table, uid) == local_rows(home, table), f"{table} of {uid}"

    # each sees exactly their own rows through the API, never the other's under the same ids
    for home, uid in people.values():
        headers = {"apikey": stack.anon_key, "Authorization": f"Bearer {stack.mint_jwt(uid)}"}
        for table in ("workout_sessions", "workout_sets", "user_configs"):
            seen = httpx.get(f"{stack.api_url}/rest/v1/{table}?select=id,user_id", headers=headers).json()
            assert {r["user_id"] for r in seen} == {uid}
            assert sorted(r["id"] for r in seen) == [r["id"] for r in local_rows(home, table)]
