"""The app on a read-only data directory (a read-only mount: root ignores mode bits): Today shows
the plan and History opens; starting a session is refused by name, and the file is unchanged."""

from __future__ import annotations

import subprocess

import pytest

from flux_tui.ui.screens.today import TodayScreen

from .conftest import copy_store, make_app, settle


@pytest.fixture
def read_only_store(tmp_path, history_template):
    mount = tmp_path / "ro"
    mount.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(mount)], capture_output=True).returncode:
        pytest.skip("cannot mount a tmpfs here")  # under CI=true a skip fails loudly, as it should
    copy_store(history_template, mount / "flux.sqlite3")
    subprocess.run(["mount", "-o", "remount,ro", str(mount)], check=True)
    yield mount / "flux.sqlite3"
    subprocess.run(["umount", "-l", str(mount)], capture_output=True)


async def test_today_and_history_read_and_a_session_start_is_refused_by_name(read_only_store, clock):
    before = read_only_store.read_bytes()
    app = make_app(read_only_store, clock)
    notes: list[str] = []
    app.notify = lambda message, *a, **k: notes.append(str(message))  # what the failed worker says
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, TodayScreen) and app.screen.data is not None  # the plan, read
        await pilot.press("s")
        await settle(app, pilot)
        assert isinstance(app.screen, TodayScreen)
        assert any("read-only" in n for n in notes), notes
        await pilot.press("h")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "HistoryScreen"
    assert read_only_store.read_bytes() == before
