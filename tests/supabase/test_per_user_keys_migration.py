"""20261202010000_per_user_keys_and_limits.sql on a database that already holds rows under the old,
global keys (the two earlier migrations applied first, by the real CLI): every row is kept as it was,
and afterwards another user may use the same ids."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.stack import harness

pytestmark = pytest.mark.stack

ROOT = Path(__file__).resolve().parents[2]
MIGRATIONS = sorted((ROOT / "supabase" / "migrations").glob("*.sql"))
KEYS = next(p for p in MIGRATIONS if p.name.endswith("_per_user_keys_and_limits.sql"))
A, B = "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa", "bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb"
TABLES = ("user_configs", "exercises", "workout_sessions", "workout_sets")

OLD_ROWS = f"""
insert into auth.users (id, email) values ('{A}', 'a@test.local'), ('{B}', 'b@test.local');
insert into public.exercises (id, name, pattern, tracking, load_type) values ('back_squat', 'Back Squat', 'squat', 'weight_reps', 'barbell');
insert into public.exercises (id, user_id, name, pattern, tracking, load_type, is_custom, aliases)
    values ('custom_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', '{A}', 'Zercher', 'squat', 'weight_reps', 'barbell', true, '["Z"]');
insert into public.user_configs (id, user_id, brain_version, state) values ('10000000-0000-4000-8000-000000000001', '{A}', 1, '{{"w": 2}}');
insert into public.workout_sessions (id, user_id, archetype, status, started_at, notes, source)
    values ('20000000-0000-4000-8000-000000000002', '{A}', 'performance', 'completed', '2026-02-01', 'imported', 'fitnotes');
insert into public.workout_sets (id, user_id, session_id, exercise_id, set_index, weight, reps, metadata, deleted_at) values
    ('30000000-0000-4000-8000-000000000003', '{A}', '20000000-0000-4000-8000-000000000002', 'back_squat', 0, 100, 5, '{{"note": "ok"}}', null),
    ('30000000-0000-4000-8000-000000000004', '{A}', '20000000-0000-4000-8000-000000000002', 'custom_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 1, 60, 8, '{{}}', '2026-02-02');
"""


def project_with(tmp_path: Path, migrations: list[Path]) -> Path:
    work = tmp_path / "project"
    (work / "supabase" / "migrations").mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "supabase" / "config.toml", work / "supabase")
    for m in migrations:
        shutil.copy(m, work / "supabase" / "migrations")
    return work


def up(db: harness.TempDatabase, work: Path) -> subprocess.CompletedProcess:
    return harness.supabase_cli("migration", "up", "--db-url", db.url, "--workdir", str(work))


def snapshot(db: harness.TempDatabase) -> dict[str, list[dict]]:
    """Every row of the four tables, without the new server-only generated columns."""
    out = {}
    for t in TABLES:
        out[t] = json.loads(db.psql(
            f"select coalesce(json_agg(to_jsonb(r) - 'owner_id' - 'exercise_owner_id' order by r.id), '[]') "
            f"from public.{t} r"))
    return out


def test_existing_rows_move_to_per_user_keys_unchanged(fresh_database, tmp_path):
    older = [m for m in MIGRATIONS if m.name < KEYS.name]
    work = project_with(tmp_path, older)
    proc = up(fresh_database, work)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    fresh_database.psql(OLD_ROWS)
    before = snapshot(fresh_database)
    assert sum(len(rows) for rows in before.values()) == 6

    shutil.copy(KEYS, work / "supabase" / "migrations")
    proc = up(fresh_database, work)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert snapshot(fresh_database) == before, "the migration changed a row"
    owners = fresh_database.psql(
        "select string_agg(id || '=' || owner_id::text, ' ' order by id) from public.exercises").strip()
    assert owners == (f"back_squat=00000000-0000-0000-0000-000000000000 custom_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa={A}")
    assert fresh_database.psql(
        "select string_agg(exercise_owner_id::text, ' ' order by set_index) from public.workout_sets").strip() == \
        f"00000000-0000-0000-0000-000000000000 {A}"

    # B may now hold rows under A's ids (an import of the same file)
    fresh_database.psql(
        f"insert into public.workout_sessions (id, user_id, archetype, status, started_at) "
        f"values ('20000000-0000-4000-8000-000000000002', '{B}', 'performance', 'completed', '2026-02-01');"
        f"insert into public.workout_sets (id, user_id, session_id, exercise_id, set_index) "
        f"values ('30000000-0000-4000-8000-000000000003', '{B}', '20000000-0000-4000-8000-000000000002', 'back_squat', 0)")
    # ... but a set of B cannot name A's custom exercise, nor can A's exercise go while a set uses it
    for sql in (f"insert into public.workout_sets (id, user_id, session_id, exercise_id, set_index) values "
                f"(gen_random_uuid(), '{B}', '20000000-0000-4000-8000-000000000002', "
                f"'custom_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 1)",
                "delete from public.exercises where id = 'custom_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'"):
        with pytest.raises(harness.PsqlError) as refused:
            fresh_database.psql(sql)
        assert refused.value.sqlstate == "23503"


def test_a_stored_value_past_a_new_limit_stops_the_migration_and_names_it(fresh_database, tmp_path):
    """The README's promise: the migration fails whole, naming the constraint, and nothing is recorded."""
    work = project_with(tmp_path, [m for m in MIGRATIONS if m.name < KEYS.name])
    assert up(fresh_database, work).returncode == 0
    fresh_database.psql(OLD_ROWS + "update public.workout_sets set weight = 'Infinity' where set_index = 0;")
    shutil.copy(KEYS, work / "supabase" / "migrations")
    proc = up(fresh_database, work)
    assert proc.returncode != 0
    assert "workout_sets_weight_check" in proc.stdout + proc.stderr
    assert KEYS.name.split("_", 1)[0] not in fresh_database.psql(
        "select version from supabase_migrations.schema_migrations")
    assert fresh_database.psql("select count(*) from public.workout_sets where weight = 'Infinity'").strip() == "1"
