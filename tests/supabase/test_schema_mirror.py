"""The PostgreSQL schema mirrors the local SQLite store column for column,
so sync maps rows 1:1 (every migration in flux_tui/store/migrations applied)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LOCAL_MIGRATIONS = sorted((ROOT / "flux_tui" / "store" / "migrations").glob("[0-9][0-9][0-9][0-9]_*.sql"))
SYNCED = ("user_configs", "exercises", "workout_sessions", "workout_sets", "bodyweights", "exercise_rests")
# Server-only key columns, generated from synced ones and never sent (supabase/README.md, "Keys"):
# the local store holds one user, so it needs no owner in its keys.
SERVER_GENERATED = {("exercises", "owner_id"), ("workout_sets", "exercise_owner_id"),
                    ("exercise_rests", "exercise_owner_id")}


def local_columns() -> dict[str, dict[str, tuple[str, bool]]]:
    db = sqlite3.connect(":memory:")
    for migration in LOCAL_MIGRATIONS:  # the store as every migration leaves it
        db.executescript(migration.read_text(encoding="utf-8"))
    out = {}
    for t in SYNCED:
        out[t] = {r[1]: (r[2].upper(), bool(r[3])) for r in db.execute(f"pragma table_info({t})")}
    return out


def pg_type_for(table: str, column: str, sqlite_type: str) -> set[str]:
    if column in ("created_at", "updated_at", "deleted_at", "started_at", "completed_at", "logged_at", "measured_at"):
        return {"timestamp with time zone"}
    if column in ("logic", "selections", "sessions", "conditioning", "state", "plan", "metadata", "aliases",
                  "exercise_notes", "primary_muscles", "secondary_muscles"):
        return {"jsonb"}
    if column in ("is_custom", "is_warmup"):
        return {"boolean"}
    if column in ("id", "session_id", "user_id"):
        return {"text"} if (table in ("exercises", "exercise_rests") and column == "id") else {"uuid"}
    return {"TEXT": {"text"}, "INTEGER": {"integer", "bigint"}, "REAL": {"double precision"}}[sqlite_type]


@pytest.mark.stack
def test_every_local_column_exists_in_postgres_with_a_matching_type(supabase_stack):
    rows = json.loads(supabase_stack.psql(
        "select json_agg(json_build_array(table_name, column_name, data_type, is_nullable, is_generated)) "
        "from information_schema.columns where table_schema = 'public'"))
    pg: dict[str, dict[str, tuple[str, bool]]] = {}
    generated = set()
    for table, column, data_type, nullable, is_generated in rows:
        if is_generated == "ALWAYS":
            generated.add((table, column))
        else:
            pg.setdefault(table, {})[column] = (data_type, nullable == "YES")
    assert generated == SERVER_GENERATED, "server-only generated columns changed: add them here on purpose"
    local = local_columns()
    for table in SYNCED:
        assert set(pg[table]) == set(local[table]), (
            f"{table}: only in PostgreSQL {set(pg[table]) - set(local[table])}, "
            f"only local {set(local[table]) - set(pg[table])}")
        for column, (sqlite_type, _) in local[table].items():
            assert pg[table][column][0] in pg_type_for(table, column, sqlite_type), (table, column)


def test_local_store_has_the_synced_tables():
    assert set(local_columns()) == set(SYNCED)


def test_local_store_has_every_migrations_columns():
    # Columns added by a later local migration are mirrored too (the check above compares them all).
    assert {"primary_muscles", "secondary_muscles", "ratio"} <= set(local_columns()["exercises"])
