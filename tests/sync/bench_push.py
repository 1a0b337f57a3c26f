"""Push benchmark (run explicitly: pytest -p tests.stack.harness tests/sync/bench_push.py -s).

100k sets (5,000 sessions) in a store, pushed to the test stack through the gateway: target >= 5,000
rows/s with at most ceil(N/500) upsert requests per table. Then a sync with nothing pending: 1 request.
FLUX_BENCH_SETS changes N."""

from __future__ import annotations

import math
import os
import time
import uuid
from datetime import timedelta

import pytest

from flux_tui.engine.history import LoggedSet, SessionRecord
from flux_tui.remote.sync import Syncer
from flux_tui.timefmt import utc_now

pytestmark = pytest.mark.stack


def test_push_100k_sets(stack, user, devices):
    n_sets = int(os.environ.get("FLUX_BENCH_SETS", "100000"))
    per_session = 20
    email, password, uid = user
    d = devices("bench").login(email, password)
    start = utc_now() - timedelta(days=n_sets // per_session)
    sessions = []
    for s in range(n_sets // per_session):
        t = start + timedelta(days=s)
        sets = tuple(LoggedSet(id=str(uuid.uuid4()), exercise_id="back_squat", set_index=i, weight=100.0 + i,
                               reps=5, rpe=8.0, logged_at=t + timedelta(minutes=i)) for i in range(per_session))
        sessions.append(SessionRecord(id=str(uuid.uuid4()), started_at=t, completed_at=t + timedelta(hours=1),
                                      archetype="performance", anchor_pattern="squat", status="completed",
                                      sets=sets))
    d.store.bulk.import_sessions(sessions)
    total = d.store.outbox.size()
    syncer = Syncer(d.store.outbox, d.remote, rebuild=d.training.refold)
    d.store.settings.set("sync.uid", uid)
    before = d.remote.requests
    started = time.perf_counter()
    syncer.push(uid)
    elapsed = time.perf_counter() - started
    requests = d.remote.requests - before
    rate = total / elapsed
    print(f"\npush: {total} rows ({n_sets} sets) in {elapsed:.2f} s = {rate:,.0f} rows/s, {requests} requests")
    bound = sum(math.ceil(n / 500) for n in (len(sessions), n_sets, 1))
    assert requests <= bound
    assert d.store.outbox.size() == 0
    assert int(stack.psql(f"select count(*) from public.workout_sets where user_id = '{uid}'")) == n_sets
    started = time.perf_counter()
    first = d.sync()
    print(f"first full sync after the push (pulls the echo): {first.requests} requests, "
          f"{time.perf_counter() - started:.2f} s")
    idle = d.sync()
    print(f"idle sync: {idle.requests} request(s), {idle.seconds * 1000:.0f} ms")
    assert idle.requests == 1
    assert rate >= 5000
