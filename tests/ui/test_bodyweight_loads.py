"""A weighted pull-up at 80 kg bodyweight, +20 kg × 5, moves 100 kg × 5: the same 500 kg of volume
and e1RM of 116.7 kg on every screen and command that shows them (issue 16, item 8)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from flux_tui.cli.main import main
from flux_tui.engine.history import LoggedSet, SessionRecord
from flux_tui.settings import STORE_FILENAME
from flux_tui.training import Training

from .conftest import NOW, copy_store, make_app, screen_text, settle

STARTED = NOW - timedelta(days=1)
SESSION_ID = "20000000-0000-4000-8000-000000000001"
E1RM = 100.0 * (1 + 5 / 30)  # Epley, of 100 kg × 5


@pytest.fixture
def pull_up_store(flux_home, seeded_template):
    """One completed session: a warm-up at bodyweight and one weighted pull-up at +20 kg × 5; 80 kg
    logged the day before, 90 kg logged after it (which must not count for it)."""
    path = flux_home / STORE_FILENAME
    copy_store(seeded_template, path)
    training = Training.open(path)
    training.log_bodyweight(80.0, STARTED - timedelta(days=1))
    training.import_sessions([SessionRecord(
        id=SESSION_ID, started_at=STARTED, completed_at=STARTED + timedelta(hours=1), archetype="performance",
        anchor_pattern="vertical_pull", status="completed", utc_offset=0, sets=(
            LoggedSet("30000000-0000-4000-8000-000000000001", "weighted_pull_up", 0, reps=5, is_warmup=True,
                      logged_at=STARTED + timedelta(minutes=5)),
            LoggedSet("30000000-0000-4000-8000-000000000002", "weighted_pull_up", 1, weight=20.0, reps=5,
                      logged_at=STARTED + timedelta(minutes=10)),
        ))])
    training.log_bodyweight(90.0, STARTED + timedelta(hours=3))
    training.close()
    return path


def _cli(capsys, *args: str):
    import json

    assert main(list(args)) == 0
    return json.loads(capsys.readouterr().out)


def test_the_commands_count_the_bodyweight(pull_up_store, capsys, monkeypatch):
    monkeypatch.setattr("flux_tui.timefmt.local_today", lambda: NOW.date())
    rows = _cli(capsys, "history", "--json")
    assert [(r["id"], r["volume_kg"]) for r in rows] == [(SESSION_ID, 500.0)]
    records = _cli(capsys, "stats", "--json")["records"]["weighted_pull_up"]
    assert records["e1rm"]["kg"] == round(E1RM, 4) and records["e1rm"]["weight_kg"] == 100.0
    assert records["loads"] == {"5": {"kg": 100.0, "reps": 5, "weight_kg": 100.0, "date": STARTED.date().isoformat(),
                                      "session": SESSION_ID}}
    assert records["volume"]["kg"] == 500.0


def test_a_weighing_logged_later_changes_past_volume(pull_up_store, capsys):
    """No volume is stored with the bodyweight in it: a weighing logged afterwards for an earlier day
    counts for the sets after it at once (docs/brain.md, "Bodyweight")."""
    training = Training.open(pull_up_store)
    training.log_bodyweight(85.0, STARTED)
    training.close()
    assert _cli(capsys, "history", "--json")[0]["volume_kg"] == 105.0 * 5


def test_the_training_reads_count_the_bodyweight(pull_up_store):
    training = Training.open(pull_up_store)
    try:
        assert training.today(NOW).last.volume_kg == 500.0
        assert [r.volume_kg for r in training.history_page(0, 10)] == [500.0]
        assert [(p.e1rm, p.top_weight, p.top_reps) for p in training.exercise_trend("weighted_pull_up")] == [
            (E1RM, 100.0, 5)]
        side = training.compare("weighted_pull_up").this
        assert (side.volume_kg, side.best_e1rm, side.top_weight) == (500.0, E1RM, 100.0)
        assert "weighted_pull_up" in training.exercises_with_records()
        assert training.prior_best_e1rm(["weighted_pull_up"], NOW) == {"weighted_pull_up": E1RM}
    finally:
        training.close()


async def test_the_screens_show_100_kg_by_5(pull_up_store, clock):
    app = make_app(pull_up_store, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert "1 working set · 500 kg" in screen_text(app)  # Today's last session
        await pilot.press("h")
        await settle(app, pilot)
        assert "500 kg" in screen_text(app)  # the History list's row
        await pilot.press("enter")
        await settle(app, pilot)
        text = screen_text(app)
        assert "volume 500 kg" in text and "20 kg × 5" in text and "e1RM 116.7" in text  # the session
        await pilot.press("down", "e")
        await settle(app, pilot)
        assert "e1RM 116.7" in screen_text(app)  # the exercise's sets
        await pilot.press("escape", "escape", "r")
        await settle(app, pilot)
        text = screen_text(app)
        assert "Weighted Pull-up: e1RM 116.7 kg (100 × 5)" in text and "Weighted Pull-up: 5 reps 100 kg" in text
        assert "Weighted Pull-up: session volume 500 kg" in text  # the records
        await pilot.press("escape", "t")
        await settle(app, pilot)
        assert "best 116.7 kg on" in screen_text(app)  # the trend
        await pilot.press("c")
        await settle(app, pilot)
        compare = " ".join(screen_text(app).split())
        assert "volume 500 kg" in compare and "best e1RM 116.7 kg" in compare and "top load 100 kg" in compare


async def test_the_live_session_and_its_summary_count_the_bodyweight(store_path, clock):
    from flux_tui.ui.screens.confirm import ConfirmScreen
    from flux_tui.ui.screens.session import SessionScreen
    from flux_tui.ui.screens.summary import SummaryScreen

    training = Training.open(store_path)
    training.log_bodyweight(80.0, NOW - timedelta(days=1))
    session_id = training.start_session(training.plan(NOW), now=NOW)
    training.log_set(session_id, "weighted_pull_up", weight=20.0, reps=5, logged_at=NOW + timedelta(minutes=5))
    training.close()
    clock.advance(30 * 60)
    app = make_app(store_path, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("enter")  # resume the session left active
        await settle(app, pilot)
        assert isinstance(app.screen, SessionScreen)
        assert "1 working set · volume 500 kg" in screen_text(app)
        await pilot.press("f")
        await settle(app, pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(app, pilot)
        assert isinstance(app.screen, SummaryScreen)
        assert "1 working set · volume 500 kg" in screen_text(app)
