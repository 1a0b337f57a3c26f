"""Logging a session as fast as the best apps (issue 16): one cursor, the set form (types, effort,
prefill), warm-up rows, plates, and a changed session that survives a restart. Real store, Pilot."""

from __future__ import annotations

from textual.widgets._footer import FooterKey

from flux_tui.config import Preferences
from flux_tui.ui.app import FluxApp
from flux_tui.ui.screens.resume import ResumeScreen
from flux_tui.ui.screens.session import SessionScreen
from flux_tui.ui.screens.set_entry import SetEntryScreen

from datetime import timedelta

from flux_tui.training import Training

from .conftest import NOW, screen_text, settle
from .test_flows import active_sets, field, start


def app_for(path, clock, **settings) -> FluxApp:
    return FluxApp(path, clock=clock, preferences=Preferences(**settings))


def cursor_row(session):
    return session.model.rows()[session.cursor]


def squatted_before(path, weight=100.0, reps=5):
    """A back squat set from an abandoned session: last time's working set, without paying any debt
    (the day's anchor stays the squat)."""
    training = Training.open(path)
    try:
        start_at = NOW - timedelta(days=2)
        session_id = training.start_session(training.plan(start_at), now=start_at)
        training.log_set(session_id, "back_squat", weight=weight, reps=reps, logged_at=start_at + timedelta(minutes=5))
        training.abandon_session(session_id, now=start_at + timedelta(minutes=30))
    finally:
        training.close()


async def test_warm_ups_are_w_rows_the_one_cursor_walks_and_no_screen_counts(store_path, clock):
    squatted_before(store_path)
    app = app_for(store_path, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await start(app, pilot)
        session = app.screen
        anchor = session.model.blocks[0]
        assert anchor.exercise_id == "back_squat"
        assert [(w.load, w.reps) for w in anchor.warmups] == [(20, 10), (40, 5), (60, 3), (80, 1)], \
            "the Brain's ramp from last time's 100 kg, on the plates of the settings"
        rows = session.model.rows()
        assert [r.label for r in rows[:5]] == ["W", "W", "W", "W", "1"] and rows[2].plates == "20"
        assert "▶" not in screen_text(app), "one cursor: no second marker"
        assert cursor_row(session).warmup == anchor.warmups[0] and session.cursor == 0

        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, SetEntryScreen)
        assert (field(app, "weight").value, field(app, "reps").value) == ("20", "10")
        text = screen_text(app)
        assert "warm-up" in text and "empty bar" in text
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, SessionScreen), "a warm-up starts no rest"
        (logged,) = active_sets(store_path)
        assert (logged.weight, logged.reps, logged.kind) == (20.0, 10, "warmup")
        assert cursor_row(session).warmup == anchor.warmups[1], "the cursor moves to the next undone set"
        assert session.model.totals()[0] == 0 and "0 working sets" in screen_text(app)


async def test_the_set_type_is_a_word_cycled_with_t_and_enter_logs_from_any_field(store_path, clock):
    app = app_for(store_path, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await start(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        assert "enter a working weight" in screen_text(app), "no history, no load: asked, not guessed"
        assert field(app, "weight").value == ""
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, SetEntryScreen) and active_sets(store_path) == [], "a squat needs its weight"
        assert "enter a working weight" in str(app.screen.query_one("#error-weight").render())
        kind = app.screen.query_one("#field-set_type")
        seen = [str(kind.render())]
        for _ in range(5):
            await pilot.press("t")
            seen.append(str(kind.render()))
        assert seen == ["working", "warm-up", "drop", "failure", "AMRAP", "working"]
        await pilot.press("t", "t")  # drop
        await pilot.press(*"80")
        await pilot.press("tab", "tab")  # on the effort field now
        assert app.focused is field(app, "rpe")
        await pilot.press("9", "enter")
        await settle(app, pilot)
        (logged,) = active_sets(store_path)
        assert (logged.weight, logged.reps, logged.rpe, logged.kind, logged.is_warmup) == (80.0, 4, 9.0, "drop", False)
        await pilot.press("escape")  # the rest timer a working set starts
        await settle(app, pilot)
        assert app.screen.model.totals()[0] == 1, "a drop set is a working set"


async def test_effort_as_rir_when_the_settings_say_so(store_path, clock):
    app = app_for(store_path, clock, effort="rir")
    async with app.run_test(size=(100, 30)) as pilot:
        await start(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        assert not app.screen.query("#field-rpe") and "RIR" in screen_text(app)
        await pilot.press(*"60")
        await pilot.press("tab", "tab", "2", "enter")
        await settle(app, pilot)
        (logged,) = active_sets(store_path)
        assert logged.rpe == 8.0, "RIR 2 is stored as RPE 8"


async def test_prefill_is_last_times_working_set_at_the_same_rep_range(history_store, clock):
    app = app_for(history_store, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await start(app, pilot)
        session = app.screen
        index = next(i for i, b in enumerate(session.model.blocks) if b.pattern == "single_leg")
        last = session.data.last_sets[session.model.blocks[index].exercise_id]
        low, high = session.model.blocks[index].rep_range
        assert low <= last.reps <= high and not last.is_warmup
        assert session.model.prefill(index, last)["weight"] == "20"


async def test_after_a_and_x_the_cursor_is_on_the_new_exercise_and_a_restart_keeps_them(store_path, clock):
    app = app_for(store_path, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await start(app, pilot)
        session = app.screen
        await pilot.press("j", "j", "j", "j", "j")  # down to the second exercise's first set
        second = cursor_row(session).block
        await pilot.press("x")
        await settle(app, pilot)
        await pilot.press(*"pendlay", "enter")
        await settle(app, pilot)
        assert session.model.blocks[second].exercise_id == "pendlay_row"
        assert cursor_row(session).block == second and cursor_row(session).logged is None
        await pilot.press("a")
        await settle(app, pilot)
        await pilot.press(*"chin", "enter")
        await settle(app, pilot)
        added = len(session.model.blocks) - 1
        assert session.model.blocks[added].exercise_id == "chin_up" and cursor_row(session).block == added
        await pilot.press("plus")
        await settle(app, pilot)
        expected = [(b.exercise_id, b.planned) for b in session.model.blocks]
    assert active_sets(store_path) == [], "nothing was logged: only the plan changed"

    again = app_for(store_path, clock)
    async with again.run_test(size=(100, 30)) as pilot:
        await settle(again, pilot)
        assert isinstance(again.screen, ResumeScreen)
        await pilot.press("enter")
        await settle(again, pilot)
        shown = sorted((b.exercise_id, b.planned) for b in again.screen.model.blocks)
        assert shown == sorted(expected), "the swap, the added exercise and its extra set came back"


async def test_at_zero_the_timer_rings_flashes_and_counts_overtime_until_closed(store_path, clock):
    from textual.widgets import Digits

    from flux_tui.ui.screens.timer import TimerScreen

    app = app_for(store_path, clock)
    bells = []
    app.bell = lambda: bells.append(clock.monotonic())
    async with app.run_test(size=(100, 30)) as pilot:
        await start(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        await pilot.press(*"60", "enter")
        await settle(app, pilot)
        timer = app.screen
        assert isinstance(timer, TimerScreen) and timer.seconds == 180, "the anchor slot's rest"
        clock.advance(180)
        timer.tick()
        dialog = timer.query_one("#timer-dialog")
        assert len(bells) == 1 and dialog.has_class("-overtime") and dialog.has_class("-flash")
        clock.advance(0.25)
        timer.tick()
        assert not dialog.has_class("-flash"), "it flashes: on, off"
        clock.advance(42)
        timer.tick()
        await settle(app, pilot)
        assert app.screen is timer and timer.query_one(Digits).value == "+0:42" and len(bells) == 1
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, SessionScreen)


async def test_a_rest_changed_on_the_timer_is_that_exercises_rest_from_then_on(store_path, clock):
    from flux_tui.ui.screens.timer import TimerScreen

    app = app_for(store_path, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await start(app, pilot)
        for rest in (180, 210):
            await pilot.press("enter")
            await settle(app, pilot)
            await pilot.press(*"60", "enter")
            await settle(app, pilot)
            assert isinstance(app.screen, TimerScreen) and app.screen.seconds == rest
            await pilot.press("plus", "plus")
            await pilot.press("escape")
            await settle(app, pilot)
    training = Training.open(store_path, seed_if_empty=False)
    try:
        assert training.remembered_rests() == {"back_squat": 240}, "kept for the next session too"
    finally:
        training.close()


async def test_the_picker_creates_the_exercise_typed_and_it_is_usable_at_once(store_path, clock):
    from flux_tui.ui.screens.new_exercise import NewExerciseScreen
    from flux_tui.ui.screens.picker import PickerScreen

    app = app_for(store_path, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await start(app, pilot)
        session = app.screen
        await pilot.press("a")
        await settle(app, pilot)
        await pilot.press(*"zercher")
        await settle(app, pilot)
        assert isinstance(app.screen, PickerScreen) and "+ create 'zercher'" in screen_text(app)
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, NewExerciseScreen)
        app.screen.query_one("#new-name").value = "Zercher Squat"
        app.screen.query_one("#new-pattern").value = "squat"
        app.screen.query_one("#new-increment").value = "2.5"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is session
        block = session.model.blocks[-1]
        assert block.exercise_name == "Zercher Squat" and block.exercise_id.startswith("custom_")
        assert cursor_row(session).block == len(session.model.blocks) - 1
        await pilot.press("enter")
        await settle(app, pilot)
        await pilot.press(*"70", "tab", *"5", "enter")
        await settle(app, pilot)
        (logged,) = active_sets(store_path)
        assert (logged.exercise_id, logged.weight, logged.reps) == (block.exercise_id, 70.0, 5)
    training = Training.open(store_path, seed_if_empty=False)
    try:
        mine = [e for e in training.exercises() if e["is_custom"]]
        assert [(e["name"], e["pattern"], e["tracking"], e["load_type"], e["increment"]) for e in mine] == [
            ("Zercher Squat", "squat", "weight_reps", "barbell", 2.5)]
        assert training.outbox.counts().get("exercises") == 1, "queued for sync"
    finally:
        training.close()


async def test_a_note_on_an_exercise_shows_in_the_form_next_time(store_path, clock):
    training = Training.open(store_path)
    try:
        start_at = NOW - timedelta(days=2)
        earlier = training.start_session(training.plan(start_at), now=start_at)
        training.set_exercise_note(earlier, "back_squat", "knees out, belt on the 3rd set")
        training.abandon_session(earlier, now=start_at + timedelta(minutes=30))
    finally:
        training.close()
    app = app_for(store_path, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await start(app, pilot)
        session = app.screen
        await pilot.press("enter")
        await settle(app, pilot)
        assert "last time: knees out, belt on the 3rd set" in screen_text(app)
        await pilot.press("escape")
        await settle(app, pilot)
        await pilot.press("o")
        await settle(app, pilot)
        assert "Note on Back Squat" in screen_text(app)
        await pilot.press(*"felt fast", "ctrl+s")
        await settle(app, pilot)
        session_id = session.session_id
    training = Training.open(store_path, seed_if_empty=False)
    try:
        assert dict(training.session(session_id).exercise_notes) == {"back_squat": "felt fast"}
    finally:
        training.close()


async def test_the_form_reopened_for_the_next_set_shows_and_takes_keys_as_a_new_one(store_path, clock):
    """The set form's screen is composed once for its rows and filled in again for each set (so that
    it opens within a frame): nothing of the last set's form may stay, not a refusal, a status, a
    cycled type or the focus, and typing still replaces the prefill."""
    app = app_for(store_path, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await start(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        form = app.screen
        await pilot.press("enter")  # no weight: refused, in place
        await settle(app, pilot)
        assert "Not logged" in screen_text(app) and field(app, "weight").has_class("-invalid")
        await pilot.press("tab", "escape")  # nothing typed: no draft
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.screen is form, "the same screen, filled in again"
        assert "Not logged" not in screen_text(app) and not field(app, "weight").has_class("-invalid")
        assert str(form.query_one("#error-weight").render()) == ""
        assert app.focused is field(app, "weight")
        await pilot.press(*"20", "t", "t", "t")  # a failure set; the next form starts at working again
        assert str(form.query_one("#field-set_type").render()) == "failure"
        await pilot.press("enter")
        await settle(app, pilot)
        while not isinstance(app.screen, SessionScreen):
            await pilot.press("escape")
            await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.screen is form
        assert str(form.query_one("#field-set_type").render()) == "working"
        app.clear_notifications()
        await settle(app, pilot)
        reopened = screen_text(app)
        assert "set 2 of" in reopened and field(app, "weight").value == "20"
        await pilot.press(*"25")
        assert field(app, "weight").value == "25", "the prefill is selected: typing replaces it"
        await pilot.press("escape")  # a draft now; it goes with the app
        await settle(app, pilot)

    again = app_for(store_path, clock)
    async with again.run_test(size=(100, 30)) as pilot:
        await settle(again, pilot)
        await pilot.press("enter")  # resume
        await settle(again, pilot)
        await pilot.press("enter")
        await settle(again, pilot)
        assert isinstance(again.screen, SetEntryScreen)
        assert screen_text(again) == reopened, "a first opening of the form for set 2 looks the same"


async def test_a_reopened_form_drops_the_notes_the_last_one_had(history_store, clock):
    app = app_for(history_store, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await start(app, pilot)
        session = app.screen
        await pilot.press("enter")
        await settle(app, pilot)
        form = app.screen
        assert "enter a working weight" in screen_text(app), "the bench press: no weight known"
        await pilot.press("escape")
        await settle(app, pilot)
        single_leg = next(i for i, b in enumerate(session.model.blocks) if b.pattern == "single_leg")
        while cursor_row(session).block != single_leg:
            await pilot.press("j")
        moves = session.cursor
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.screen is form and not form.form.notes, "dumbbells, a weight known: nothing to note"
        reopened = screen_text(app)

    again = app_for(history_store, clock)
    async with again.run_test(size=(100, 30)) as pilot:
        await settle(again, pilot)
        await pilot.press("enter")  # resume
        await settle(again, pilot)
        await pilot.press(*["j"] * moves, "enter")
        await settle(again, pilot)
        assert isinstance(again.screen, SetEntryScreen)
        assert screen_text(again) == reopened


async def test_the_sessions_footer_is_rebuilt_when_its_keys_change_and_not_for_a_form(store_path, clock):
    """A form over the session changes none of the session's keys: its footer is not rebuilt (a rebuild
    lays out and paints the whole screen under the form again)."""
    app = app_for(store_path, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await start(app, pilot)
        session = app.screen
        keys = list(session.query(FooterKey))
        await pilot.press("enter")
        await settle(app, pilot)
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.screen is session and list(session.query(FooterKey)) == keys
        app.bind("z", "bell", description="Zed")
        session.refresh_bindings()
        await settle(app, pilot)
        assert "Zed" in screen_text(app)
