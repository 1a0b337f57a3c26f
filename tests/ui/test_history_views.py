"""The history's views (calendar, weekly volume, records, trends, compare) with Pilot, on the
generated 1k-set store (31 sessions up to 2026-02-28), and their snapshots at 80x24 and 160x48."""

from __future__ import annotations

import re
from datetime import date, datetime, timezone

import pytest

from flux_tui.training import Training
from flux_tui.ui.app import FluxApp
from flux_tui.ui.screens.history_calendar import CalendarScreen
from flux_tui.ui.screens.history_compare import CompareScreen
from flux_tui.ui.screens.history_records import RecordsScreen
from flux_tui.ui.screens.history_trends import TrendsScreen
from flux_tui.ui.screens.history_volume import VolumeScreen
from flux_tui.ui.timing import FakeClock

from .conftest import screen_text, settle
from .test_history import HistoryApp, copy_of, realistic_template, utc  # noqa: F401  (fixtures)
from .test_history_snapshots import steps

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)  # the Monday after the last generated session
SIZES = [(80, 24), (160, 48)]


class ViewsApp(HistoryApp):
    """The History screen with a clock: "today" is NOW, as FluxApp's clock would say."""

    def __init__(self, path) -> None:
        super().__init__(path)
        self.clock = FakeClock(NOW)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("keys", [("c",), ("c", "left", "up"), ("v",), ("v", "m"), ("r",), ("t",), ("t", "m"),
                                  ("t", "m", "m"), ("r", "c")], ids="-".join)
def test_snapshot(snap_compare, flux_home, realistic_template, size, keys):
    app = ViewsApp(copy_of(realistic_template, flux_home))
    assert snap_compare(app, terminal_size=size, run_before=steps(*keys))


async def test_calendar_moves_by_day_and_week_and_opens_the_days_session(flux_home, realistic_template):
    from flux_tui.ui.screens.history_session import SessionDetailScreen

    app = ViewsApp(copy_of(realistic_template, flux_home))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("c")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, CalendarScreen) and screen.loaded
        # The cursor starts on the newest session's day; the grid ends today (Monday 03-02).
        assert screen.cursor == date(2026, 2, 28) and screen.calendar.today == date(2026, 3, 2)
        text = screen_text(app)
        assert "2026-02-28 Sat · performance · 17 hard sets · enter opens" in text
        assert "Calendar · 52 weeks to 2026-03-02 · 31 sessions, 527 hard sets" in text
        await pilot.press("left")
        assert screen.cursor == date(2026, 2, 21)
        await pilot.press("down", "down")
        assert screen.cursor == date(2026, 2, 23)
        await pilot.press("home")
        assert screen.cursor == date(2026, 3, 2) and "2026-03-02 Mon · no session" in screen_text(app)
        await pilot.press("enter")  # no session today: stays
        assert app.screen is screen
        await pilot.press("up", "up")
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, SessionDetailScreen)
        assert app.screen.session_id == screen.calendar.day(date(2026, 2, 28)).session_ids[-1]


async def test_volume_counts_against_the_brains_targets(flux_home, realistic_template):
    app = ViewsApp(copy_of(realistic_template, flux_home))
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(app, pilot)
        await pilot.press("v")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, VolumeScreen) and screen.loaded
        volume = screen.volume
        assert volume.weeks[-1] == date(2026, 3, 2) and len(volume.weeks) == 12
        squat = next(line for line in screen_text(app).splitlines() if line.strip().startswith("squat"))
        counts = volume.patterns["squat"]
        assert squat.split()[-1] == "8"  # the Brain's weekly target
        assert squat.split()[-3] == f"{sum(counts[:-1]) / 11:.1f}".rstrip("0").rstrip(".")  # the full weeks
        await pilot.press("m")
        text = screen_text(app)
        assert "hard sets per muscle (secondary 0.5) · avg of 11 full weeks" in text
        assert any(line.strip().startswith("quads") for line in text.splitlines())


async def test_calendar_and_volume_redraw_to_a_resized_terminal(flux_home, realistic_template):
    def monday_row(text: str) -> int:  # "Mon  " and a cell a week, one wide or (room allowing) two; the last
        # cell, today's, ends the row (its second column is blank)
        return len(next(line for line in text.splitlines() if line.strip().startswith("Mon")).strip())

    def volume_weeks(text: str) -> int:  # the header's weeks, "MM-DD" each
        return len(re.findall(r"\b\d\d-\d\d\b", next(line for line in text.splitlines() if "avg vs target" in line)))

    for key, measure, narrow, wide in (("c", monday_row, 5 + 52, 5 + 2 * 52 - 1), ("v", volume_weeks, 4, 12)):
        app = ViewsApp(copy_of(realistic_template, flux_home))
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(app, pilot)
            await pilot.press(key)
            await settle(app, pilot)
            assert app.screen.loaded and measure(screen_text(app)) == narrow
            await pilot.resize_terminal(160, 48)
            await settle(app, pilot)
            assert measure(screen_text(app)) == wide


async def test_records_list_opens_trends_and_compare(flux_home, realistic_template):
    app = ViewsApp(copy_of(realistic_template, flux_home))
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(app, pilot)
        await pilot.press("r")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, RecordsScreen) and screen.loaded
        text = screen_text(app)
        squat = app.training.records()["back_squat"]
        row = next(line for line in text.splitlines() if line.strip().startswith("Back Squat"))
        assert f"{squat.e1rm.value:.1f}".rstrip("0").rstrip(".") in row and squat.e1rm.day.isoformat() in row
        assert "Last 30 days" in text and "2026-02-28  Back Squat: e1RM 174 kg (145 × 6)" in text
        first = next(iter(screen.records))
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, TrendsScreen) and app.screen.exercise_id == first
        await pilot.press("right_square_bracket")
        await settle(app, pilot)
        assert app.screen.exercise_id == list(screen.records)[1]
        await pilot.press("c")
        await settle(app, pilot)
        assert isinstance(app.screen, CompareScreen) and app.screen.loaded


async def test_trends_axes_span_the_dates_and_follow_the_unit(flux_home, realistic_template):
    path = copy_of(realistic_template, flux_home)
    training = Training.open(path)
    training.set_unit("lb")
    training.close()
    app = ViewsApp(path)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(app, pilot)
        await pilot.press("slash", *"back squat", "enter")
        await settle(app, pilot)
        await pilot.press("t")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, TrendsScreen) and screen.exercise_id == "back_squat"
        text = screen_text(app)
        assert "best e1RM per session (lb)" in text
        years = {int(y) for y in __import__("re").findall(r"\b(19\d\d|20\d\d)-\d\d-\d\d\b", text)}
        assert years and years <= {2026}, years  # not 1963 to 2058
        assert "best 383.6 lb on 2026-02-28" in text  # 174 kg
        await pilot.press("m", "m")
        assert "no bodyweight logged" in screen_text(app)


async def test_compare_pairs_the_sets_of_the_last_two_sessions(flux_home, realistic_template):
    app = ViewsApp(copy_of(realistic_template, flux_home))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        app.push_screen(CompareScreen("back_squat"))
        await settle(app, pilot)
        screen = app.screen
        c = screen.comparison
        assert c.this.started_at.date() == date(2026, 2, 28) and c.previous.started_at < c.this.started_at
        text = screen_text(app)
        assert c.this.started_at.date().isoformat() in text and c.previous.started_at.date().isoformat() in text
        assert "set 1" in text and "warm-up" in text and "best e1RM" in text
        newest = c.this.session_id
        await pilot.press("left")
        await settle(app, pilot)
        assert screen.comparison.this.session_id == c.previous.session_id
        await pilot.press("right")
        await settle(app, pilot)
        assert screen.comparison.this.session_id == newest


async def test_question_mark_lists_the_screens_keys(flux_home, realistic_template, monkeypatch):
    app = FluxApp(copy_of(realistic_template, flux_home), clock=FakeClock(NOW))
    async with app.run_test(size=(100, 60)) as pilot:
        await settle(app, pilot)
        await pilot.press("h")
        await settle(app, pilot)
        await pilot.press("c")
        await settle(app, pilot)
        await pilot.press("question_mark")
        await settle(app, pilot)
        text = screen_text(app)
        assert [title for title, _ in app.screen.sections][:2] == ["Everywhere", "Calendar"], "then this screen's"
        for description in ("Week before", "Day after", "Open session", "Today"):
            assert description in text
        assert "Start session" not in text and "Log set" not in text, "only the screen it was opened on"


async def test_bodyweight_trend_shows_the_log_in_the_users_unit(flux_home, realistic_template):
    from datetime import timedelta

    path = copy_of(realistic_template, flux_home)
    training = Training.open(path)
    training.log_bodyweight(80.0, NOW - timedelta(days=20))
    training.log_bodyweight(81.5, NOW - timedelta(days=2))
    training.log_bodyweight(70.0, NOW - timedelta(days=800))  # before the 52 weeks: shown with `a` only
    training.set_unit("lb")
    training.close()
    app = ViewsApp(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("t", "m", "m")
        await settle(app, pilot)
        screen = app.screen
        assert [w.kg for w in screen.weighings] == [80.0, 81.5]
        text = screen_text(app)
        assert "bodyweight (lb)" in text and "2 weighings · last 179.7 lb on 2026-02-28" in text
        assert "2026-02-10" in text  # the axis starts at the first weighing, not at 1970
        await pilot.press("a")
        await settle(app, pilot)
        assert [w.kg for w in screen.weighings] == [70.0, 80.0, 81.5]
