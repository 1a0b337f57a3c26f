"""Pilot tests of whole flows on a real SQLite store (one per test, under FLUX_HOME), with a fake clock."""

from __future__ import annotations

from datetime import timedelta

from textual.widgets import Digits, Input

from flux_tui.training import Training
from flux_tui.ui.screens.confirm import ConfirmScreen
from flux_tui.ui.screens.help import HelpScreen
from flux_tui.ui.screens.intervals import IntervalScreen
from flux_tui.ui.screens.picker import PickerScreen
from flux_tui.ui.screens.resume import ResumeScreen
from flux_tui.ui.screens.session import SessionScreen
from flux_tui.ui.screens.set_entry import SetEntryScreen
from flux_tui.ui.screens.summary import SummaryScreen
from flux_tui.ui.screens.timer import TimerScreen
from flux_tui.ui.screens.today import TodayScreen

from .conftest import NOW, make_app, read_store, screen_text, settle


def active_sets(path):
    training = read_store(path)
    try:
        active = training.active_session()
        return list(active[0].sets) if active else []
    finally:
        training.close()


def field(app, name) -> Input:
    return app.screen.query_one(f"#field-{name}", Input)


async def start(app, pilot):
    await settle(app, pilot)
    assert isinstance(app.screen, TodayScreen)
    await pilot.press("s")
    await settle(app, pilot)
    assert isinstance(app.screen, SessionScreen)


async def test_start_log_rest_finish_summary_today(store_path, clock):
    app = make_app(store_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        text = screen_text(app)
        assert "Performance · anchor squat" in text and "local only" in text and "Back Squat" in text
        await pilot.press("s")
        await settle(app, pilot)
        assert isinstance(app.screen, SessionScreen)

        # Set 1: the prescription as prefilled (first session: no weight known, so none is guessed;
        # the bottom of the range).
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, SetEntryScreen)
        assert (field(app, "weight").value, field(app, "reps").value) == ("", "4")
        assert "enter a working weight" in screen_text(app)
        await pilot.press("2", "0", "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, TimerScreen)  # the rest timer starts on its own
        sets = active_sets(store_path)  # committed before the form closed
        assert [(s.exercise_id, s.weight, s.reps) for s in sets] == [("back_squat", 20.0, 4)]
        assert "Rest" in screen_text(app)
        assert app.screen.query_one(Digits).value == "3:00"
        clock.advance(61)
        app.screen.tick()
        assert app.screen.query_one(Digits).value == "1:59"
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, SessionScreen)

        # Set 2: edited before logging.
        await pilot.press("enter")
        await settle(app, pilot)
        await pilot.press("2", "5", "tab", "6", "tab", "8")
        await pilot.press("enter")
        await settle(app, pilot)
        await pilot.press("escape")
        await settle(app, pilot)
        sets = active_sets(store_path)
        assert [(s.weight, s.reps, s.rpe) for s in sets] == [(20.0, 4, None), (25.0, 6, 8.0)]
        assert "6 @ 25 kg  RPE 8" in screen_text(app)

        clock.advance(30 * 60)
        await pilot.press("f")
        await settle(app, pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(app, pilot)
        assert isinstance(app.screen, SummaryScreen)
        text = screen_text(app)
        assert "2 working sets" in text and "volume 230 kg" in text
        squat = next(line for line in text.splitlines() if " squat " in line and "→" in line)
        assert "4.0" in squat and "2.0" in squat  # two working squat sets paid two hard sets
        assert "Next:" in text

        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, TodayScreen)
        day = NOW.astimezone().strftime("%a %d %b")  # the local day: Sun 01 Mar west of UTC-7.5
        assert f"Last session: {day} · performance · squat · 2 working sets" in screen_text(app)

    training = read_store(store_path)
    try:
        assert training.active_session() is None
        last = training._store.history.last_completed()
        assert last.set_count == 2 and last.status == "completed"
    finally:
        training.close()


async def test_invalid_input_is_refused_inline_and_nothing_is_stored(store_path, clock):
    app = make_app(store_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        await pilot.press(*"2000", "tab", *"abc", "tab", *"11")
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, SetEntryScreen)
        text = screen_text(app)
        assert "at most 1000 kg" in text and "'abc' is not a number" in text and "RPE must be at most 10" in text
        assert "Not logged: 3 fields to fix" in text
        assert active_sets(store_path) == []
        # What was typed is still there, and fixing it logs the set.
        assert field(app, "weight").value == "2000"
        field(app, "weight").value = "100"
        field(app, "reps").value = "5"
        field(app, "rpe").value = ""
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, TimerScreen)
        assert [(s.weight, s.reps) for s in active_sets(store_path)] == [(100.0, 5)]


async def test_escape_keeps_a_draft(store_path, clock):
    app = make_app(store_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        await pilot.press(*"42")
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, SessionScreen) and active_sets(store_path) == []
        await pilot.press("enter")
        await settle(app, pilot)
        assert field(app, "weight").value == "42"


async def test_swap_add_delete_undo(store_path, clock):
    app = make_app(store_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(app, pilot)
        session = app.screen
        await pilot.press("x")
        await settle(app, pilot)
        assert isinstance(app.screen, PickerScreen)
        assert "Front Squat" in screen_text(app)  # the pattern's own selections are offered first
        await pilot.press(*"front")
        await pilot.press("enter")
        await settle(app, pilot)
        assert session.model.blocks[0].exercise_id == "front_squat"
        assert "Front Squat" in screen_text(app)

        await pilot.press("a")
        await settle(app, pilot)
        await pilot.press(*"chin")
        await pilot.press("enter")
        await settle(app, pilot)
        assert session.model.blocks[-1].exercise_id == "chin_up"
        assert session.model.rows()[session.cursor].block == len(session.model.blocks) - 1

        # Log a set of the added exercise, then delete it and undo.
        await pilot.press("enter")
        await settle(app, pilot)
        assert field(app, "reps").value == ""  # no prescription and no history: nothing to guess
        field(app, "reps").value = "8"
        await pilot.press("enter")
        await settle(app, pilot)
        await pilot.press("escape")
        await settle(app, pilot)
        assert [(s.exercise_id, s.reps) for s in active_sets(store_path)] == [("chin_up", 8)]
        await pilot.press("k")
        row = session.model.rows()[session.cursor]
        assert row.logged is not None and row.logged.exercise_id == "chin_up"
        await pilot.press("d")
        await settle(app, pilot)
        assert active_sets(store_path) == []
        await pilot.press("u")
        await settle(app, pilot)
        assert [(s.exercise_id, s.reps) for s in active_sets(store_path)] == [("chin_up", 8)]
        assert "8 reps" in screen_text(app)


async def test_add_and_skip_sets(store_path, clock):
    app = make_app(store_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(app, pilot)
        session = app.screen
        assert session.model.pending(0) == 4
        await pilot.press("plus")
        assert session.model.pending(0) == 5
        await pilot.press("minus", "minus")
        assert session.model.pending(0) == 3
        await pilot.press("u")
        assert session.model.pending(0) == 4


def make_interrupted_session(path, with_sets: int = 2) -> str:
    """What a killed app leaves behind: an active session with committed sets, never finished."""
    training = Training.open(path)
    try:
        plan = training.plan(NOW - timedelta(minutes=40))
        session_id = training.start_session(plan, now=NOW - timedelta(minutes=40))
        for i in range(with_sets):
            training.log_set(session_id, plan.slots[0].exercise, weight=100.0, reps=5,
                             logged_at=NOW - timedelta(minutes=30 - 3 * i))
    finally:
        training.close()
    return session_id


async def test_resume_after_the_app_was_killed(store_path, clock):
    session_id = make_interrupted_session(store_path)
    app = make_app(store_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, ResumeScreen)
        assert "Unfinished session" in screen_text(app) and "2 sets logged" in screen_text(app)
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, SessionScreen) and app.screen.session_id == session_id
        text = screen_text(app)
        assert text.count("5 @ 100 kg") == 2 and "40:00" in text  # both sets, and the time since the start
        assert app.screen.model.rows()[app.screen.cursor].label == "3"
        await pilot.press("enter")
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        assert len(active_sets(store_path)) == 3


async def test_abandon_after_the_app_was_killed(store_path, clock):
    session_id = make_interrupted_session(store_path)
    app = make_app(store_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("n")
        await settle(app, pilot)
        assert isinstance(app.screen, TodayScreen)
        assert "Session in progress" not in screen_text(app)
    training = read_store(store_path)
    try:
        record = training._store.sessions.get(session_id)
        assert record.status == "abandoned" and len(record.sets) == 2
    finally:
        training.close()


async def test_back_to_today_and_continue(history_store, clock):
    app = make_app(history_store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(app, pilot)
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, TodayScreen)
        assert "Session in progress" in screen_text(app)
        await pilot.press("s")
        await settle(app, pilot)
        assert isinstance(app.screen, SessionScreen)


async def test_rest_timer_keys_and_bell(store_path, clock):
    app = make_app(store_path, clock)
    bells = []
    app.bell = lambda: bells.append(clock.monotonic())
    async with app.run_test(size=(80, 24)) as pilot:
        await start(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        await pilot.press("2", "0", "enter")
        await settle(app, pilot)
        timer = app.screen
        assert isinstance(timer, TimerScreen)
        digits = timer.query_one(Digits)
        await pilot.press("plus")
        assert digits.value == "3:15"
        await pilot.press("minus", "minus")
        assert digits.value == "2:45"
        await pilot.press("space")
        clock.advance(100)
        timer.tick()
        assert digits.value == "2:45" and "paused" in screen_text(app)
        await pilot.press("space")
        clock.advance(160)
        timer.tick()
        assert digits.value == "0:05" and not bells
        clock.advance(5)
        timer.tick()
        assert digits.value == "0:00" and len(bells) == 1
        clock.advance(10)
        timer.tick()
        await settle(app, pilot)
        assert app.screen is timer and digits.value == "+0:10" and len(bells) == 1, "overtime, one bell"
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, SessionScreen)


async def test_interval_timer_rounds_go_into_the_set(store_path, clock):
    app = make_app(store_path, clock)
    app.bell = lambda: None
    async with app.run_test(size=(80, 24)) as pilot:
        await start(app, pilot)
        session = app.screen
        for _ in range(len(session.model.rows())):
            await pilot.press("j")
        assert session.model.blocks[session.model.rows()[session.cursor].block].kind == "conditioning"
        await pilot.press("i")
        await settle(app, pilot)
        timer = app.screen
        assert isinstance(timer, IntervalScreen)
        assert "Round 1/6" in screen_text(app) and "WORK" in screen_text(app)
        clock.advance(25)
        timer.tick()
        assert "REST" in screen_text(app) and timer.query_one(Digits).value == "1:35"
        clock.advance(3 * 120)  # rounds 2-4 done, into round 4's rest
        timer.tick()
        assert "Round 4/6" in screen_text(app)
        left = timer.query_one(Digits).value
        await pilot.press("space")  # paused: the clock runs on, the interval does not
        clock.advance(30)
        timer.tick()
        assert "(paused)" in screen_text(app) and timer.query_one(Digits).value == left
        await pilot.press("space")
        assert "(paused)" not in screen_text(app)
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, SetEntryScreen)
        assert field(app, "rounds_completed").value == "4" and field(app, "avg_watts").value == "250"
        field(app, "avg_watts").value = "261"
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, SessionScreen)  # no rest timer after conditioning
        (logged,) = active_sets(store_path)
        assert logged.exercise_id == "assault_bike"
        assert dict(logged.metadata) == {"rounds_completed": 4, "avg_watts": 261.0}


async def test_pr_is_announced(history_store, clock):
    app = make_app(history_store, clock)
    notes = []
    original = app.notify
    app.notify = lambda message, **kw: (notes.append((kw.get("title"), message)), original(message, **kw))
    async with app.run_test(size=(80, 24)) as pilot:
        await start(app, pilot)
        await pilot.press("a")  # back squat was logged four days ago: it has records to beat
        await settle(app, pilot)
        await pilot.press(*"back squat", "enter")
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        field(app, "weight").value = "200"
        field(app, "reps").value = "8"
        await pilot.press("enter")
        await settle(app, pilot)
        assert ("PR", "Back Squat: new e1RM!") in notes
        assert isinstance(app.screen, TimerScreen)
        await pilot.press("escape")
        await settle(app, pilot)
        app.screen.finishing = True
        app.screen.finish()
        await settle(app, pilot)
        assert isinstance(app.screen, SummaryScreen)
        assert "Back Squat: e1RM" in screen_text(app)


async def test_pounds_everywhere(history_store, clock):
    training = Training.open(history_store)
    training._store.settings.set("unit", "lb")
    training.close()
    app = make_app(history_store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert " lb" in screen_text(app) and " kg" not in screen_text(app)
        await pilot.press("s")
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        assert "Weight (lb)" in screen_text(app)
        field(app, "weight").value = "225"
        await pilot.press("enter")
        await settle(app, pilot)
        (logged,) = active_sets(history_store)
        assert abs(logged.weight - 102.0582) < 1e-3


async def test_help_lists_every_key(store_path, clock):
    from flux_tui.ui import bindings

    app = make_app(store_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        from io import StringIO

        from rich.console import Console

        from flux_tui.ui.screens.help import help_table

        console = Console(file=StringIO(), width=100, color_system=None)
        console.print(help_table(app.screen.sections))
        listed = console.file.getvalue()
        shown = screen_text(app)
        assert "Start session" in shown and "Switch kg/lb" in shown
        for binding in bindings.TODAY + bindings.GLOBAL:
            assert binding.description in listed
        assert "Undo" not in shown and "Log set" not in shown, "only Today's keys, not the session's"
        await pilot.press("escape")
        assert isinstance(app.screen, TodayScreen)

        await pilot.press("s")
        await settle(app, pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        def listed_on_help():
            out = Console(file=StringIO(), width=100, color_system=None)
            out.print(help_table(app.screen.sections))
            return out.file.getvalue()

        shown = listed_on_help()
        for binding in bindings.SESSION:
            assert binding.description in shown
        assert "Start session" not in shown and "Switch kg/lb" not in shown
        await pilot.press("escape")
        await pilot.press("enter")
        await settle(app, pilot)
        app.action_help()
        await pilot.pause()
        shown = listed_on_help()
        assert "Set type" in shown and "Cancel" in shown and "Swap" not in shown


async def test_every_binding_has_an_id_and_a_description():
    from flux_tui.ui import bindings

    ids = []
    for _, entries in bindings.SCREENS.items():
        for binding in entries:
            assert binding.id and binding.description
            ids.append(binding.id)
    assert len(ids) == len(set(ids))


async def test_command_palette_runs_the_screens_commands(store_path, clock):
    app = make_app(store_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"start ses")
        await pilot.pause(0.3)
        assert "Start session" in screen_text(app)
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, SessionScreen)


async def test_default_store_is_under_flux_home(flux_home, clock):
    from flux_tui.ui.app import FluxApp

    app = FluxApp(clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert "Performance" in screen_text(app)
    assert (flux_home / "flux.sqlite3").is_file()


async def test_sync_badge_hook(store_path, clock, monkeypatch):
    monkeypatch.setenv("SUPABASE_URL", "http://localhost:54321")
    app = make_app(store_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert "pending" in screen_text(app)  # the seeded catalog/config sit in the outbox
        app.data_destination = "Supabase remote"
        app.pending_changes = 0
        await pilot.pause()
        assert "Supabase remote · 0 pending" in screen_text(app)


async def test_notes_are_saved(store_path, clock):
    app = make_app(store_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(app, pilot)
        await pilot.press("n")
        await settle(app, pilot)
        app.screen.query_one("#notes-text").text = "left knee a bit sore"
        await pilot.press("escape")  # escape saves too: nothing typed is thrown away
        await settle(app, pilot)
        assert isinstance(app.screen, SessionScreen)
    training = read_store(store_path)
    try:
        assert training.active_session()[0].notes == "left knee a bit sore"
    finally:
        training.close()


async def test_h_opens_history(history_store, clock):
    app = make_app(history_store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("h")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "HistoryScreen"
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, TodayScreen)


async def test_a_failed_history_filter_is_reported_and_leaves_no_filtering_title(history_store, clock):
    """A worker that fails: one notification naming what failed, and the screen's loading state cleared."""
    from flux_tui.errors import StoreDamaged

    app = make_app(history_store, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("h")
        await settle(app, pilot)

        def damaged(exercise_id: str) -> list[str]:
            raise StoreDamaged(f"{history_store}: cannot read the store (database disk image is malformed); "
                               "it may be damaged — see `flux-tui restore`", history_store)

        app.training.sessions_with = damaged
        await pilot.press("slash", *"back squat", "enter")
        await settle(app, pilot)
        text = screen_text(app)
        assert "filtering by" not in text
        assert "History · 2 sessions" in text  # the unfiltered list, still there
        assert app.screen.filter_exercise is None
        notes = [n for n in app._notifications if n.title == "Could not filter the history"]
        assert len(notes) == 1 and notes[0].severity == "error" and "malformed" in notes[0].message


async def test_today_shows_what_another_process_committed(store_path, clock):
    """Another app (its own connection) finishes a session: the open Today redraws its debts on its own."""
    from flux_tui.ui.screens import today

    app = make_app(store_path, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        before = app.screen.data.plan.debts["squat"]
        other = Training.open(store_path)
        try:
            start = NOW - timedelta(hours=2)
            session_id = other.start_session(other.plan(now=start), now=start)
            for minute in range(4):
                other.log_set(session_id, "back_squat", weight=100.0, reps=5, logged_at=start + timedelta(minutes=minute))
            other.finish_session(session_id, now=start + timedelta(minutes=30))
        finally:
            other.close()
        await pilot.pause(today.WATCH_SECONDS + 0.5)
        await settle(app, pilot)
        assert app.screen.data.plan.debts["squat"] < before
        assert app.screen.data.last is not None and app.screen.data.last.id == session_id
