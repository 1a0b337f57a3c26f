"""Snapshots of the History screens (80x24 and 120x40) over a deterministic generated store."""

from __future__ import annotations

import pytest

from .conftest import settle
from .test_history import HistoryApp, copy_of, realistic_template, utc  # noqa: F401  (fixtures)

SIZES = [(80, 24), (120, 40)]


def steps(*keys: str):
    async def run_before(pilot) -> None:
        await settle(pilot.app, pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot.app, pilot)

    return run_before


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_sessions_list(snap_compare, flux_home, realistic_template, size):
    app = HistoryApp(copy_of(realistic_template, flux_home))
    assert snap_compare(app, terminal_size=size, run_before=steps("down", "down"))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_session_detail(snap_compare, flux_home, realistic_template, size):
    app = HistoryApp(copy_of(realistic_template, flux_home))
    assert snap_compare(app, terminal_size=size, run_before=steps("enter", "down", "down", "down"))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_exercise_view(snap_compare, flux_home, realistic_template, size):
    app = HistoryApp(copy_of(realistic_template, flux_home))
    assert snap_compare(app, terminal_size=size, run_before=steps("enter", "enter"))


def test_filtered_list(snap_compare, flux_home, realistic_template):
    async def run_before(pilot) -> None:
        await settle(pilot.app, pilot)
        await pilot.press("slash", *"bench", "enter")  # unknown: the message shows
        await settle(pilot.app, pilot)

    app = HistoryApp(copy_of(realistic_template, flux_home))
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
