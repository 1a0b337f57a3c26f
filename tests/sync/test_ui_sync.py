"""The app syncs in the background: after a logged set the set reaches the server and the badge says so.

Runs the real app (Pilot) against the real stack; sign-in goes through the harness's Auth STUB
(Supabase Auth cannot run here)."""

from __future__ import annotations

import json

import pytest

from flux_tui.ui.app import FluxApp
from flux_tui.ui.screens.session import SessionScreen
from tests.sync.conftest import Device
from tests.ui.conftest import screen_text, settle

pytestmark = pytest.mark.stack


async def test_a_logged_set_reaches_the_server_and_the_badge_shows_it(stack, user, tmp_path, monkeypatch):
    email, password, uid = user
    home = tmp_path / "laptop"
    device = Device(stack, home).login(email, password)  # writes home/session.json, as `flux-tui login` does
    device.close()
    monkeypatch.setenv("FLUX_HOME", str(home))
    monkeypatch.setenv("SUPABASE_URL", stack.api_url)
    monkeypatch.setenv("SUPABASE_ANON_KEY", stack.anon_key)

    app = FluxApp(home / "flux.sqlite3")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("s")
        await settle(app, pilot)
        assert isinstance(app.screen, SessionScreen)
        await pilot.press("enter")   # set entry, prefilled
        await settle(app, pilot)
        await pilot.press("enter")   # log it: committed, then a background sync
        await settle(app, pilot)
        await app.workers.wait_for_complete()
        await settle(app, pilot)

        on_server = json.loads(stack.psql(
            f"select coalesce(json_agg(exercise_id), '[]') from public.workout_sets where user_id = '{uid}'"))
        assert on_server == ["back_squat"]
        assert app.pending_changes == 0
        assert app.data_destination.startswith("Supabase local")
        await pilot.press("escape")   # skip the rest timer
        await settle(app, pilot)
        assert "Supabase local" in screen_text(app)


async def test_offline_keeps_the_set_and_shows_it_pending(stack, user, tmp_path, monkeypatch):
    from tests.stack.harness import DROP

    email, password, _ = user
    home = tmp_path / "laptop"
    Device(stack, home).login(email, password).close()
    monkeypatch.setenv("FLUX_HOME", str(home))
    monkeypatch.setenv("SUPABASE_URL", stack.api_url)
    monkeypatch.setenv("SUPABASE_ANON_KEY", stack.anon_key)

    app = FluxApp(home / "flux.sqlite3")
    with stack.faults(lambda request: DROP):  # the gateway hangs up on every request: no network
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(app, pilot)
            await pilot.press("s")
            await settle(app, pilot)
            await pilot.press("enter", "enter")
            await settle(app, pilot)
            await app.workers.wait_for_complete()
            await settle(app, pilot)
            active, _plan = app.training._store.sessions.active()
            assert len(active.sets) == 1
            assert app.pending_changes is not None and app.pending_changes >= 2  # session + set wait in the outbox
            assert "Offline" in app.data_destination
