"""Sync faults beyond the error suite: device clocks that disagree, and a token that expires in the
middle of a push. Real stack; sign-in through the harness's Auth STUB (Supabase Auth cannot run here)."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from tests.stack.harness import GatewayResponse
from tests.sync.conftest import assert_converged

pytestmark = pytest.mark.stack


def test_a_device_whose_clock_runs_a_day_ahead_does_not_win_over_a_later_edit(stack, user, devices, monkeypatch):
    import flux_tui.store.sessions as repo

    email, password, uid = user
    ahead, right = devices("ahead").login(email, password), devices("right").login(email, password)
    session_id = right.log_session(sets=2)
    right.sync()
    ahead.sync()

    honest = repo.utc_now
    monkeypatch.setattr(repo, "utc_now", lambda: honest() + timedelta(days=1))
    ahead.store.sessions.set_notes(session_id, "from the laptop a day ahead")
    monkeypatch.setattr(repo, "utc_now", honest)
    ahead.sync()
    right.sync()
    right.store.sessions.set_notes(session_id, "edited later, on the laptop with the right time")
    right.sync()
    ahead.sync()

    # Order comes from the server's clock: the later edit wins everywhere, whatever the laptops' clocks say.
    assert ahead.store.sessions.get(session_id).notes == right.store.sessions.get(session_id).notes \
        == "edited later, on the laptop with the right time"
    assert_converged(stack, uid, ahead, right)


def test_a_token_that_expires_mid_push_is_refreshed_and_nothing_is_lost_or_doubled(stack, user, devices):
    email, password, uid = user
    laptop = devices().login(email, password)
    for _ in range(8):
        laptop.log_session(sets=300)  # 2,400 sets: three batches of sets
    first_refresh_token = laptop.remote.session.refresh_token
    batches = {"sets": 0, "refused": 0, "refreshed": False}

    def expire_after_the_first_batch(request):
        # From the second batch of sets on, until the client refreshes its session, the token is
        # "expired": PostgREST's own answer to an expired JWT. (Judged by the refresh, not by the token
        # text: the stub may mint an identical JWT within the same second.)
        if request.path.startswith("/auth/v1/token") and "refresh_token" in request.query:
            batches["refreshed"] = True
        elif request.method == "POST" and request.path.startswith("/rest/v1/workout_sets"):
            batches["sets"] += 1
            if batches["sets"] > 1 and not batches["refreshed"]:
                batches["refused"] += 1
                return GatewayResponse(401, {"code": "PGRST301", "details": None, "hint": None,
                                             "message": "JWT expired"})
        return None

    with stack.faults(expire_after_the_first_batch):
        laptop.sync()

    # Refused batches (up to the uploads in flight) were retried once each with a refreshed token.
    assert batches["refreshed"] and 1 <= batches["refused"] <= 2, batches
    assert batches["sets"] == 3 + batches["refused"], batches
    assert laptop.remote.session.refresh_token != first_refresh_token  # the stub rotates refresh tokens
    assert laptop.store.outbox.size() == 0
    on_server = json.loads(stack.psql(
        f"select json_build_array(count(*), count(distinct id)) from public.workout_sets where user_id = '{uid}'"))
    assert on_server == [2400, 2400]
    assert_converged(stack, uid, laptop)
