"""`flux-tui restore`, end to end through the console script in a subprocess."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from flux_tui.store import db
from tests.reliability.helpers import ROOT, assert_one_line_error, cli, seeded_store

STORE = "flux.sqlite3"


def _set_count(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT count(*) FROM workout_sets WHERE deleted_at IS NULL").fetchone()[0]
    finally:
        conn.close()


def test_a_damaged_store_comes_back_from_the_daily_backup(tmp_path, figures):
    home = tmp_path / "home"
    home.mkdir()
    seeded_store(home / STORE, sessions=3, sets_per_session=5).close()
    db.wait_for_daily_backup(30)
    assert cli(home, "state").status == 0  # the first open of an existing store on a day takes the copy
    listing = cli(home, "restore")
    assert listing.status == 0 and listing.out.strip().endswith("-daily.sqlite3"), listing
    garbage = b"\x13" * 8192
    (home / STORE).write_bytes(garbage)

    broken = cli(home, "history")
    assert_one_line_error(broken, str(home / STORE), "flux-tui restore")
    unconfirmed = cli(home, "restore", "latest")  # no terminal to ask on: refuse, change nothing
    assert_one_line_error(unconfirmed, "--yes")
    assert (home / STORE).read_bytes() == garbage

    restored = cli(home, "restore", "latest", "--yes")
    assert restored.status == 0, restored.err
    history = cli(home, "history", "--json")
    assert history.status == 0, history.err
    import json

    assert sum(s["set_count"] for s in json.loads(history.out)) == 15
    kept = [p for p in db.list_backups(home / STORE) if db.backup_reason(p) == "before-restore"]
    assert len(kept) == 1 and kept[0].read_bytes() == garbage  # the damaged file is kept, byte for byte
    figures.add(trials=1, faults=1, rows_lost=0, rows_duplicated=0)


WRITER = """
import sys
from pathlib import Path
from flux_tui.training import Training
t = Training.open(Path(sys.argv[1]), seed_if_empty=False)
active = t._store.sessions.active()
session_id = active[0].id if active else t.start_session(t.plan())
for n in range(int(sys.argv[2])):
    logged, _ = t.log_set(session_id, "bench_press", weight=60.0 + n, reps=8)
    print(logged.id, flush=True)
print("done", flush=True)
import time
time.sleep(60)
"""


def test_restore_keeps_the_sets_that_were_only_in_the_wal(tmp_path, figures):
    """The store being replaced is kept through SQLite: sets committed to its -wal but not yet
    checkpointed into the main file (the state a kill -9 leaves) are in the before-restore copy."""
    home = tmp_path / "home"
    home.mkdir()
    path = home / STORE
    seeded_store(path, sessions=1).close()
    db.wait_for_daily_backup(30)
    older = db.backup(sqlite3.connect(path), path, reason="manual")
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(path), "25"], stdout=subprocess.PIPE, text=True,
                              cwd=ROOT)
    ids = []
    for line in writer.stdout:
        if line.strip() == "done":
            break
        ids.append(line.strip())
    writer.send_signal(signal.SIGKILL)
    writer.wait()
    wal = Path(f"{path}-wal")
    assert wal.exists() and wal.stat().st_size > 0  # the sets live in the -wal only
    restored = cli(home, "restore", str(older), "--yes")
    assert restored.status == 0, restored.err
    assert _set_count(path) == 3  # the older copy is back ...
    kept = [p for p in db.list_backups(path) if db.backup_reason(p) == "before-restore"]
    conn = sqlite3.connect(kept[0])
    saved = {row[0] for row in conn.execute("SELECT id FROM workout_sets")}
    conn.close()
    assert set(ids) <= saved, f"{len(set(ids) - saved)} of {len(ids)} sets lost by restore"  # ... and nothing is lost
    back = cli(home, "restore", str(kept[0]), "--yes")
    assert back.status == 0 and _set_count(path) == 3 + 25
    figures.add(trials=1, faults=1, inputs=len(ids), rows_lost=0, rows_duplicated=0)


@pytest.mark.parametrize("bad", ["foreign", "newer", "garbage", "missing"])
def test_restore_refuses_what_is_not_a_flux_backup_and_changes_nothing(tmp_path, bad, figures):
    home = tmp_path / "home"
    home.mkdir()
    seeded_store(home / STORE, sessions=1).close()
    db.wait_for_daily_backup(30)
    source = tmp_path / "candidate.sqlite3"
    if bad == "foreign":
        conn = sqlite3.connect(source)
        conn.execute("CREATE TABLE t (x)")
        conn.commit()
        conn.close()
    elif bad == "newer":
        conn = sqlite3.connect(home / STORE)
        conn.backup(copy := sqlite3.connect(source))
        copy.execute(f"PRAGMA user_version = {db.SCHEMA_VERSION + 1}")
        copy.commit()
        copy.close()
        conn.close()
    elif bad == "garbage":
        source.write_bytes(b"not a database" * 100)
    before = (home / STORE).read_bytes()
    run = cli(home, "restore", str(source), "--yes")
    assert_one_line_error(run, str(source))
    assert (home / STORE).read_bytes() == before
    assert not [p for p in db.list_backups(home / STORE) if db.backup_reason(p) == "before-restore"]
    figures.add(trials=1, faults=1)


@pytest.mark.parametrize("command", [("restore", "latest", "--yes"), ("reset", "--yes")])
def test_restore_and_reset_refuse_while_an_app_has_the_store_open_naming_it(tmp_path, figures, command):
    """The app's sets after a refused restore or reset land in the one store there is: none is lost."""
    from tests.reliability.test_one_truth import App

    home = tmp_path / "home"
    home.mkdir()
    seeded_store(home / STORE, sessions=2).close()
    db.wait_for_daily_backup(30)
    assert cli(home, "state").status == 0  # takes today's daily copy: something to restore
    app = App(home)
    try:
        app.ask("start")
        before = _set_count(home / STORE)
        refused = cli(home, *command)
        assert_one_line_error(refused, str(home / STORE), f"pid {app.process.pid}", "app_worker.py",
                              "nothing was changed")
        logged = app.ask("log back_squat 3")["sets"]
        app.ask("finish")
    finally:
        app.close()
    conn = sqlite3.connect(home / STORE)
    try:
        kept = {r[0] for r in conn.execute("SELECT id FROM workout_sets")}
    finally:
        conn.close()
    assert set(logged) <= kept and _set_count(home / STORE) == before + 3
    assert cli(home, *command).status == 0  # the app closed: now it may
    figures.add(trials=1, faults=1, inputs=3, rows_lost=0, rows_duplicated=0)


def test_an_app_opening_during_a_restore_waits_for_it(tmp_path):
    from flux_tui.store import lock

    path = tmp_path / STORE
    seeded_store(path).close()
    with lock.exclusive(path, "restore"):
        started = time.monotonic()
        done = subprocess.run([sys.executable, "-c", "import sys; from pathlib import Path; "
                               "from flux_tui.store import Store; Store.open(Path(sys.argv[1])).close()", str(path)],
                              capture_output=True, text=True, cwd=ROOT, timeout=30)
    assert done.returncode != 0 and "being replaced or erased" in done.stderr and str(os.getpid()) in done.stderr
    assert time.monotonic() - started >= lock.WAIT_SECONDS
