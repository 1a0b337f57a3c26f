"""Two devices of one user sync through a faulty network for 500+ operations: nothing lost, nothing
duplicated, and everyone converges.

Faults come from the harness gateway's fault hook, between the client and PostgREST: connections closed
before the server saw the request, 500/503 answers, answers slower than the client's timeout (the server
may still commit), and answers dropped AFTER PostgREST committed. Refused connections come from pointing
a device at a closed port for a while. Auth is the harness's STUB (real JWTs)."""

from __future__ import annotations

import random
import threading
import time
from datetime import timedelta

import pytest

from flux_tui.remote.client import Remote
from flux_tui.remote.config import RemoteConfig
from flux_tui.remote.errors import RemoteError
from flux_tui.remote.session import StoredSession
from flux_tui.timefmt import utc_now
from tests.stack.harness import DROP, GatewayResponse, free_port
from tests.sync.conftest import assert_converged, server_rows

pytestmark = pytest.mark.stack

EXERCISES = ("back_squat", "deadlift", "front_squat", "romanian_deadlift")


class Faults:
    def __init__(self, stack, seed: int) -> None:
        self.stack = stack
        self.rng = random.Random(seed)
        self.lock = threading.Lock()
        self.seen: dict[str, int] = {}

    def __call__(self, req):
        if not req.path.startswith("/rest/v1"):
            return None
        with self.lock:
            roll = self.rng.random()
        kind = ("drop" if roll < 0.08 else "503" if roll < 0.14 else "500" if roll < 0.18 else
                "slow" if roll < 0.22 else "lost_answer" if roll < 0.32 else "ok")
        self.seen[kind] = self.seen.get(kind, 0) + 1
        if kind == "drop":
            return DROP
        if kind == "503":
            return GatewayResponse(503, {"message": "service unavailable"})
        if kind == "500":
            return GatewayResponse(500, "Internal Server Error")
        if kind == "slow":
            time.sleep(0.45)      # past the client's timeout; the request then goes through
            return None
        if kind == "lost_answer":
            self.stack.gateway._route(req)   # PostgREST runs (and commits) it ...
            return DROP                       # ... and the answer never arrives
        return None


def test_faulty_network_loses_and_duplicates_nothing(stack, user, devices):
    email, password, uid = user
    a, b = devices("a", timeout=0.3).login(email, password), devices("b", timeout=0.3).login(email, password)
    good = {d: d.remote for d in (a, b)}
    dead = RemoteConfig(f"http://127.0.0.1:{free_port()}", stack.anon_key)
    rng = random.Random(7)
    logged: dict[str, bool] = {}          # set id -> deleted?
    operations = failures = 0
    start = utc_now() - timedelta(days=60)
    deadline = time.monotonic() + 45
    faults = Faults(stack, seed=11)
    with stack.faults(faults):
        for round_ in range(60):
            if time.monotonic() > deadline:
                break
            d = a if round_ % 2 == 0 else b
            # refused connections: a device sometimes points at a closed port for its sync
            if rng.random() < 0.1:
                s = good[d].session
                d.remote = Remote(dead, StoredSession(dead.url, s.user_id, s.email, s.access_token,
                                                      s.refresh_token, s.expires_at), timeout=0.3)
            else:
                d.remote = good[d]
            when = start + timedelta(hours=12 * round_)
            plan = d.training.plan(now=when)
            sid = d.training.start_session(plan, now=when)
            operations += 1
            for i in range(rng.randint(4, 8)):
                logged_set, _ = d.training.log_set(sid, rng.choice(EXERCISES), weight=40 + i, reps=5,
                                                   logged_at=when + timedelta(minutes=i + 1))
                logged[logged_set.id] = False
                operations += 1
            d.training.finish_session(sid, now=when + timedelta(minutes=30))
            operations += 1
            mine = [i for i in logged if d.store.db.conn.execute(
                "SELECT 1 FROM workout_sets WHERE id = ? AND deleted_at IS NULL", (i,)).fetchone()]
            if mine and rng.random() < 0.5:
                victim = rng.choice(mine)
                d.store.sessions.delete_set(victim)
                logged[victim] = True
                operations += 1
            if rng.random() < 0.3:
                d.store.sessions.set_notes(sid, f"round {round_}")
                operations += 1
            for _ in range(2):
                try:
                    d.sync()
                except RemoteError as error:
                    assert error.kind in ("offline", "timeout", "server", "protocol"), error
                    failures += 1
    print(f"faults: {operations} operations, {failures} failed syncs, {faults.seen}")
    assert operations >= 500, operations
    assert failures > 10 and faults.seen.get("lost_answer", 0) > 5, (failures, faults.seen)

    # the network heals: a few rounds converge everything
    a.remote, b.remote = good[a], good[b]
    for _ in range(4):
        a.sync(), b.sync()
        if a.store.outbox.size() == b.store.outbox.size() == 0:
            break
    a.sync(), b.sync()
    counts = assert_converged(stack, uid, a, b)
    on_server = {r["id"]: r["deleted_at"] is not None for r in server_rows(stack, "workout_sets", uid)}
    assert on_server == logged, "every set logged is on the server exactly once, deleted iff it was deleted"
    assert counts["user_configs"] == 1
    a.training._forget(), b.training._forget()
    assert a.training.state == b.training.state
