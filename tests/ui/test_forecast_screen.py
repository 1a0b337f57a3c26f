"""The forecast from Today (`f`): the engine's forecast through Training, shown day by day."""

from __future__ import annotations

from flux_tui.training import Training
from flux_tui.ui.screens.forecast import DAYS, ForecastScreen
from flux_tui.ui.screens.today import TodayScreen

from .conftest import NOW, make_app, screen_text, settle


async def test_f_on_today_shows_the_engines_forecast_and_escape_goes_back(history_store, clock):
    training = Training.open(history_store)
    try:
        expected = training.forecast(DAYS, NOW)
    finally:
        training.close()
    app = make_app(history_store, clock)
    async with app.run_test(size=(100, 60)) as pilot:
        await settle(app, pilot)
        await pilot.press("f")
        await settle(app, pilot)
        assert isinstance(app.screen, ForecastScreen)
        text = screen_text(app)
        first = expected[0]
        # The first day as the engine plans it: its local date, title, reason and every slot.
        assert f"{first.at.astimezone():%a %d %b}  {first.plan.archetype.title()} · anchor" in text
        assert first.plan.reason in text
        assert all(slot.exercise_name in text for slot in first.plan.slots)
        # Later days differ from the first (the forecast folds each day), as the engine's do.
        second = expected[1]
        assert f"{second.at.astimezone():%a %d %b}" in text
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, TodayScreen)
