"""kill -9 mid-sync: the forked writer of test_crash_store also syncs with the test stack, and is killed
at random, often while a push or pull is in flight. After every kill the store is audited as there
(nothing confirmed lost, integrity ok, every set not acknowledged by the server still in the outbox);
at the end one clean sync must leave the server holding exactly the local sets, each once."""

from __future__ import annotations

import json
import secrets

import pytest

from flux_tui.remote.client import Remote
from flux_tui.remote.config import RemoteConfig
from flux_tui.remote.session import load_session
from flux_tui.remote.sync import Syncer
from flux_tui.training import Training
from tests.reliability.helpers import seeded_store
from tests.reliability.test_crash_store import run_crash_trials

pytestmark = pytest.mark.stack


def run_sync_trials(tmp_path, stack, trials, seed, figures):
    store_path = tmp_path / "flux.sqlite3"
    seeded_store(store_path).close()
    email, password = f"crash-{secrets.token_hex(4)}@example.test", "pw-" + secrets.token_hex(8)
    uid = stack.create_user(email, password)
    config = RemoteConfig(stack.api_url, stack.anon_key)
    remote = Remote(config, session_file=tmp_path / "session.json", timeout=5)
    remote.sign_in(email, password)
    remote.close()

    confirmed = run_crash_trials(
        tmp_path, trials=trials, seed=seed, figures=figures, max_delay=1.5,
        sync_env={"FLUX_CRASH_SYNC": "1", "SUPABASE_URL": stack.api_url, "SUPABASE_ANON_KEY": stack.anon_key},
    )

    training = Training.open(store_path, seed_if_empty=False)
    remote = Remote(config, load_session(tmp_path / "session.json"), session_file=tmp_path / "session.json",
                    timeout=10)
    try:
        report = Syncer(training.outbox, remote, rebuild=training.refold).sync()
        assert not report.rejected, report.rejected
        assert training._store.outbox.size() == 0
        local = {row[0] for row in training._store.db.conn.execute("SELECT id FROM workout_sets")}
    finally:
        remote.close()
        training.close()
    server = json.loads(stack.psql(
        f"select coalesce(json_agg(id), '[]') from public.workout_sets where user_id = '{uid}'"))
    lost = set(confirmed) - set(server)
    assert not lost, f"{len(lost)} confirmed set(s) never reached the server"
    assert len(server) == len(set(server)) and set(server) == local
    figures.add(rows_on_server=len(server))


def test_kill_9_mid_sync_loses_and_duplicates_nothing(tmp_path, supabase_stack, figures):
    run_sync_trials(tmp_path, supabase_stack, trials=20, seed=3, figures=figures)


@pytest.mark.slow
def test_kill_9_mid_sync_long(tmp_path, supabase_stack, figures):
    run_sync_trials(tmp_path, supabase_stack, trials=600, seed=4, figures=figures)
