"""`flux-tui restore`, end to end through the console script in a subprocess."""

from __future__ import annotations

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
