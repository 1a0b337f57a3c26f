"""History screens with Pilot, on real SQLite stores under FLUX_HOME."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from textual.app import App
from textual.widgets import Input

from benchmarks.history_data import populate
from flux_tui.engine.history import LoggedSet, SessionRecord
from flux_tui.settings import STORE_FILENAME
from flux_tui.training import Training
from flux_tui.ui import css
from flux_tui.ui.screens.history import HistoryScreen
from flux_tui.ui.screens.history_exercise import ExerciseHistoryScreen
from flux_tui.ui.screens.history_session import SessionDetailScreen
from flux_tui.ui.widgets.virtual_list import VirtualList

from .conftest import copy_store, screen_text, settle

DATE = re.compile(r"^ (\d{4}-\d{2}-\d{2})  ", re.M)


@pytest.fixture(autouse=True)
def utc(monkeypatch):
    """Dates are shown in local time: pin it so the expectations hold anywhere."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture(scope="module")
def realistic_template(tmp_path_factory, seeded_template) -> Path:
    """31 generated sessions (1,023 sets): warm-ups, RPE, many exercises, conditioning with metadata."""
    path = tmp_path_factory.mktemp("history-realistic") / STORE_FILENAME
    copy_store(seeded_template, path)
    training = Training.open(path)
    populate(training._store, 1000)
    training.close()
    return path


@pytest.fixture(scope="module")
def long_template(tmp_path_factory, seeded_template) -> Path:
    """3,000 small sessions, one a day: enough to page through."""
    path = tmp_path_factory.mktemp("history-long") / STORE_FILENAME
    copy_store(seeded_template, path)
    training = Training.open(path)
    start = datetime(2018, 1, 1, 8, tzinfo=timezone.utc)
    sessions = []
    for i in range(3000):
        at = start + timedelta(days=i)
        exercise = "back_squat" if i % 3 == 0 else "bench_press"
        sessions.append(SessionRecord(
            id=f"00000000-0000-4000-8000-{i:012d}", started_at=at, completed_at=at + timedelta(hours=1),
            archetype="performance", anchor_pattern="squat", status="completed",
            sets=(LoggedSet(id=f"10000000-0000-4000-8000-{i:012d}", exercise_id=exercise, set_index=0,
                            weight=100.0, reps=5, rpe=8.0, logged_at=at + timedelta(minutes=5)),),
        ))
    training._store.bulk.import_sessions(sessions)
    training.close()
    return path


def copy_of(template: Path, home: Path) -> Path:
    """A copy of the template in its own folder under FLUX_HOME.

    Not at FLUX_HOME's default store path: an app of an earlier test whose store-opening
    thread outlived it reads FLUX_HOME late and would open (and seed) that file under us.
    """
    path = home / "history" / STORE_FILENAME
    path.parent.mkdir(exist_ok=True)
    copy_store(template, path)
    return path


class HistoryApp(App):
    """Just the History screen, pushed over a blank one (so escape has somewhere to go)."""

    CSS_PATH = css.APP  # the app's styles; the history screens bring their own

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.training = Training.open(path)

    def on_mount(self) -> None:
        self.push_screen(HistoryScreen())

    def on_unmount(self) -> None:
        self.training.close()


def listed_dates(app) -> list[str]:
    return DATE.findall(screen_text(app))


async def test_sessions_newest_first_with_iso_dates(flux_home, realistic_template):
    app = HistoryApp(copy_of(realistic_template, flux_home))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        text = screen_text(app)
        assert "History · 31 sessions" in text
        dates = listed_dates(app)
        assert len(dates) >= 20
        assert dates == sorted(dates, reverse=True)
        newest = app.training._store.history.sessions_page(1)[0]
        assert dates[0] == newest.started_at.date().isoformat() == "2026-02-28"
        first_row = next(line for line in text.splitlines() if line.startswith(" 2026-02-28"))
        assert newest.archetype in first_row and f"{newest.set_count}" in first_row and " kg " in first_row
        assert isinstance(app.screen.focused, VirtualList)


async def test_volume_is_shown_in_the_users_unit(flux_home, realistic_template):
    path = copy_of(realistic_template, flux_home)
    training = Training.open(path)
    training._store.settings.set("unit", "lb")
    newest = training._store.history.sessions_page(1)[0]
    training.close()
    app = HistoryApp(path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert f"{newest.volume_kg / 0.45359237:,.0f} lb" in screen_text(app)


async def test_paging_through_three_thousand_sessions(flux_home, long_template):
    app = HistoryApp(copy_of(long_template, flux_home))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        history = app.screen.list
        assert history.row_count == 3000
        height = history.scrollable_content_region.height
        last_day = datetime(2018, 1, 1, tzinfo=timezone.utc).date() + timedelta(days=2999)

        def day(index: int) -> str:
            return (last_day - timedelta(days=index)).isoformat()

        assert listed_dates(app)[0] == day(0)
        await pilot.press("pagedown", "pagedown")
        assert history.cursor == 2 * height
        assert history.highlighted.started_at.date().isoformat() == day(2 * height)
        assert listed_dates(app)[0] == day(2 * height)
        await pilot.press("pageup")
        assert history.cursor == height
        assert listed_dates(app)[0] == day(height)
        await pilot.press("down", "down", "up")
        assert history.cursor == height + 1
        await pilot.press("end")
        assert history.cursor == 2999
        assert listed_dates(app)[-1] == "2018-01-01"
        assert history.highlighted.started_at.date().isoformat() == "2018-01-01"
        await pilot.press("home")
        assert history.cursor == 0 and listed_dates(app)[0] == day(0)
        # Only the pages looked at were read, never the whole history.
        assert history.rows.fetches <= 8


async def test_enter_opens_the_session_with_every_set(flux_home, realistic_template):
    app = HistoryApp(copy_of(realistic_template, flux_home))
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("down", "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, SessionDetailScreen)
        record = app.screen.record
        second = app.training._store.history.sessions_page(2)[1]
        assert record.id == second.id and len(record.sets) == 33
        text = screen_text(app)
        assert f"{second.started_at.date().isoformat()} · {second.archetype}" in text
        names = {app.training.catalog[s.exercise_id].name for s in record.sets[:8]}
        assert all(name in text for name in names)
        first = record.sets[0]
        assert re.search(rf"  1  {re.escape(app.training.catalog[first.exercise_id].name)}\s+W ", text)
        assert re.search(r"\d+(\.\d+)? kg × \d+ +RPE \d", text)
        assert "e1RM " in text
        await pilot.press("escape")
        assert isinstance(app.screen, HistoryScreen)
        assert app.screen.list.cursor == 1


async def test_session_marks_sets_above_the_best_e1rm_before_it(flux_home, seeded_template):
    path = copy_of(seeded_template, flux_home)
    training = Training.open(path)
    at = datetime(2026, 1, 5, 9, tzinfo=timezone.utc)

    def session(i: int, weight: float) -> SessionRecord:
        start = at + timedelta(days=2 * i)
        return SessionRecord(
            id=f"20000000-0000-4000-8000-{i:012d}", started_at=start, completed_at=start + timedelta(hours=1),
            archetype="performance", anchor_pattern="squat", status="completed",
            sets=(LoggedSet(id=f"30000000-0000-4000-8000-{i:012d}", exercise_id="back_squat", set_index=0,
                            weight=weight, reps=5, logged_at=start + timedelta(minutes=5)),),
        )

    training._store.bulk.import_sessions([session(0, 100.0), session(1, 110.0), session(2, 105.0)])
    training.close()
    app = HistoryApp(path)
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("down", "enter")  # the 110 kg session: beats 100 kg
        await settle(app, pilot)
        assert "★ PR" in screen_text(app)
        await pilot.press("escape", "up", "enter")  # the 105 kg session: below 110 kg
        await settle(app, pilot)
        assert "105 kg × 5" in screen_text(app) and "★ PR" not in screen_text(app)


async def test_exercise_view_lists_its_sets_and_draws_both_plots(flux_home, realistic_template):
    app = HistoryApp(copy_of(realistic_template, flux_home))
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        detail = app.screen
        exercise_id = detail.record.sets[0].exercise_id
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, ExerciseHistoryScreen) and app.screen.exercise_id == exercise_id
        view = app.screen
        total = app.training._store.history.count_exercise_sets(exercise_id)
        name = app.training.catalog[exercise_id].name
        text = screen_text(app)
        assert f"{name} · " in text and f"{total:,} sets" in text
        assert view.query_one("#exercise-sets", VirtualList).row_count == total
        assert view.plots_loaded
        assert "best e1RM per session (kg)" in text
        pattern = app.training.catalog[exercise_id].pattern.replace("_", " ")
        assert f"{pattern} sets/week" in text
        assert re.search(r"[⠁-⣿]", text), "the e1RM line is drawn in braille"
        assert "█" in text, "weekly sets are bars"
        await pilot.press("p")
        assert view.pattern != app.training.catalog[exercise_id].pattern
        await pilot.press("escape")
        assert app.screen is detail
        await pilot.press("down", "down", "down", "down", "e")  # `e` opens the highlighted set's exercise
        await settle(app, pilot)
        assert isinstance(app.screen, ExerciseHistoryScreen)
        assert app.screen.exercise_id == detail.record.sets[4].exercise_id


async def test_slash_filters_to_sessions_with_the_exercise(flux_home, long_template):
    app = HistoryApp(copy_of(long_template, flux_home))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("slash")
        field = app.screen.query_one("#history-filter", Input)
        assert app.screen.focused is field
        field.value = "Squat (Barbell)"  # a Strong alias of back_squat
        await pilot.press("enter")
        await settle(app, pilot)
        screen = app.screen
        assert screen.filter_exercise == "back_squat"
        assert screen.list.row_count == 1000
        assert "1,000 sessions with Back Squat" in screen_text(app)
        assert isinstance(screen.focused, VirtualList)
        await pilot.press("pagedown", "pagedown", "end")
        for index in (0, 1, 500, 999):
            row = screen.list.rows.get(index)
            assert {s.exercise_id for s in app.training._store.sessions.get(row.id).sets} == {"back_squat"}
        dates = [screen.list.rows.get(i).started_at for i in range(1000)]
        assert dates == sorted(dates, reverse=True)
        await pilot.press("escape")  # clears the filter
        assert screen.filter_exercise is None and screen.list.row_count == 3000
        assert isinstance(app.screen, HistoryScreen)
        await pilot.press("escape")  # then leaves
        assert not isinstance(app.screen, HistoryScreen)


async def test_filter_by_id_and_realistic_mix(flux_home, realistic_template):
    app = HistoryApp(copy_of(realistic_template, flux_home))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("slash", *"rdl", "enter")
        await settle(app, pilot)
        screen = app.screen
        expected = app.training._store.history.count_sessions_with("romanian_deadlift")
        assert 0 < screen.list.row_count == expected < 31


async def test_unknown_filter_name_says_so_inline(flux_home, realistic_template):
    app = HistoryApp(copy_of(realistic_template, flux_home))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("slash", *"zumba", "enter")
        await settle(app, pilot)
        text = screen_text(app)
        assert "No exercise called 'zumba'" in text
        assert app.screen.filter_exercise is None and app.screen.list.row_count == 31
        await pilot.press("escape")  # closes the filter field and its message
        assert "zumba" not in screen_text(app)
        assert isinstance(app.screen, HistoryScreen) and isinstance(app.screen.focused, VirtualList)
        await pilot.press("escape")
        assert not isinstance(app.screen, HistoryScreen)


async def test_empty_history(flux_home, seeded_template):
    app = HistoryApp(copy_of(seeded_template, flux_home))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert "No sessions yet." in screen_text(app)
        await pilot.press("enter", "pagedown", "end")
        assert isinstance(app.screen, HistoryScreen)


def test_plots_stay_off_the_start_up_path():
    code = ("import sys; import flux_tui.ui.screens.history, flux_tui.ui.screens.history_session, "
            "flux_tui.ui.screens.history_exercise; "
            "assert not {'plotext', 'textual_plotext'} & set(sys.modules), sorted(sys.modules)")
    subprocess.run([sys.executable, "-c", code], check=True)


async def test_today_h_opens_history_and_escape_returns(history_store, clock):
    from flux_tui.ui.screens.today import TodayScreen

    from .conftest import make_app

    app = make_app(history_store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, TodayScreen)
        await pilot.press("h")
        await settle(app, pilot)
        assert isinstance(app.screen, HistoryScreen)
        assert "History · 2 sessions" in screen_text(app)
        assert len(listed_dates(app)) == 2
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, SessionDetailScreen) and len(app.screen.record.sets) > 5
        await pilot.press("escape", "escape")
        assert isinstance(app.screen, TodayScreen)


async def test_click_moves_the_cursor_and_a_second_click_opens(flux_home, realistic_template):
    app = HistoryApp(copy_of(realistic_template, flux_home))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.click("#history-list", offset=(5, 3))
        assert app.screen.list.cursor == 3
        await pilot.click("#history-list", offset=(5, 3))
        await settle(app, pilot)
        assert isinstance(app.screen, SessionDetailScreen)
        assert app.screen.record.id == app.training._store.history.sessions_page(4)[3].id
