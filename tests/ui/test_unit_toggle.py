"""`w` on Today switches the weight unit (`u` is Undo, in a session only); the store keeps kilograms."""

from __future__ import annotations

from tests.ui.conftest import make_app, screen_text, settle


async def test_w_switches_today_between_kg_and_lb(history_store, clock):
    app = make_app(history_store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert " kg" in screen_text(app)
        await pilot.press("w")
        await settle(app, pilot)
        assert app.training.unit() == "lb"
        text = screen_text(app)
        assert " lb" in text and " kg" not in text
        await pilot.press("w")
        await settle(app, pilot)
        assert app.training.unit() == "kg"
