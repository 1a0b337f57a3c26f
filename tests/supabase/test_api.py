"""RLS, grants and constraints seen by the app: supabase-py -> gateway ->
PostgREST 12 -> PostgreSQL. Sign-in goes through the harness's Auth STUB
(Supabase Auth/GoTrue cannot run on this machine; see tests/stack/harness.py)."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone

import httpx
import pytest
import yaml

from tests.stack import harness
from tests.stack.harness import DROP, GatewayResponse

pytestmark = pytest.mark.stack

CATALOG = yaml.safe_load((harness.ROOT / "flux_tui" / "data" / "catalog.yaml").read_text())


def now_iso(offset_s: float = 0) -> str:
    return (datetime.now(timezone.utc) + timedelta(seconds=offset_s)).isoformat()


def custom_id() -> str:
    """How the app names a custom exercise: custom_ + 32 hex of a fresh uuid4."""
    return "custom_" + uuid.uuid4().hex


class User:
    def __init__(self, stack: harness.SupabaseStack, name: str):
        self.email = f"{name}-{uuid.uuid4().hex[:8]}@test.local"
        self.password = f"pw-{uuid.uuid4().hex}"
        self.id = stack.create_user(self.email, self.password)
        self.client = stack.sign_in(self.email, self.password)
        self.session_id = str(uuid.uuid4())
        self.set_id = str(uuid.uuid4())
        self.config_id = str(uuid.uuid4())
        self.exercise_id = custom_id()
        t = self.client.table
        t("user_configs").insert({"id": self.config_id, "brain_version": 1, "logic": {"deload_every": 4},
                                  "selections": {}, "sessions": {}, "conditioning": {},
                                  "state": {}}, returning="minimal").execute()
        t("exercises").insert({"id": self.exercise_id, "name": "Zercher Squat", "pattern": "squat",
                               "tracking": "weight_reps", "load_type": "barbell", "increment": 2.5,
                               "is_custom": True, "aliases": ["Zercher"]}, returning="minimal").execute()
        t("workout_sessions").insert({"id": self.session_id, "archetype": "performance", "status": "active",
                                      "anchor_pattern": "squat", "started_at": now_iso(),
                                      "notes": f"{name}'s notes"}, returning="minimal").execute()
        t("workout_sets").insert({"id": self.set_id, "session_id": self.session_id, "exercise_id": "back_squat",
                                  "set_index": 0, "weight": 100, "reps": 5, "rpe": 8, "logged_at": now_iso(),
                                  "metadata": {"protocol": "5x5"}}, returning="minimal").execute()


@pytest.fixture(scope="module")
def users(supabase_stack):
    return User(supabase_stack, "alice"), User(supabase_stack, "bob")


def api_error(excinfo) -> tuple[str, str]:
    e = excinfo.value
    return str(getattr(e, "code", "")), str(getattr(e, "message", e))


# ------------------------------------------------------------------ auth ---

def test_auth_stub_speaks_gotrue_to_supabase_py(supabase_stack):
    from supabase_auth.errors import AuthApiError

    email, password = f"carol-{uuid.uuid4().hex[:8]}@test.local", "correct horse"
    uid = supabase_stack.create_user(email, password)
    client = supabase_stack.client()
    res = client.auth.sign_in_with_password({"email": email, "password": password})
    assert res.user.id == uid and res.user.email == email
    assert res.session.access_token and res.session.refresh_token and res.session.expires_in == 3600
    assert client.auth.get_user().user.id == uid
    old_refresh = res.session.refresh_token
    refreshed = client.auth.refresh_session()
    assert refreshed.session.refresh_token != old_refresh
    with pytest.raises(AuthApiError):      # refresh tokens rotate: the old one is spent
        supabase_stack.client().auth.refresh_session(old_refresh)
    # the token works against PostgREST (the catalog needs `authenticated`)
    assert client.table("exercises").select("id").eq("id", "back_squat").execute().data == [{"id": "back_squat"}]
    client.auth.sign_out()
    assert client.auth.get_session() is None
    with pytest.raises(AuthApiError):      # signed out: its refresh token is revoked
        supabase_stack.client().auth.refresh_session(refreshed.session.refresh_token)
    with pytest.raises(AuthApiError) as bad:
        supabase_stack.client().auth.sign_in_with_password({"email": email, "password": "wrong"})
    assert bad.value.code == "invalid_credentials"
    assert supabase_stack.psql(f"select email from auth.users where id = '{uid}'").strip() == email


def test_requests_without_a_valid_apikey_are_refused(supabase_stack):
    r = httpx.get(f"{supabase_stack.api_url}/rest/v1/exercises")
    assert r.status_code == 401
    r = httpx.get(f"{supabase_stack.api_url}/rest/v1/exercises", headers={"apikey": "nope"})
    assert r.status_code == 401


def test_expired_or_forged_tokens_are_rejected_by_postgrest(supabase_stack, users):
    a, _ = users
    url = f"{supabase_stack.api_url}/rest/v1/workout_sessions"
    expired = supabase_stack.mint_jwt(a.id, exp_in=-60)
    r = httpx.get(url, headers={"apikey": supabase_stack.anon_key, "Authorization": f"Bearer {expired}"})
    assert r.status_code == 401 and r.json()["code"] == "PGRST301"
    forged = harness.mint_jwt("x" * 64, a.id)
    r = httpx.get(url, headers={"apikey": supabase_stack.anon_key, "Authorization": f"Bearer {forged}"})
    assert r.status_code == 401
    good = supabase_stack.mint_jwt(a.id)
    r = httpx.get(url, headers={"apikey": supabase_stack.anon_key, "Authorization": f"Bearer {good}"})
    assert r.status_code == 200 and [row["id"] for row in r.json()] == [a.session_id]


# ------------------------------------------------------------------- RLS ---

def test_catalog_is_readable_when_signed_in(users):
    a, _ = users
    rows = a.client.table("exercises").select("id,name,tracking").is_("user_id", "null").order("id").execute().data
    assert {r["id"] for r in rows} == {e["id"] for e in CATALOG}


def test_anon_reads_no_user_data(supabase_stack, users):
    from postgrest.exceptions import APIError

    anon = supabase_stack.client()
    for table in ("user_configs", "exercises", "workout_sessions", "workout_sets"):
        with pytest.raises(APIError) as e:
            anon.table(table).select("*").execute()
        code, _ = api_error(e)
        assert code == "42501", f"anon on {table}: {e.value}"


def test_each_user_sees_only_their_rows(users):
    a, b = users
    for u in (a, b):
        t = u.client.table
        assert [r["id"] for r in t("workout_sessions").select("id").execute().data] == [u.session_id]
        assert [r["id"] for r in t("workout_sets").select("id").execute().data] == [u.set_id]
        assert [r["id"] for r in t("user_configs").select("id").execute().data] == [u.config_id]
        custom = t("exercises").select("id,user_id").eq("is_custom", True).execute().data
        assert custom == [{"id": u.exercise_id, "user_id": u.id}], "custom exercise gets the creator's uid"
        assert t("workout_sessions").select("*").eq("id", (b if u is a else a).session_id).execute().data == []


def test_a_user_cannot_change_or_delete_another_users_rows(supabase_stack, users):
    a, b = users
    t = a.client.table
    assert t("workout_sessions").update({"notes": "pwned"}).eq("id", b.session_id).execute().data == []
    assert t("workout_sets").update({"reps": 99}).eq("id", b.set_id).execute().data == []
    assert t("user_configs").update({"state": {"x": 1}}).eq("id", b.config_id).execute().data == []
    assert t("exercises").update({"name": "pwned"}).eq("id", b.exercise_id).execute().data == []
    assert t("exercises").update({"name": "pwned"}).eq("id", "back_squat").execute().data == []
    assert t("workout_sets").delete().eq("id", b.set_id).execute().data == []
    assert t("workout_sessions").delete().eq("id", b.session_id).execute().data == []
    assert t("exercises").delete().eq("id", "deadlift").execute().data == []
    row = supabase_stack.psql(
        "select s.notes, w.reps, c.state::text, e.name from public.workout_sessions s "
        "join public.workout_sets w on w.session_id = s.id "
        "join public.user_configs c on c.user_id = s.user_id "
        "join public.exercises e on e.user_id = s.user_id "
        f"where s.id = '{b.session_id}'").strip()
    assert row == "bob's notes|5|{}|Zercher Squat"
    assert supabase_stack.psql("select name from public.exercises where id = 'back_squat'").strip() == "Back Squat"
    assert supabase_stack.psql("select count(*) from public.exercises where id = 'deadlift'").strip() == "1"


def test_inserting_a_row_for_another_user_fails_with_42501(users):
    from postgrest.exceptions import APIError

    a, b = users
    attempts = {
        "workout_sessions": {"id": str(uuid.uuid4()), "user_id": b.id, "archetype": "recovery",
                             "status": "active", "started_at": now_iso()},
        "workout_sets": {"id": str(uuid.uuid4()), "user_id": b.id, "session_id": b.session_id,
                         "exercise_id": "back_squat", "set_index": 1, "logged_at": now_iso()},
        "user_configs": {"id": str(uuid.uuid4()), "user_id": b.id, "brain_version": 1},
        "exercises": {"id": custom_id(), "user_id": b.id, "name": "X", "pattern": "squat",
                      "tracking": "reps", "load_type": "none", "is_custom": True},
    }
    for table, row in attempts.items():
        with pytest.raises(APIError) as e:
            a.client.table(table).insert(row, returning="minimal").execute()
        code, message = api_error(e)
        assert code == "42501", (table, e.value)
        assert "row-level security" in message


def test_only_service_role_writes_the_catalog(supabase_stack, users):
    from postgrest.exceptions import APIError

    a, _ = users
    with pytest.raises(APIError) as e:
        a.client.table("exercises").insert({"id": "new_lift", "user_id": None, "name": "New Lift",
                                            "pattern": "squat", "tracking": "reps", "load_type": "none"},
                                           returning="minimal").execute()
    assert api_error(e)[0] == "42501"
    url = f"{supabase_stack.api_url}/rest/v1/exercises?id=eq.jump_rope"
    key = supabase_stack.service_role_key
    r = httpx.patch(url, json={"increment": 0}, headers={"apikey": supabase_stack.anon_key,
                                                         "Authorization": f"Bearer {key}"})
    assert r.status_code == 204, r.text


def test_an_id_names_a_row_of_its_own_user_only(supabase_stack, users):
    """Keys are (user_id, id): writing another user's id is no error and no conflict (nothing to detect),
    it makes the writer's own row; the other user's row is neither changed nor shown."""
    from postgrest.exceptions import APIError

    a, b = users
    assert a.exercise_id != b.exercise_id   # both named "Zercher Squat" in the fixture
    t = a.client.table
    mine = {"id": b.exercise_id, "name": "Mine", "pattern": "squat", "tracking": "reps", "load_type": "none",
            "is_custom": True}
    try:
        t("exercises").insert(mine, returning="minimal").execute()
        t("exercises").upsert({**mine, "name": "Mine again"}, on_conflict="user_id,id", returning="minimal").execute()
        assert t("exercises").select("user_id,name").eq("id", b.exercise_id).execute().data == [
            {"user_id": a.id, "name": "Mine again"}]
        assert supabase_stack.psql(f"select user_id::text || '|' || name from public.exercises "
                                   f"where id = '{b.exercise_id}' and user_id = '{b.id}'").strip() == \
            f"{b.id}|Zercher Squat"
    finally:
        t("exercises").delete(returning="minimal").eq("user_id", a.id).eq("id", b.exercise_id).execute()
    with pytest.raises(APIError) as e:      # a custom id outside the custom_<32 hex> namespace
        t("exercises").insert({**mine, "id": "zercher_squat"}, returning="minimal").execute()
    assert api_error(e)[0] == "23514"


def test_a_user_cannot_attach_sets_to_another_users_session_or_exercise(users):
    from postgrest.exceptions import APIError

    a, b = users
    for session_id, exercise_id in ((b.session_id, "back_squat"), (a.session_id, b.exercise_id)):
        with pytest.raises(APIError) as e:
            a.client.table("workout_sets").insert({"id": str(uuid.uuid4()), "session_id": session_id,
                                                   "exercise_id": exercise_id, "set_index": 3,
                                                   "logged_at": now_iso()}, returning="minimal").execute()
        assert api_error(e)[0] == "23503"


# ------------------------------------------------------------ constraints ---

@pytest.mark.parametrize("field,value,constraint", [
    ("reps", -1, "workout_sets_reps_check"),
    ("weight", -2.5, "workout_sets_weight_check"),
    ("rpe", 11, "workout_sets_rpe_check"),
    ("distance", -100, "workout_sets_distance_check"),
    ("set_index", -1, "workout_sets_set_index_check"),
])
def test_constraints_reject_bad_values_with_a_clear_error(users, field, value, constraint):
    from postgrest.exceptions import APIError

    a, _ = users
    row = {"id": str(uuid.uuid4()), "session_id": a.session_id, "exercise_id": "back_squat",
           "set_index": 1, "logged_at": now_iso(), field: value}
    with pytest.raises(APIError) as e:
        a.client.table("workout_sets").insert(row, returning="minimal").execute()
    code, message = api_error(e)
    assert code == "23514"
    assert constraint in message, message


def test_session_enums_are_checked(users):
    from postgrest.exceptions import APIError

    a, _ = users
    for bad in ({"archetype": "hypertrophy"}, {"status": "paused"}, {"source": "myfitnesspal"}):
        row = {"id": str(uuid.uuid4()), "archetype": "performance", "status": "active",
               "started_at": now_iso(), **bad}
        with pytest.raises(APIError) as e:
            a.client.table("workout_sessions").insert(row, returning="minimal").execute()
        assert api_error(e)[0] == "23514", bad


# ------------------------------------------------------------- sync shape ---

def test_upsert_and_keyset_pull(supabase_stack, users):
    """What sync does: upsert rows by id, then pull changes after a (updated_at, id) cursor."""
    a, _ = users
    t = a.client.table
    ids = sorted(str(uuid.uuid4()) for _ in range(3))
    rows = [{"id": i, "session_id": a.session_id, "exercise_id": "back_squat", "set_index": n + 1,
             "weight": 100, "reps": 5, "logged_at": now_iso(), "updated_at": "2000-01-01T00:00:00+00:00"}
            for n, i in enumerate(ids)]
    t("workout_sets").upsert(rows, on_conflict="user_id,id", returning="minimal").execute()
    t("workout_sets").upsert(rows, on_conflict="user_id,id", returning="minimal").execute()   # idempotent
    pulled = (t("workout_sets").select("id,updated_at").eq("session_id", a.session_id)
              .order("updated_at").order("id").execute().data)
    assert {r["id"] for r in pulled} >= set(ids)
    assert all(not r["updated_at"].startswith("2000") for r in pulled), "server clock, not the client's"
    cursor = pulled[0]
    after = (t("workout_sets").select("id")
             .or_(f"updated_at.gt.{cursor['updated_at']},and(updated_at.eq.{cursor['updated_at']},id.gt.{cursor['id']})")
             .order("updated_at").order("id").execute().data)
    assert [r["id"] for r in after] == [r["id"] for r in pulled[1:]]


# ---------------------------------------------------------------- faults ---

def test_gateway_fault_hook(supabase_stack, users):
    from postgrest.exceptions import APIError

    a, _ = users
    seen = []

    def unavailable(req):
        seen.append(req.path)
        if req.path.startswith("/rest/v1/workout_sets"):
            return GatewayResponse(503, {"message": "injected"})
        return None

    with supabase_stack.faults(unavailable):
        with pytest.raises(APIError):
            a.client.table("workout_sets").select("id").execute()
        assert a.client.table("workout_sessions").select("id").execute().data   # others pass
    with supabase_stack.faults(lambda req: DROP):
        with pytest.raises(httpx.HTTPError):
            a.client.table("workout_sets").select("id").execute()
    assert a.client.table("workout_sets").select("id").limit(1).execute().data
    assert "/rest/v1/workout_sets" in seen
