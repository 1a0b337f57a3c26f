"""`reset` keeps a copy of the store; `reset --remote` first writes the account's rows to a FLUX JSON file
it names. Real PostgREST; Supabase Auth is the harness's STUB."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.sync.conftest import server_rows

pytestmark = pytest.mark.stack


def named_file(text: str, suffix: str) -> Path:
    found = re.findall(r"(/\S+" + re.escape(suffix) + r")", text)
    assert found, text
    return Path(found[0])


def test_reset_keeps_a_copy_that_restore_brings_back(stack, user, run, devices):
    email, password, uid = user
    assert run("login", "--email", email, "--password-stdin", stdin=password + "\n").returncode == 0
    assert run("import", "strong", str(Path(__file__).parents[1] / "fixtures/real/strong/dubbe-tiny.csv")).returncode == 0
    before = json.loads(run("history", "--json").stdout)
    assert before
    done = run("reset", "--yes")
    assert done.returncode == 0, done.stderr
    copy = named_file(done.stdout + done.stderr, ".sqlite3")
    assert copy.is_file()
    assert json.loads(run("history", "--json").stdout) == []
    assert run("restore", str(copy), "--yes").returncode == 0, run.outputs[-1]
    assert json.loads(run("history", "--json").stdout) == before


def test_reset_remote_writes_the_accounts_rows_to_a_flux_json_file_first(stack, user, run, devices, tmp_path):
    email, password, uid = user
    other = devices("laptop1").login(email, password)
    other.log_session(4)
    other.log_session(2, "deadlift")
    other.sync()
    sets_on_server = [r for r in server_rows(stack, "workout_sets", uid) if r["deleted_at"] is None]
    assert len(sets_on_server) == 6
    assert run("login", "--email", email, "--password-stdin", stdin=password + "\n").returncode == 0
    done = run("reset", "--remote", "--yes")
    assert done.returncode == 0, done.stderr
    saved = named_file(done.stdout + done.stderr, ".json")
    assert saved.is_file()
    assert server_rows(stack, "workout_sets", uid) == [], "then the server rows are deleted"
    # the file brings the account back: import it into a fresh folder
    fresh = {"FLUX_HOME": str(tmp_path / "fresh")}
    (tmp_path / "fresh").mkdir()
    imported = run("import", "flux", str(saved), "--json", env=fresh)
    assert imported.returncode == 0, imported.stderr
    assert json.loads(imported.stdout)["sets_added"] == 6
