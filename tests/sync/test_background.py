"""The API the UI runs in a thread worker: status without network, sync_now() that never raises."""

from __future__ import annotations

import time

import pytest

from flux_tui.remote.background import BackgroundSync, SyncStatus
from flux_tui.remote.session import save_session
from tests.stack.harness import GatewayResponse, free_port

pytestmark = pytest.mark.stack


@pytest.fixture
def env(stack, monkeypatch, tmp_path):
    home = tmp_path / "bg"
    home.mkdir()
    monkeypatch.setenv("FLUX_HOME", str(home))
    monkeypatch.setenv("SUPABASE_URL", stack.api_url)
    monkeypatch.setenv("SUPABASE_ANON_KEY", stack.anon_key)
    monkeypatch.setenv("FLUX_SYNC_TIMEOUT", "1")
    return home


def test_status_labels_and_a_background_sync(stack, user, devices, env, monkeypatch):
    email, password, _ = user
    d = devices("bg_device")
    bg = BackgroundSync(d.store.outbox, interval=60)
    assert bg.status().state == "signed_out" and bg.status().badge == "Signed out · local"
    assert not bg.due()
    assert bg.sync_now().state == "signed_out"       # not due: no network, returns at once
    d.login(email, password)
    save_session(d.remote.session, env / "session.json")
    d.log_session(2)
    status = bg.status()
    assert status.state == "pending" and status.label == f"{status.pending} pending" and status.pending >= 3
    assert bg.due()
    status = bg.sync_now()
    assert status.state == "synced" and status.badge == "Synced · local" and status.pending == 0, status
    assert status.user == email and status.last_sync_at is not None
    assert not bg.due()                               # nothing pending, interval not elapsed

    d.log_session(1)
    with stack.faults(lambda req: GatewayResponse(503, {"message": "down"}) if req.path.startswith("/rest") else None):
        status = bg.sync_now()
    assert status.state == "error" and "server failed" in status.message and status.next_attempt_at
    assert not bg.due(), "backoff: the next attempt waits"
    assert bg.sync_now(force=True).state == "synced"

    monkeypatch.setenv("SUPABASE_URL", f"http://127.0.0.1:{free_port()}")
    assert bg.status().state == "signed_out"          # the session belongs to another URL
    bg.close()


def test_offline_status(stack, user, devices, env, monkeypatch):
    email, password, _ = user
    d = devices("bg_offline").login(email, password)
    url = f"http://127.0.0.1:{free_port()}"
    monkeypatch.setenv("SUPABASE_URL", url)
    from dataclasses import replace

    save_session(replace(d.remote.session, url=url), env / "session.json")
    d.log_session(1)
    bg = BackgroundSync(d.store.outbox)
    started = time.monotonic()
    status = bg.sync_now()
    assert time.monotonic() - started < 2
    assert isinstance(status, SyncStatus) and status.state == "offline" and status.label == "Offline"
    assert status.pending > 0 and "cannot connect" in status.message
    bg.close()
