"""The harness itself: missing components skip locally but FAIL under CI=true."""

from __future__ import annotations

import pytest

from tests.stack import harness


def test_missing_component_fails_under_ci(monkeypatch):
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="unavailable under CI=true: missing: pg_prove"):
        harness.unavailable("missing: pg_prove")


def test_missing_component_skips_locally_with_what_to_install(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="tests/stack/setup.sh"):
        harness.unavailable("missing: PostgREST")


def test_jwts_carry_supabase_claims():
    import jwt

    token = harness.mint_jwt("s" * 40, "00000000-0000-4000-8000-000000000001", exp_in=60)
    claims = jwt.decode(token, "s" * 40, algorithms=["HS256"], audience="authenticated")
    assert claims["role"] == "authenticated" and claims["sub"].endswith("1") and claims["exp"] > claims["iat"]
    anon = jwt.decode(harness.mint_jwt("s" * 40, None, "anon"), "s" * 40, algorithms=["HS256"])
    assert anon["role"] == "anon" and "sub" not in anon


@pytest.mark.stack
def test_psql_as_a_user_applies_rls(supabase_stack):
    uid = supabase_stack.create_user("psql-helper@test.local", "pw-123456")
    assert supabase_stack.psql("select auth.uid()", user_id=uid).strip() == uid
    assert supabase_stack.psql("select count(*) from public.workout_sessions", user_id=uid).strip() == "0"
    with pytest.raises(harness.PsqlError) as e:
        supabase_stack.psql("select 1 from public.workout_sets", role="anon")
    assert e.value.sqlstate == "42501"
