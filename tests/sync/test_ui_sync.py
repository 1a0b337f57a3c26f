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
        await pilot.press("enter")   # set entry: reps prefilled, a first session's weight asked for
        await settle(app, pilot)
        await pilot.press("2", "0", "enter")   # log it: committed, then a background sync
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
            await pilot.press("enter", "2", "0", "enter")  # a first session's weight is typed
            await settle(app, pilot)
            await app.workers.wait_for_complete()
            await settle(app, pilot)
            active, _plan = app.training._store.sessions.active()
            assert len(active.sets) == 1
            assert app.pending_changes is not None and app.pending_changes >= 2  # session + set wait in the outbox
            assert "Offline" in app.data_destination


def signed_in_home(stack, user, tmp_path, monkeypatch, name: str = "laptop"):
    email, password, _ = user
    home = tmp_path / name
    Device(stack, home).login(email, password).close()   # home/session.json, as `flux-tui login` writes it
    monkeypatch.setenv("FLUX_HOME", str(home))
    monkeypatch.setenv("SUPABASE_URL", stack.api_url)
    monkeypatch.setenv("SUPABASE_ANON_KEY", stack.anon_key)
    return home


def server_value(stack, sql: str):
    return json.loads(stack.psql(f"select coalesce(json_agg(t), '[]') from ({sql}) t"))


async def until(app, pilot, condition, seconds: float) -> bool:
    """Let the app run (timers fire, workers finish) until `condition()` holds, at most `seconds`."""
    import time

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        await settle(app, pilot)
        if condition():
            return True
        await pilot.pause(0.2)
    return condition()


async def test_a_finish_a_delete_and_an_undo_each_reach_the_server_without_waiting_for_the_timer(
        stack, user, tmp_path, monkeypatch):
    uid = user[2]
    home = signed_in_home(stack, user, tmp_path, monkeypatch)
    app = FluxApp(home / "flux.sqlite3")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        training = app.training
        sid = training.start_session(training.plan())
        logged, _ = training.log_set(sid, "back_squat", weight=100.0, reps=5)

        def on_server():
            return server_value(stack, f"select s.status, w.deleted_at is not null as deleted from "
                                f"public.workout_sets w join public.workout_sessions s on s.id = w.session_id "
                                f"and s.user_id = w.user_id where w.user_id = '{uid}' and w.id = '{logged.id}'")

        assert await until(app, pilot, lambda: on_server() == [{"status": "active", "deleted": False}], 10)
        training.delete_set(logged.id)
        assert await until(app, pilot, lambda: on_server() == [{"status": "active", "deleted": True}], 10)
        training.restore_set(logged.id)
        assert await until(app, pilot, lambda: on_server() == [{"status": "active", "deleted": False}], 10)
        training.finish_session(sid)
        assert await until(app, pilot, lambda: on_server() == [{"status": "completed", "deleted": False}], 10)
        assert await until(app, pilot, lambda: app.pending_changes == 0, 5)
        assert app.syncer.interval >= 30, "none of this waited for the timer"


async def test_a_sync_after_the_network_returns_comes_within_the_backoff_cap(stack, user, tmp_path, monkeypatch):
    import time

    from flux_tui.remote.sync import BACKOFF_CAP
    from tests.stack.harness import DROP

    home = signed_in_home(stack, user, tmp_path, monkeypatch)
    app = FluxApp(home / "flux.sqlite3")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        with stack.faults(lambda request: DROP):
            sid = app.training.start_session(app.training.plan())
            app.training.log_set(sid, "back_squat", weight=100.0, reps=5)
            # a few failures in a row: the backoff grows towards its cap
            assert await until(app, pilot, lambda: int(app.training.outbox.get_setting("sync.failures") or 0) >= 3,
                               20)
            assert "Offline" in app.data_destination and app.pending_changes >= 2
        back = time.monotonic()
        assert await until(app, pilot, lambda: app.pending_changes == 0, BACKOFF_CAP * 1.1 + 3)
        assert time.monotonic() - back <= BACKOFF_CAP * 1.1 + 3
        assert BACKOFF_CAP <= 30


async def test_a_pull_that_changes_the_log_refreshes_today(stack, user, tmp_path, monkeypatch):
    email, password, _ = user
    home = signed_in_home(stack, user, tmp_path, monkeypatch, "laptop2")
    app = FluxApp(home / "flux.sqlite3")
    async with app.run_test(size=(120, 34)) as pilot:
        await settle(app, pilot)
        assert await until(app, pilot, lambda: "none yet" in screen_text(app), 10)
        other = Device(stack, tmp_path / "laptop1").login(email, password)
        try:
            other.sync()
            other.log_session(3)
            other.sync()
        finally:
            other.close()
        app.syncer.interval = 0   # the timer's pull, now
        app.request_sync()
        assert await until(app, pilot, lambda: "none yet" not in screen_text(app), 10), screen_text(app)
        assert app.training.history_count() == 1


async def test_quitting_pushes_what_is_pending_and_never_waits_long(stack, user, tmp_path, monkeypatch):
    import time

    from flux_tui.ui.app import QUIT_SYNC_SECONDS

    uid = user[2]
    home = signed_in_home(stack, user, tmp_path, monkeypatch)
    app = FluxApp(home / "flux.sqlite3")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        app.training.on_change = None            # no sync after the set: only the one at quit
        sid = app.training.start_session(app.training.plan())
        app.training.log_set(sid, "back_squat", weight=100.0, reps=5)
    app.final_sync()
    assert server_value(stack, f"select id from public.workout_sets where user_id = '{uid}'") != []
    app.close_training()

    slow = FluxApp(home / "flux.sqlite3")
    async with slow.run_test(size=(100, 30)) as pilot:
        await settle(slow, pilot)
        slow.training.on_change = None
        slow.training.log_set(sid, "back_squat", weight=102.5, reps=5)
    with stack.faults(lambda request: time.sleep(20)):   # a server that never answers in time
        began = time.monotonic()
        slow.final_sync()
        assert time.monotonic() - began < QUIT_SYNC_SECONDS + 0.5
    slow.close_training()


async def test_the_badge_counts_refused_rows_and_names_the_env_file(stack, user, tmp_path, monkeypatch):
    """A session the server refused (notes past its limit, stored by an older FLUX) and its sets are
    set aside: the badge says how many; the URL came from a .env file: the badge says so, and its
    tooltip names the file."""
    from flux_tui import settings
    from flux_tui.timefmt import to_iso, utc_now
    from flux_tui.ui.widgets.badge import SyncBadge

    email, password, _ = user
    home = tmp_path / "laptop"
    device = Device(stack, home).login(email, password)
    sid = device.log_session(3)
    with device.store.db.transaction() as conn:
        conn.execute("UPDATE workout_sessions SET notes = ?, updated_at = ? WHERE id = ?",
                     ("x" * 20001, to_iso(utc_now()), sid))
    assert [r["id"] for r in device.sync().rejected] == [sid]
    device.close()
    work = tmp_path / "work"
    work.mkdir()
    (work / ".env").write_text(f"SUPABASE_URL={stack.api_url}\nSUPABASE_ANON_KEY={stack.anon_key}\n")
    monkeypatch.chdir(work)
    monkeypatch.setenv("FLUX_HOME", str(home))
    for name in ("SUPABASE_URL", "SUPABASE_ANON_KEY"):   # unset now, as they were before this test after it
        monkeypatch.setenv(name, "")
        monkeypatch.delenv(name)
    monkeypatch.setattr(settings, "_from_file", {})
    monkeypatch.setattr(settings, "_ignored", {})
    settings.load_dotenv_files()                      # as `flux-tui` does before the app starts

    app = FluxApp(home / "flux.sqlite3")
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        await app.workers.wait_for_complete()
        await settle(app, pilot)
        assert app.data_destination.startswith("Supabase local (.env)"), app.data_destination
        assert "· 4 refused · y details" in app.data_destination, app.data_destination
        badge = app.screen.query_one(SyncBadge)
        assert f".env file {work / '.env'}" in str(badge.tooltip)
        assert "4 refused" in screen_text(app)


async def test_the_badge_names_an_expired_session_and_y_opens_what_to_do(stack, user, tmp_path, monkeypatch):
    from flux_tui.ui.screens.sync_details import SyncDetailsScreen

    home = signed_in_home(stack, user, tmp_path, monkeypatch)
    path = home / "session.json"
    session = json.loads(path.read_text())
    session.update(expires_at=1, refresh_token="revoked-token")
    path.write_text(json.dumps(session))
    app = FluxApp(home / "flux.sqlite3")
    async with app.run_test(size=(120, 34)) as pilot:
        assert await until(app, pilot, lambda: "session expired" in app.data_destination, 10), app.data_destination
        assert "Sync error: session expired" in screen_text(app)
        await pilot.press("y")
        await settle(app, pilot)
        assert isinstance(app.screen, SyncDetailsScreen)
        text = screen_text(app)
        assert "What happened: your session expired" in text and "flux-tui login" in text
        await pilot.press("escape")
        await settle(app, pilot)
        assert not isinstance(app.screen, SyncDetailsScreen)


async def test_the_pending_count_follows_a_delete_made_offline(stack, user, tmp_path, monkeypatch):
    from tests.stack.harness import DROP

    home = signed_in_home(stack, user, tmp_path, monkeypatch)
    app = FluxApp(home / "flux.sqlite3")
    async with app.run_test(size=(120, 34)) as pilot:
        await settle(app, pilot)
        training = app.training
        sid = training.start_session(training.plan())
        logged, _ = training.log_set(sid, "back_squat", weight=100.0, reps=5)
        assert await until(app, pilot, lambda: app.pending_changes == 0, 10)
        with stack.faults(lambda request: DROP):
            training.delete_set(logged.id)
            assert await until(app, pilot, lambda: app.pending_changes == 1, 10), app.pending_changes
            assert "1 pending" in screen_text(app)
        assert await until(app, pilot, lambda: app.pending_changes == 0, 40)
