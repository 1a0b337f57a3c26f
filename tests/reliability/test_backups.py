"""Automatic backups: one a day (rotating, beside the pre-migration copies), cheap at start-up, and restorable."""

from __future__ import annotations

import sqlite3
import time
from datetime import timedelta

import pytest

from flux_tui.store import Store
from flux_tui.store import db
from flux_tui.timefmt import utc_now
from tests.reliability.helpers import bulk_sets, seeded_store


def _open_and_wait(path):
    store = Store.open(path)
    db.wait_for_daily_backup(30)
    return store


def test_a_new_store_takes_no_backup_and_an_existing_one_takes_one_a_day(tmp_path, figures):
    path = tmp_path / "flux.sqlite3"
    seeded_store(path, sessions=1).close()
    db.wait_for_daily_backup(30)
    assert db.list_backups(path) == []  # created in this open: nothing worth copying yet
    for _ in range(3):
        _open_and_wait(path).close()
    backups = db.list_backups(path)
    assert [db.backup_reason(p) for p in backups] == ["daily"]
    copy = sqlite3.connect(backups[0])
    assert copy.execute("SELECT count(*) FROM workout_sets").fetchone()[0] == 3
    assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert copy.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # standalone, no -wal needed
    copy.close()
    figures.add(trials=4, rows_lost=0, rows_duplicated=0)


def test_daily_copies_rotate_and_never_push_out_the_pre_migration_copy(tmp_path, figures):
    path = tmp_path / "flux.sqlite3"
    training = seeded_store(path, sessions=1)
    db.backup(training._store.db.conn, path, reason="pre-v2")
    # Local noon, 30 days ago: "the same day, one hour later" must not cross midnight whatever the
    # hour the suite runs at (it once failed at 23:13) or the machine's zone.
    start = (utc_now() - timedelta(days=30)).astimezone().replace(hour=12, minute=0, second=0, microsecond=0)
    taken = [db.daily_backup(path, now=start + timedelta(days=day)) for day in range(12)]
    assert all(taken)
    # The same day again: not due.
    assert db.daily_backup(path, now=start + timedelta(days=11, hours=1)) is None
    backups = db.list_backups(path)
    reasons = [db.backup_reason(p) for p in backups]
    assert reasons.count("daily") == db.DAILY_KEPT
    assert "pre-v2" in reasons
    assert [p for p in backups if db.backup_reason(p) == "daily"] == taken[-db.DAILY_KEPT:]  # the newest stay
    training.close()
    figures.add(trials=13)


def test_a_backup_killed_mid_copy_leaves_nothing_that_looks_like_a_backup(tmp_path):
    path = tmp_path / "flux.sqlite3"
    seeded_store(path, sessions=1).close()
    folder = path.parent / db.BACKUP_DIRNAME
    folder.mkdir()
    # What a kill -9 in the middle of the copy leaves: the partial file.
    (folder / f".{path.stem}-daily.partial").write_bytes(b"SQLite format 3\x00half")
    assert db.list_backups(path) == []
    assert db.daily_backup(path) is None  # someone (the dead process) holds it: skip, never wait
    stale = folder / f".{path.stem}-daily.partial"
    import os

    os.utime(stale, (time.time() - 7200, time.time() - 7200))
    assert db.daily_backup(path) is None  # stale: removed now ...
    assert not stale.exists()
    assert db.daily_backup(path) is not None  # ... and the next start takes the copy


def _big_store(path, n_sets):
    seeded_store(path).close()
    conn = sqlite3.connect(path)
    bulk_sets(conn, n_sets)
    conn.close()


def _time_open(path, repeats=5):
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        store = Store.open(path)
        best = min(best, time.perf_counter() - started)
        db.wait_for_daily_backup(60)
        store.close()
    return best


@pytest.mark.parametrize("n_sets", [pytest.param(20_000, id="20k"), pytest.param(100_000, id="100k", marks=pytest.mark.slow)])
def test_the_daily_backup_does_not_slow_start_up(tmp_path, figures, n_sets):
    """The copy runs on its own thread and connection: opening with a backup due costs
    about what opening without one costs, whatever the size of the store."""
    path = tmp_path / "flux.sqlite3"
    _big_store(path, n_sets)
    store = Store.open(path)
    db.wait_for_daily_backup(60)
    started = time.perf_counter()
    db.backup(store.db.conn, path, reason="timing")
    copy_seconds = time.perf_counter() - started
    store.close()

    not_due = _time_open(path)  # today's daily exists
    due = float("inf")
    for _ in range(5):
        for stale in db.list_backups(path):
            stale.unlink()
        started = time.perf_counter()
        store = Store.open(path)
        due = min(due, time.perf_counter() - started)
        thread = db._daily_thread
        db.wait_for_daily_backup(60)
        store.close()
        assert thread is not None and [db.backup_reason(p) for p in db.list_backups(path)] == ["daily"]
    figures.add(**{f"open_ms_{n_sets}": round(not_due * 1000, 2), f"open_due_ms_{n_sets}": round(due * 1000, 2),
                   f"copy_ms_{n_sets}": round(copy_seconds * 1000, 2)})
    assert due < not_due + 0.02, (due, not_due, copy_seconds)
    assert due < copy_seconds / 2 or copy_seconds < 0.02


def test_the_store_its_journal_lock_and_backups_are_private(tmp_path, figures):
    import os
    import stat

    previous = os.umask(0o022)  # the usual umask: files would be 0644
    try:
        path = tmp_path / "flux.sqlite3"
        training = seeded_store(path, sessions=1)
        db.backup(training._store.db.conn, path, reason="pre-v9")
        taken = db.daily_backup(path, now=utc_now() - timedelta(days=3))
        kept = db._keep_before_restore(path)
        files = [path, tmp_path / "flux.sqlite3-wal", tmp_path / "flux.sqlite3-shm", tmp_path / "flux.sqlite3.lock",
                 taken, kept, *db.list_backups(path)]
        modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in files}
        training.close()
    finally:
        os.umask(previous)
    assert set(modes.values()) == {0o600}, modes
    assert stat.S_IMODE((tmp_path / db.BACKUP_DIRNAME).stat().st_mode) == 0o700
    figures.add(trials=1, inputs=len(files))


def test_no_daily_copy_is_taken_without_room_for_it_on_the_disk(tmp_path, monkeypatch, figures):
    """A daily copy needs the store's size twice over plus 64 MiB free: backups never fill a small disk."""
    import shutil
    import subprocess

    small = tmp_path / "small"
    small.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", str(small)], capture_output=True).returncode:
        pytest.skip("cannot mount a tmpfs here")  # under CI=true a skip fails loudly, as it should
    try:
        path = small / "flux.sqlite3"
        training = seeded_store(path, sessions=3)
        days = [db.daily_backup(path, now=utc_now() - timedelta(days=d)) for d in range(10, 0, -1)]
        assert days == [None] * 10 and db.list_backups(path) == []
        training.log_set(training.start_session(training.plan()), "back_squat", weight=100.0, reps=5)  # still logs
        training.close()
    finally:
        subprocess.run(["umount", "-l", str(small)], capture_output=True)
    # With room, the same store takes its copy (the rule is the free space, not the folder).
    path = tmp_path / "roomy" / "flux.sqlite3"
    seeded_store(path, sessions=1).close()
    real = shutil.disk_usage
    monkeypatch.setattr(db.shutil, "disk_usage", lambda folder: real(folder)._replace(free=10**12))
    assert db.daily_backup(path, now=utc_now() - timedelta(days=1)) is not None
    monkeypatch.setattr(db.shutil, "disk_usage", lambda folder: real(folder)._replace(free=db.FREE_AFTER_COPY))
    assert db.daily_backup(path, now=utc_now() - timedelta(days=2)) is None
    figures.add(trials=12, rows_lost=0)
