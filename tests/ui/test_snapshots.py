"""SVG snapshots of every screen at 80x24 (Today also at 120x40): a fixed store and a fake clock.

Update with `pytest tests/ui/test_snapshots.py --snapshot-update`, then look at the SVGs.
"""

from __future__ import annotations

import pytest
from textual.widgets import Input

from flux_tui.ui.screens.session import SessionScreen

from .conftest import make_app, settle
from .test_flows import make_interrupted_session
from .test_history import utc  # noqa: F401  (autouse: the app shows local times; a snapshot is in UTC)
from .test_session_logging import squatted_before


def still(app) -> None:
    """No blinking cursors, every clock display recomputed: a snapshot must not depend on when it was taken."""
    for widget in app.screen.query(Input):
        widget.cursor_blink = False
    for screen in app.screen_stack:
        if isinstance(screen, SessionScreen):
            screen.update_elapsed()


def shot(*keys: str, after=None):
    async def run_before(pilot) -> None:
        app = pilot.app
        await settle(app, pilot)
        for key in keys:
            await pilot.press(key)
            await settle(app, pilot)
        if after is not None:
            result = after(app)
            if result is not None:
                await result
            await settle(app, pilot)
        still(app)
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_today(snap_compare, history_store, clock, size):
    assert snap_compare(make_app(history_store, clock), terminal_size=size, run_before=shot())


def test_today_first_run(snap_compare, store_path, clock):
    assert snap_compare(make_app(store_path, clock), run_before=shot())


def test_resume_prompt(snap_compare, history_store, clock):
    make_interrupted_session(history_store)
    assert snap_compare(make_app(history_store, clock), run_before=shot())


def test_session_resumed(snap_compare, history_store, clock):
    make_interrupted_session(history_store)
    assert snap_compare(make_app(history_store, clock), run_before=shot("enter", "j"))


def test_set_entry(snap_compare, history_store, clock):
    assert snap_compare(make_app(history_store, clock), run_before=shot("s", "enter"))


def test_set_entry_refused(snap_compare, store_path, clock):
    keys = ("s", "enter", *"2000", "tab", *"abc", "tab", *"11", "enter")
    assert snap_compare(make_app(store_path, clock), run_before=shot(*keys))


def test_rest_timer(snap_compare, history_store, clock):
    def later(app):
        clock.advance(42)
        app.screen.tick()

    assert snap_compare(make_app(history_store, clock), run_before=shot("s", "enter", "6", "0", "enter", after=later))


def test_rest_overtime(snap_compare, store_path, clock):
    def later(app):
        app.bell = lambda: None
        clock.advance(180 + 42)
        app.screen.tick()

    assert snap_compare(make_app(store_path, clock), run_before=shot("s", "enter", "6", "0", "enter", after=later))


def test_session_with_warm_ups_and_plates(snap_compare, store_path, clock):
    squatted_before(store_path)
    assert snap_compare(make_app(store_path, clock), run_before=shot("s"))


def test_set_entry_of_a_warm_up_with_its_plates(snap_compare, store_path, clock):
    squatted_before(store_path)
    assert snap_compare(make_app(store_path, clock), run_before=shot("s", "j", "j", "enter"))


def test_set_entry_cycled_to_a_drop_set_asking_for_a_weight(snap_compare, store_path, clock):
    assert snap_compare(make_app(store_path, clock), run_before=shot("s", "enter", "t", "t"))


def test_new_exercise(snap_compare, store_path, clock):
    assert snap_compare(make_app(store_path, clock), run_before=shot("s", "a", *"zercher", "enter"))


def test_help_in_a_session_lists_its_keys(snap_compare, store_path, clock):
    assert snap_compare(make_app(store_path, clock), run_before=shot("s", "question_mark"))


def test_interval_timer(snap_compare, history_store, clock):
    async def run_before(pilot):
        app = pilot.app
        app.bell = lambda: None
        await shot("s")(pilot)
        session = app.screen
        session.cursor = len(session.model.rows()) - 1  # the conditioning block
        session.redraw()
        await pilot.press("i")
        await settle(app, pilot)
        clock.advance(25)  # into the first rest
        app.screen.tick()
        still(app)
        await pilot.pause()

    assert snap_compare(make_app(history_store, clock), run_before=run_before)


def test_finish_confirm(snap_compare, history_store, clock):
    make_interrupted_session(history_store)
    assert snap_compare(make_app(history_store, clock), run_before=shot("enter", "f"))


def test_summary(snap_compare, history_store, clock):
    make_interrupted_session(history_store)

    def later(app):
        clock.advance(20 * 60)

    async def run_before(pilot):
        app = pilot.app
        await shot("enter", after=later)(pilot)
        for key in ("f", "y"):
            await pilot.press(key)
            await settle(app, pilot)
        still(app)
        await pilot.pause()

    assert snap_compare(make_app(history_store, clock), run_before=run_before)


def test_swap_picker(snap_compare, history_store, clock):
    assert snap_compare(make_app(history_store, clock), run_before=shot("s", "x"))


def test_help(snap_compare, store_path, clock):
    assert snap_compare(make_app(store_path, clock), run_before=shot("question_mark"))


def test_forecast(snap_compare, history_store, clock):
    assert snap_compare(make_app(history_store, clock), terminal_size=(100, 40), run_before=shot("f"))
