"""A second laptop restores the whole account in one command: `login` then `sync`, on a fresh data folder,
in any order of commands and without `seed`. The history is a real one (the published exports of
tests/fixtures/real/, thousands of sets); every set is compared. Auth is the harness's STUB; PostgREST real."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from flux_tui.importers import ImportFormatError, parse_file
from flux_tui.store import Store
from tests.sync.conftest import assert_converged, normal, server_rows

pytestmark = pytest.mark.stack

REAL = Path(__file__).parents[1] / "fixtures" / "real"


def import_real_history(device) -> int:
    """Every published export of tests/fixtures/real/ into one store: a history of thousands of sets."""
    sets = 0
    for entry in json.loads((REAL / "index.json").read_text()):
        try:
            result = parse_file("auto", str(REAL / entry["file"]), unit=entry.get("weight_unit_guess") or "kg",
                                catalog=device.training.catalog)
        except ImportFormatError:   # a locale the importers do not read yet
            continue
        customs = [e.as_row() for e in result.custom_exercises]
        sets += device.training.import_sessions(result.sessions, customs, source=entry["app"].split("_")[0]).sets_added
    device.training._forget()
    return sets


@pytest.fixture
def laptop1(stack, user, devices):
    email, password, uid = user
    a = devices("laptop1").login(email, password)
    assert import_real_history(a) > 2000
    a.log_session(3)
    a.sync()
    assert a.store.outbox.size() == 0
    return a


def restored(run) -> Store:
    return Store.open(run.home / "flux.sqlite3")


def compare_with_laptop1(stack, uid, run, laptop1) -> None:
    store = restored(run)
    try:
        for table in ("exercises", "workout_sessions", "workout_sets", "user_configs"):
            on_server = server_rows(stack, table, uid)
            mine = sorted((normal(table, r) for r in store.outbox.rows(table)
                           if table != "exercises" or r["user_id"] is not None), key=lambda r: r["id"])
            assert mine == on_server, f"{table}: the restored folder differs from the server"
        assert store.outbox.size() == 0, "a restore has nothing of its own to push"
        from flux_tui.training import Training

        restored_training = Training(store)
        assert restored_training.state == laptop1.training.state, "the state is the fold of the restored history"
        assert len(restored_training.history_page(0, 10_000)) == laptop1.training.history_count()
    finally:
        store.close()
    assert_converged(stack, uid, laptop1)


@pytest.mark.parametrize("commands", [
    [("login",), ("sync",)],
    [("login",), ("doctor",), ("sync",)],
    [("seed",), ("login",), ("sync",)],
    [("sync",), ("login",), ("sync",)],          # a sync before signing in changes nothing
])
def test_a_fresh_folder_restores_the_whole_history_with_login_then_sync(stack, user, laptop1, run, commands):
    email, password, uid = user
    for command in commands:
        stdin = password + "\n" if command[0] == "login" else None
        args = ("login", "--email", email, "--password-stdin") if command[0] == "login" else command
        done = run(*args, stdin=stdin)
        if command == ("sync",) and commands.index(command) == len(commands) - 1:
            assert done.returncode == 0, done.stdout + done.stderr
    compare_with_laptop1(stack, uid, run, laptop1)
    # and it stays restored: a second sync moves nothing
    again = run("sync", "--json")
    assert again.returncode == 0, again.stderr
    report = json.loads(again.stdout)
    assert report["pulled"] == {} and report["pushed"] == {}


def test_a_push_takes_the_servers_stamps_instead_of_pulling_its_own_rows_back(stack, user, devices):
    email, password, uid = user
    a = devices().login(email, password)
    a.sync()
    a.log_session(4)
    report = a.sync()
    assert report.pushed == {"workout_sessions": 1, "workout_sets": 4, "user_configs": 1}
    assert report.pulled == {}
    # 3 upserts, the cursor, and one page of user_configs: the Brain's state changed here since its last
    # push, so the store cannot tell it mirrors the server's row. No page of the sets or the session.
    assert report.requests == 5
    assert a.sync().requests == 1, "and the next sync finds nothing new"
    assert_converged(stack, uid, a)


def test_a_table_the_server_holds_none_of_is_not_read(stack, user, devices):
    """sync_cursor() counts 0 rows of it (no bodyweight logged, no rest set, no exercise of your own):
    a read would return nothing, so none is made."""
    email, password, uid = user
    a = devices().login(email, password)
    a.log_session(2)
    before = len(stack.gateway.requests)
    a.sync()
    read = {path for method, path, _ in stack.gateway.requests[before:] if method == "GET"}
    assert not read & {"/rest/v1/bodyweights", "/rest/v1/exercise_rests", "/rest/v1/exercises"}, read
    assert_converged(stack, uid, a)
