"""Shared pieces of the reliability suites: stores with history, the CLI in a subprocess, store audits."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
FLUX_TUI = VENV_BIN / "flux-tui"
T0 = datetime(2026, 3, 1, 9, 0, tzinfo=timezone.utc)


@dataclass
class Run:
    status: int
    out: str
    err: str


def clean_env(home: Path, **extra: str) -> dict[str, str]:
    # FLUX_CLOCK_SHIFT stays: a suite run "at 23:30" (tests/clock.py) runs its commands then too.
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("FLUX_", "SUPABASE_")) or k == "FLUX_CLOCK_SHIFT"}
    env.update(FLUX_HOME=str(home), PYTHONPATH=str(ROOT), NO_COLOR="1", **extra)
    return env


def cli(home: Path, *args: str, stdin: str | None = None, timeout: float = 60, **env: str) -> Run:
    """`flux-tui ARGS` as a user runs it: the console script, its own process, the test's data directory."""
    done = subprocess.run(
        [str(FLUX_TUI), *args], input=stdin, capture_output=True, text=True, timeout=timeout,
        env=clean_env(home, **env), cwd=home,
    )
    return Run(done.returncode, done.stdout, done.stderr)


def assert_one_line_error(run: Run, *needles: str) -> None:
    """Failed with a non-zero status and exactly one line on stderr, naming what and where; no traceback."""
    assert run.status != 0, run
    lines = run.err.strip().splitlines()
    assert len(lines) == 1, run.err
    assert "Traceback" not in run.err
    for needle in needles:
        assert needle in run.err, (needle, run.err)


def seeded_store(path: Path, sessions: int = 0, sets_per_session: int = 3):
    """A Training over a fresh store with the default Brain and `sessions` completed sessions."""
    from flux_tui.training import Training

    training = Training.open(path)
    for n in range(sessions):
        plan = training.plan(now=T0)
        session_id = training.start_session(plan, now=T0)
        for _ in range(sets_per_session):
            training.log_set(session_id, "back_squat", weight=100.0 + n, reps=5)
        training.finish_session(session_id, now=T0)
    return training


def bulk_sets(conn: sqlite3.Connection, n_sets: int, per_session: int = 33) -> None:
    """Insert `n_sets` completed sets quickly in SQL (for size and timing tests; not realistic data)."""
    conn.execute("BEGIN")
    conn.execute(
        """WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ?)
           INSERT INTO workout_sessions (id, archetype, status, started_at, completed_at, created_at, updated_at)
           SELECT printf('bulk-session-%08d', i), 'performance', 'completed',
                  strftime('%Y-%m-%dT%H:%M:%f000+00:00', '2020-01-01', printf('+%d hours', i * 30)),
                  strftime('%Y-%m-%dT%H:%M:%f000+00:00', '2020-01-01', printf('+%d hours', i * 30 + 1)),
                  '2020-01-01T00:00:00.000000+00:00', '2020-01-01T00:00:00.000000+00:00' FROM n""",
        ((n_sets + per_session - 1) // per_session,),
    )
    conn.execute(
        """WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ?)
           INSERT INTO workout_sets (id, session_id, exercise_id, set_index, weight, reps, rpe, metadata,
                                     logged_at, created_at, updated_at)
           SELECT printf('bulk-set-%08d', i), printf('bulk-session-%08d', i / ?), 'back_squat', i % ?,
                  60 + (i % 50), 5, 8, '{"note": "bulk"}',
                  '2020-01-01T00:00:00.000000+00:00', '2020-01-01T00:00:00.000000+00:00',
                  '2020-01-01T00:00:00.000000+00:00' FROM n""",
        (n_sets, per_session, per_session),
    )
    conn.execute("COMMIT")


@dataclass
class Audit:
    integrity: str
    set_ids: set[str]
    duplicated: int
    unsynced_without_outbox: int
    active_sessions: int


def audit_store(path: Path) -> Audit:
    """What a crash test checks after each restart, read through a fresh connection."""
    conn = sqlite3.connect(path)
    try:
        integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
        ids = [row[0] for row in conn.execute("SELECT id FROM workout_sets WHERE deleted_at IS NULL")]
        # Every set not yet acknowledged by the server (user_id is set only by sync) has an outbox entry.
        missing = conn.execute(
            """SELECT count(*) FROM workout_sets w WHERE w.user_id IS NULL AND NOT EXISTS
               (SELECT 1 FROM outbox o WHERE o.table_name = 'workout_sets' AND o.row_id = w.id)"""
        ).fetchone()[0]
        active = conn.execute("SELECT count(*) FROM workout_sessions WHERE status = 'active'").fetchone()[0]
    finally:
        conn.close()
    return Audit(integrity, set(ids), len(ids) - len(set(ids)), missing, active)
