"""Sync tests against the real test stack (tests/stack/harness.py): PostgreSQL migrated by the Supabase
CLI, PostgREST 12, and the gateway. Sign-in goes through the harness's Auth STUB (Supabase Auth/GoTrue
cannot run here): it mints real HS256 JWTs that PostgREST verifies, so RLS applies for real."""

from __future__ import annotations

import itertools
import json
import os
import secrets
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from flux_tui.remote.client import Remote
from flux_tui.remote.config import RemoteConfig
from flux_tui.remote.sync import PULL_ORDER, Syncer
from flux_tui.timefmt import utc_now
from flux_tui.training import Training

COMPARED = {
    "workout_sessions": ("id", "user_id", "archetype", "anchor_pattern", "status", "started_at", "completed_at",
                         "notes", "plan", "source", "created_at", "deleted_at"),
    "workout_sets": ("id", "user_id", "session_id", "exercise_id", "set_index", "weight", "reps", "seconds",
                     "distance", "rpe", "is_warmup", "set_type", "metadata", "logged_at", "created_at", "deleted_at"),
    "user_configs": ("id", "user_id", "brain_version", "logic", "selections", "sessions", "conditioning", "state",
                     "created_at", "deleted_at"),
    "exercises": ("id", "user_id", "name", "pattern", "tracking", "load_type", "is_custom", "deleted_at"),
    "bodyweights": ("id", "user_id", "weight", "measured_at", "utc_offset", "created_at", "deleted_at"),
    "exercise_rests": ("id", "user_id", "rest_seconds", "created_at", "deleted_at"),
}
_counter = itertools.count()


class Device:
    """One laptop: its own data directory (store + session file), signed in to the stack."""

    def __init__(self, stack: Any, home: Path, timeout: float = 3.0) -> None:
        self.stack = stack
        self.home = home
        home.mkdir(parents=True, exist_ok=True)
        self.training = Training.open(home / "flux.sqlite3")
        self.store = self.training._store
        self.remote = Remote(RemoteConfig(stack.api_url, stack.anon_key), session_file=home / "session.json",
                             timeout=timeout)

    def login(self, email: str, password: str) -> "Device":
        self.remote.sign_in(email, password)
        return self

    def sync(self):
        report = Syncer(self.store.outbox, self.remote, rebuild=self.training.refold).sync()
        self.training._forget()   # the state may have been rebuilt under it
        return report

    def log_session(self, sets: int = 3, exercise: str = "back_squat", when=None):
        plan = self.training.plan()
        start = when or utc_now()
        sid = self.training.start_session(plan, now=start)
        for i in range(sets):
            self.training.log_set(sid, exercise, weight=60.0 + 2.5 * i, reps=5, rpe=8.0,
                                  logged_at=start + timedelta(minutes=3 * i + 1))
        self.training.finish_session(sid, now=start + timedelta(minutes=3 * sets + 5))
        return sid

    def rows(self, table: str) -> list[dict[str, Any]]:
        return [normal(table, r) for r in self.store.outbox.rows(table) if table != "exercises" or r["is_custom"]]

    def close(self) -> None:
        self.remote.close()
        self.training.close()


def normal(table: str, row: dict[str, Any]) -> dict[str, Any]:
    """A row reduced to comparable values (JSON text parsed, booleans as ints, times as text)."""
    from flux_tui.remote.sync import JSON_COLUMNS, to_local
    from flux_tui.timefmt import from_iso, to_iso

    out = {}
    for c in COMPARED[table]:
        v = row.get(c)
        if isinstance(v, str) and c in JSON_COLUMNS[table]:
            v = json.loads(v)
        elif isinstance(v, bool):
            v = int(v)
        elif isinstance(v, str) and c.endswith("_at"):
            v = to_iso(from_iso(v))
        elif isinstance(v, float) and v.is_integer():
            v = v
        out[c] = v
    return out


def server_rows(stack: Any, table: str, user_id: str) -> list[dict[str, Any]]:
    extra = " and user_id is not null" if table == "exercises" else ""
    text = stack.psql(f"select coalesce(json_agg(t order by id), '[]') from public.{table} t "
                      f"where user_id = '{user_id}'{extra}")
    return [normal(table, r) for r in json.loads(text)]


def assert_converged(stack: Any, user_id: str, *devices: Device) -> dict[str, int]:
    counts = {}
    for table in PULL_ORDER:
        on_server = server_rows(stack, table, user_id)
        for d in devices:
            mine = sorted(d.rows(table), key=lambda r: r["id"])
            assert mine == on_server, f"{table}: device {d.home.name} differs from the server"
        counts[table] = len(on_server)
    return counts


@pytest.fixture
def stack(supabase_stack):
    supabase_stack.gateway.fault_hook = None
    yield supabase_stack
    supabase_stack.gateway.fault_hook = None


@pytest.fixture
def user(stack):
    """A fresh account with the stub: (email, password, uid)."""
    email = f"user{next(_counter)}-{secrets.token_hex(4)}@example.test"
    password = "pw-" + secrets.token_hex(8)
    return email, password, stack.create_user(email, password)


@pytest.fixture
def devices(stack, tmp_path):
    made: list[Device] = []

    def make(name: str | None = None, timeout: float = 3.0) -> Device:
        d = Device(stack, tmp_path / (name or f"device{len(made)}"), timeout=timeout)
        made.append(d)
        return d

    yield make
    for d in made:
        d.close()


@pytest.fixture
def run(stack, tmp_path):
    """`flux-tui ARGS` as a user runs it, in its own data directory (run.home), against the stack."""
    home = tmp_path / "home"
    home.mkdir()
    outputs: list[str] = []

    def run(*args: str, stdin: str | None = None, env: dict | None = None, cwd: Path | None = None):
        full_env = {**os.environ, "FLUX_HOME": str(home), "SUPABASE_URL": stack.api_url,
                    "SUPABASE_ANON_KEY": stack.anon_key, "FLUX_SYNC_TIMEOUT": "3", **(env or {})}
        for k in [k for k, v in full_env.items() if v is None]:
            del full_env[k]
        done = subprocess.run([sys.executable, "-m", "flux_tui", *args], input=stdin, capture_output=True,
                              text=True, env=full_env, timeout=60, cwd=cwd or tmp_path)
        outputs.append(done.stdout + done.stderr)
        return done

    run.home = home
    run.outputs = outputs
    return run
