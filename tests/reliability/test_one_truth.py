"""One truth on one laptop: several processes on one store never lose each other's effect.

Real processes (tests/reliability/app_worker.py stands in for an open app; the CLI is the console
script) interleave on one store, and after each step the stored state must equal a rebuild from
the history. The hypothesis test interleaves the same operations on several connections of one
process, more cheaply, over many more orders.
"""

from __future__ import annotations

import json
import random
import sqlite3
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flux_tui.timefmt import utc_now
from tests.reliability.helpers import ROOT, clean_env, cli

WORKER = Path(__file__).with_name("app_worker.py")


class App:
    """An open app on the store, in its own process."""

    def __init__(self, home: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, str(WORKER), str(home / "flux.sqlite3")], stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, text=True, env=clean_env(home), cwd=ROOT)
        assert self.ask_raw() == {"ready": True}

    def ask_raw(self) -> dict:
        line = self.process.stdout.readline()
        assert line, "the app process died"
        return json.loads(line)

    def ask(self, command: str) -> dict:
        self.process.stdin.write(command + "\n")
        self.process.stdin.flush()
        reply = self.ask_raw()
        assert "error" not in reply, (command, reply)
        return reply

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.stdin.write("quit\n")
            self.process.stdin.close()
            self.process.wait(30)


def strong_csv(path: Path, sessions: int, end: datetime) -> Path:
    """A Strong export of `sessions` daily squat workouts ending a day before `end` (local wall times)."""
    lines = ["Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Weight Unit,Reps,RPE,Distance,"
             "Distance Unit,Seconds,Notes,Workout Notes"]
    for n in range(sessions):
        day = (end - timedelta(days=sessions - n)).astimezone().replace(hour=7, minute=0, second=0, microsecond=0)
        stamp = day.strftime("%Y-%m-%d %H:%M:%S")
        for order in (1, 2, 3):
            lines.append(f"{stamp},Legs,1h 0m,Squat (Barbell),{order},100,kg,5,,,,,,")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def stored_matches_rebuild(home: Path) -> bool:
    run = cli(home, "state", "--rebuild", "--json")
    assert run.status == 0, run
    return json.loads(run.out)["matched"]


def squat_debt(home: Path) -> float:
    return json.loads(cli(home, "state", "--json").out)["pattern_debts"]["squat"]


def completed_sessions(home: Path) -> int:
    with sqlite3.connect(home / "flux.sqlite3") as conn:
        return conn.execute("SELECT count(*) FROM workout_sessions WHERE status = 'completed'").fetchone()[0]


@pytest.fixture
def home(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    assert cli(home, "seed").status == 0
    return home


def test_two_open_apps_never_undo_each_others_sessions(home, figures):
    a, b = App(home), App(home)
    try:
        a.ask("start")
        a.ask("log back_squat 1")
        after_a = a.ask("finish")["debts"]["squat"]
        b.ask("start")
        b.ask("log back_squat 1")
        after_b = b.ask("finish")["debts"]["squat"]
        # B read the state before A finished: folding from it would give A's debt back.
        assert after_b < after_a
        assert squat_debt(home) == pytest.approx(after_b, abs=0.01)
        assert b.ask("state")["debts"]["squat"] == pytest.approx(after_b, abs=0.01)
        assert a.ask("state")["debts"]["squat"] == pytest.approx(after_b, abs=0.01)  # A sees B's commit
        assert stored_matches_rebuild(home)
    finally:
        a.close(), b.close()
    figures.add(trials=1, inputs=8, rows_lost=0, rows_duplicated=0)


def test_an_import_while_an_app_is_mid_session_is_kept_when_the_app_finishes(home, tmp_path, figures):
    app = App(home)
    try:
        app.ask("start")
        app.ask("log back_squat 3")
        csv = strong_csv(tmp_path / "strong.csv", 600, utc_now())
        run = cli(home, "import", "strong", str(csv), "--json")
        assert run.status == 0, run
        assert json.loads(run.out)["sessions_added"] == 600
        after_import = json.loads(cli(home, "state", "--json").out)
        app.ask("finish")
        assert completed_sessions(home) == 601
        assert stored_matches_rebuild(home)
        after_finish = json.loads(cli(home, "state", "--json").out)
        # The app folded its session onto the imported history, not onto the state it read at start.
        assert after_finish["pattern_debts"]["squat"] <= after_import["pattern_debts"]["squat"]
    finally:
        app.close()
    figures.add(trials=1, inputs=1803, rows_lost=0, rows_duplicated=0)


def test_random_interleavings_of_two_apps_and_the_cli_keep_one_truth(home, tmp_path, figures):
    """Apps starting, logging, finishing, abandoning, deleting and restoring sets, and CLI imports and
    seeds between them, in random orders: after every step the stored state is the history's fold."""
    rng = random.Random(20260301)
    apps = [App(home), App(home)]
    active = [False, False]
    csv_days = iter(range(1, 10_000))
    steps = 0
    try:
        for _ in range(24):
            who = rng.randrange(3)
            if who == 2:  # the command line
                if rng.random() < 0.5:
                    csv = strong_csv(tmp_path / f"s{steps}.csv", rng.randint(1, 5),
                                     utc_now() - timedelta(days=30 * next(csv_days)))
                    assert cli(home, "import", "strong", str(csv)).status == 0
                else:
                    assert cli(home, "seed").status == 0
            else:
                app = apps[who]
                if not any(active):  # one active session per store
                    app.ask("start")
                    active[who] = True
                    app.ask(f"log {rng.choice(['back_squat', 'deadlift', 'bench_press'])} {rng.randint(1, 4)}")
                elif not active[who]:
                    app.ask("state")
                else:
                    choice = rng.random()
                    if choice < 0.5:
                        app.ask("finish")
                        active[who] = False
                    elif choice < 0.6:
                        app.ask("abandon")
                        active[who] = False
                    elif choice < 0.8:
                        app.ask("delete")
                        app.ask("restore")
                    else:
                        app.ask("log back_squat 1")
            steps += 1
            assert stored_matches_rebuild(home), f"after step {steps}"
    finally:
        for app in apps:
            app.close()
    figures.add(trials=steps, rows_lost=0, rows_duplicated=0)


# --- the same operations on several connections of one process, in hypothesis' orders ----------

OPERATIONS = st.lists(
    st.tuples(st.integers(0, 2), st.sampled_from(["start", "log", "finish", "abandon", "delete", "restore",
                                                  "import", "import_old", "seed"])),
    min_size=1, max_size=30)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(operations=OPERATIONS)
def test_any_interleaving_of_three_connections_keeps_the_state_the_fold_of_the_history(tmp_path_factory, figures,
                                                                                         operations):
    from flux_tui.engine.history import LoggedSet, SessionRecord
    from flux_tui.engine.state import state_to_dict
    from flux_tui.training import Training

    path = tmp_path_factory.mktemp("interleave") / "flux.sqlite3"
    trainings = [Training.open(path) for _ in range(3)]
    for training in trainings:
        _ = training.state  # each read the state once, as an app does at start
    base = datetime(2026, 1, 1, 9, tzinfo=timezone.utc)
    sessions: list[str | None] = [None, None, None]
    sets: list[list[str]] = [[], [], []]
    try:
        for step, (who, op) in enumerate(operations):
            training = trainings[who]
            # Each connection has its own clock, so sessions end out of commit order too.
            now = base + timedelta(hours=step + 5 * who)
            if op == "start" and sessions[who] is None and training.active_session() is None:
                sessions[who] = training.start_session(training.plan(now=now), now=now)
            elif op == "log" and sessions[who] is not None:
                sets[who].append(training.log_set(sessions[who], "back_squat", weight=100.0, reps=5,
                                                  logged_at=now)[0].id)
            elif op in ("finish", "abandon") and sessions[who] is not None:
                if op == "finish":
                    training.finish_session(sessions[who], now=now + timedelta(minutes=30))
                else:
                    training.abandon_session(sessions[who], now=now + timedelta(minutes=30))
                sessions[who] = None
            elif op in ("delete", "restore") and sets[who]:
                (training.delete_set if op == "delete" else training.restore_set)(sets[who][-1])
            elif op in ("import", "import_old"):
                when = now - timedelta(days=400 if op == "import_old" else 0, hours=3)
                record = SessionRecord(
                    id=f"00000000-0000-4000-8000-{step:06d}{who:06d}", started_at=when,
                    completed_at=when + timedelta(minutes=40), archetype="performance", anchor_pattern="hinge",
                    status="completed",
                    sets=(LoggedSet(id=f"10000000-0000-4000-8000-{step:06d}{who:06d}", exercise_id="deadlift",
                                    set_index=0, weight=140.0, reps=3, logged_at=when),))
                training.import_sessions([record])
            elif op == "seed":
                training.seed()
            rebuilt = training.rebuild()
            assert rebuilt.matched, (step, who, op)
            for other in trainings:
                assert state_to_dict(other.state) == state_to_dict(rebuilt.state), (step, who, op)
        figures.add(trials=1, inputs=len(operations), rows_lost=0, rows_duplicated=0)
    finally:
        for training in trainings:
            training.close()
