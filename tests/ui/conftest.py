"""Fixtures for the UI tests: a real SQLite store per test (under FLUX_HOME), a fake clock, helpers."""

from __future__ import annotations

import io
import os
import sqlite3
import time
from contextlib import closing
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from rich.console import Console

from flux_tui.settings import STORE_FILENAME
from flux_tui.training import Training
from flux_tui.ui.app import FluxApp
from flux_tui.ui.timing import FakeClock

NOW = datetime(2026, 3, 2, 7, 30, tzinfo=timezone.utc)  # a Monday morning


def copy_store(source: Path, target: Path) -> Path:
    """A copy of a store as committed, through SQLite's backup API. A file copy can miss what is
    still in the WAL: the last connection to close moves it into the file, and a template's daily
    backup thread may hold one for a moment after the template is closed (a flaky test found it)."""
    with closing(sqlite3.connect(source)) as held, closing(sqlite3.connect(target)) as copy:
        held.backup(copy)
    return target


@pytest.fixture(scope="session")
def seeded_template(tmp_path_factory) -> Path:
    """A freshly seeded store, made once; each test gets a copy (seeding validates the Brain: slow-ish)."""
    path = tmp_path_factory.mktemp("template") / STORE_FILENAME
    Training.open(path).close()
    return path


@pytest.fixture(scope="session")
def history_template(tmp_path_factory, seeded_template) -> Path:
    """A store with two completed sessions (so Today has a last session, prescriptions and records)."""
    path = tmp_path_factory.mktemp("history") / STORE_FILENAME
    copy_store(seeded_template, path)
    training = Training.open(path)
    # A session keeps the UTC offset of where it was started: made in UTC, the store is the same
    # whatever the machine's zone (the snapshots show its dates).
    zone = os.environ.get("TZ")
    os.environ["TZ"] = "UTC"
    time.tzset()
    try:
        for days_ago in (4, 2):
            start = NOW - timedelta(days=days_ago, hours=1)
            plan = training.plan(start)
            session_id = training.start_session(plan, now=start)
            minute = 0
            for slot in plan.slots:
                for _ in range(slot.sets):
                    minute += 3
                    values = {"logged_at": start + timedelta(minutes=minute)}
                    if slot.reps is not None:
                        values.update(reps=slot.reps[1], weight=60.0 if slot.pattern != "single_leg" else 20.0)
                    elif slot.seconds is not None:
                        values.update(seconds=float(slot.seconds))
                    else:
                        values.update(distance=float(slot.distance), weight=24.0)
                    training.log_set(session_id, slot.exercise, **values)
            if plan.conditioning is not None:
                c = plan.conditioning
                training.log_set(session_id, c.exercise, logged_at=start + timedelta(minutes=minute + 10),
                                 metadata={"rounds_completed": c.rounds, **c.target})
            training.finish_session(session_id, now=start + timedelta(minutes=minute + 20))
    finally:
        training.close()
        if zone is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = zone
        time.tzset()
    return path


@pytest.fixture
def store_path(flux_home, seeded_template) -> Path:
    path = flux_home / STORE_FILENAME
    copy_store(seeded_template, path)
    return path


@pytest.fixture
def history_store(flux_home, history_template) -> Path:
    path = flux_home / STORE_FILENAME
    copy_store(history_template, path)
    return path


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(NOW)


def make_app(path: Path, clock: FakeClock) -> FluxApp:
    return FluxApp(path, clock=clock)


async def settle(app, pilot, rounds: int = 6) -> None:
    """Let workers finish and their messages land (a worker's result may start another worker)."""
    for _ in range(rounds):
        await pilot.pause()
        if all(w.is_finished for w in app.workers):
            return
        await app.workers.wait_for_complete()


def screen_text(app) -> str:
    """What the terminal shows, as plain text (for assertions and for reading snapshots)."""
    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), force_terminal=True, color_system=None,
                      record=True, legacy_windows=False, safe_box=False)
    console.print(app.screen._compositor.render_update(full=True, screen_stack=app._background_screens))
    return console.export_text()


def read_store(path: Path):
    """A second, independent connection: what is really on disk."""
    return Training.open(path, seed_if_empty=False)
