"""The server enforces flux_tui/limits.py exactly: for every entry, a value at the limit goes in and
the one just past it is refused with 23514 naming `<table>_<column>_check`, through the real
PostgREST. The probes are generated from the table, so changing one side without the other fails."""

from __future__ import annotations

import ast
import json
import math
import uuid
from datetime import datetime, timezone
from typing import Any

import httpx
import pytest

from flux_tui.limits import LIMITS, Json, Limit, Number, Slug, Text, TextList
from tests.stack import harness

NON_ASCII = "ü"   # lengths are characters, not bytes: a 2-byte character tells them apart


def sized_object(size: int) -> dict[str, str]:
    """An object whose jsonb text (`{"k": "xx…"}`, PostgreSQL's spacing) is exactly `size` bytes."""
    value = {"k": "x" * (size - len('{"k": ""}'))}
    assert len(json.dumps(value).encode()) == size
    return value


def probes(limit: Limit) -> list[tuple[str, Any, bool]]:
    """(what, value, accepted) at and just past each edge of one limit."""
    if isinstance(limit, Number):
        if limit.integer:
            low, high = int(limit.low), int(limit.high)
            return [("low", low, True), ("high", high, True), ("below", low - 1, False), ("above", high + 1, False)]
        return [("low", float(limit.low), True), ("high", float(limit.high), True),
                ("just below", math.nextafter(limit.low, -math.inf), False),
                ("just above", math.nextafter(limit.high, math.inf), False),
                ("NaN", "NaN", False), ("Infinity", "Infinity", False), ("-Infinity", "-Infinity", False)]
    if isinstance(limit, Text):
        out = [("longest", NON_ASCII * limit.high, True), ("too long", NON_ASCII * (limit.high + 1), False)]
        if limit.low >= 1:
            out += [("shortest", NON_ASCII * limit.low, True), ("empty", "", False), ("blank", "   ", False)]
        return out
    if isinstance(limit, Slug):
        return [("longest", "a" * limit.high, True), ("too long", "a" * (limit.high + 1), False),
                ("not a slug", "Back Squat", False)]
    if isinstance(limit, Json):
        assert limit.shape == "object"
        return [("largest", sized_object(limit.max_bytes), True),
                ("too large", sized_object(limit.max_bytes + 1), False), ("an array", [], False)]
    assert isinstance(limit, TextList)
    return [("most items", ["a"] * limit.max_items, True), ("too many", ["a"] * (limit.max_items + 1), False),
            ("longest item", [NON_ASCII * limit.high], True), ("item too long", [NON_ASCII * (limit.high + 1)], False),
            ("empty item", [""] if limit.low >= 1 else [1], False), ("not a string", [1], False),
            ("an object", {}, False)]


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat()


class Writer:
    """Inserts probe rows through the gateway and PostgREST as one signed-in user (or service_role)."""

    def __init__(self, stack: harness.SupabaseStack) -> None:
        self.stack = stack
        self.user_id = stack.create_user(f"limits-{uuid.uuid4().hex[:8]}@test.local", "pw-limits")
        self.user_token = stack.mint_jwt(self.user_id)
        self.session_id = str(uuid.uuid4())
        assert self.post("workout_sessions", {"id": self.session_id, "archetype": "performance", "status": "active",
                                              "started_at": now_iso()}).status_code == 201

    def post(self, table: str, row: dict[str, Any], token: str | None = None) -> httpx.Response:
        return httpx.post(f"{self.stack.api_url}/rest/v1/{table}", json=row,
                          headers={"apikey": self.stack.anon_key, "Authorization": f"Bearer {token or self.user_token}",
                                   "Prefer": "return=minimal"}, timeout=30)

    def exercise(self) -> str:
        """A new custom exercise of this user's: its id."""
        exercise_id = "custom_" + uuid.uuid4().hex
        assert self.post("exercises", {"id": exercise_id, "name": "Probe", "pattern": "squat", "tracking": "reps",
                                       "load_type": "none", "is_custom": True}).status_code == 201
        return exercise_id

    def row(self, table: str, column: str, value: Any) -> dict[str, Any]:
        if table == "exercise_rests":  # one row per exercise: a fresh one, so every probe inserts
            return {"id": self.exercise(), "rest_seconds": 90, column: value}
        base: dict[str, Any] = {
            "workout_sets": {"id": str(uuid.uuid4()), "session_id": self.session_id, "exercise_id": "back_squat",
                             "set_index": 0, "logged_at": now_iso()},
            "workout_sessions": {"id": str(uuid.uuid4()), "archetype": "performance", "status": "active",
                                 "started_at": now_iso()},
            "exercises": {"id": "custom_" + uuid.uuid4().hex, "name": "Probe", "pattern": "squat",
                          "tracking": "reps", "load_type": "none", "is_custom": True},
            "user_configs": {"id": str(uuid.uuid4()), "brain_version": 1},
            "bodyweights": {"id": str(uuid.uuid4()), "weight": 80.0, "measured_at": now_iso()},
        }[table]
        return {**base, column: value}


@pytest.fixture(scope="module")
def writer(supabase_stack) -> Writer:
    return Writer(supabase_stack)


@pytest.mark.stack
@pytest.mark.parametrize("table,column", sorted(LIMITS), ids=[f"{t}.{c}" for t, c in sorted(LIMITS)])
def test_the_server_enforces_each_limit_at_its_edge(writer, table, column):
    limit = LIMITS[(table, column)]
    catalog_slug = (table, column) == ("exercises", "id")   # custom ids have a fixed form: probe a catalog row
    wrong = []
    for what, value, accepted in probes(limit):
        if catalog_slug:
            row = {**writer.row(table, column, value), "is_custom": False}
            r = writer.post(table, row, token=writer.stack.service_role_key)
            if r.status_code == 201:      # the shared catalog must stay as shipped
                writer.stack.psql(f"delete from public.exercises where user_id is null and id = "
                                  f"{harness.sql_literal(value)}")
        else:
            r = writer.post(table, writer.row(table, column, value))
        if accepted and r.status_code != 201:
            wrong.append(f"{what}: refused ({r.status_code} {r.text[:200]})")
        elif not accepted:
            body = r.json() if r.status_code != 201 else {}
            if body.get("code") != "23514" or f"{table}_{column}_check" not in body.get("message", ""):
                wrong.append(f"{what}: expected 23514 from {table}_{column}_check, got {r.status_code} {r.text[:200]}")
    assert not wrong, f"{table}.{column} {limit}:\n  " + "\n  ".join(wrong)


# Columns that hold a value but are bounded otherwise: a fixed set of words, a reference, a key.
NOT_LIMITS = {
    ("exercises", "tracking"), ("exercises", "load_type"),
    ("workout_sessions", "archetype"), ("workout_sessions", "status"), ("workout_sessions", "source"),
    ("workout_sets", "exercise_id"),            # names an exercise: bounded by exercises.id
    ("workout_sets", "set_type"),
    ("exercise_rests", "id"),                   # the exercise's id: bounded by exercises.id (a reference)
}


@pytest.mark.stack
def test_every_stored_value_has_a_limit(supabase_stack):
    """A new text, number or JSON column without an entry in flux_tui/limits.py fails here."""
    rows = json.loads(supabase_stack.psql(
        "select json_agg(json_build_array(table_name, column_name)) from information_schema.columns "
        "where table_schema = 'public' and is_generated = 'NEVER' "
        "and data_type in ('text', 'jsonb', 'integer', 'bigint', 'double precision', 'numeric')"))
    columns = {(t, c) for t, c in rows}
    assert columns - NOT_LIMITS == set(LIMITS), (
        f"no limit: {sorted(columns - NOT_LIMITS - set(LIMITS))}; no such column: {sorted(set(LIMITS) - columns)}")


def test_limits_module_is_pure_data():
    """flux_tui/limits.py imports nothing beyond the standard library (the local store will import it)."""
    source = (harness.ROOT / "flux_tui" / "limits.py").read_text(encoding="utf-8")
    imported = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            imported |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            imported.add((node.module or "").split(".")[0])
    assert imported <= {"__future__", "typing"}, imported
    assert all(limit.reason.strip() for limit in LIMITS.values()), "every limit says why"
