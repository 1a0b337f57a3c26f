"""The migrations through the real Supabase CLI (npm supabase@2.117.0), against
throwaway databases on the local PostgreSQL with `--db-url` (no Docker)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

from tests.stack import harness

pytestmark = pytest.mark.stack

ROOT = Path(__file__).resolve().parents[2]
MIGRATIONS = sorted(p.name for p in (ROOT / "supabase" / "migrations").glob("*.sql"))
VERSIONS = [m.split("_", 1)[0] for m in MIGRATIONS]
CATALOG_SIZE = len(yaml.safe_load((ROOT / "flux_tui" / "data" / "catalog.yaml").read_text()))


def cli(*args: str, workdir: Path | None = None) -> str:
    if workdir is None:
        proc = harness.supabase_cli(*args)
    else:
        proc = harness.supabase_cli(*args, "--workdir", str(workdir))  # the last --workdir wins
    assert proc.returncode == 0, f"supabase {' '.join(args)} exited {proc.returncode}:\n{proc.stdout}\n{proc.stderr}"
    return proc.stdout + proc.stderr


def applied(db: harness.TempDatabase) -> list[str]:
    return db.psql("select version from supabase_migrations.schema_migrations order by version").split()


def test_migration_file_names():
    assert MIGRATIONS, "no migrations"
    for name in MIGRATIONS:
        assert re.fullmatch(r"\d{14}_[a-z0-9_]+\.sql", name), name


def test_migration_up_and_list(fresh_database):
    cli("migration", "up", "--db-url", fresh_database.url)
    assert applied(fresh_database) == VERSIONS
    out = cli("migration", "list", "--db-url", fresh_database.url)
    for v in VERSIONS:
        row = next(line for line in out.splitlines() if v in line)
        assert row.count(v) == 2, f"{v} should be both local and remote: {row!r}"
    # a second `up` has nothing to do
    assert "up to date" in cli("migration", "up", "--db-url", fresh_database.url)


def test_db_push_with_seed_is_idempotent(fresh_database):
    cli("db", "push", "--db-url", fresh_database.url, "--include-seed", "--yes")
    assert applied(fresh_database) == VERSIONS
    assert int(fresh_database.psql("select count(*) from public.exercises where user_id is null")) == CATALOG_SIZE
    assert "supabase/seed.sql" in fresh_database.psql("select path from supabase_migrations.seed_files")
    out = cli("db", "push", "--db-url", fresh_database.url, "--yes")
    assert "up to date" in out.lower()


def test_db_reset_rebuilds_from_migrations_and_seed(fresh_database):
    cli("migration", "up", "--db-url", fresh_database.url)
    fresh_database.psql(
        "insert into auth.users (id, email) values ('cccccccc-cccc-4ccc-8ccc-cccccccccccc', 'c@test.local');"
        "insert into public.workout_sessions (id, user_id, archetype, status, started_at) values "
        "(gen_random_uuid(), 'cccccccc-cccc-4ccc-8ccc-cccccccccccc', 'performance', 'active', now());"
        "create table public.stray (id int primary key);")
    cli("db", "reset", "--db-url", fresh_database.url, "--yes")
    assert applied(fresh_database) == VERSIONS
    assert int(fresh_database.psql("select count(*) from public.workout_sessions")) == 0
    assert int(fresh_database.psql("select count(*) from public.exercises")) == CATALOG_SIZE
    assert fresh_database.psql("select to_regclass('public.stray')").strip() == ""
    # the emulated Supabase environment (owned by supabase_admin) survives the reset
    assert fresh_database.psql("select to_regprocedure('auth.uid()')").strip() == "auth.uid()"


def test_failed_and_empty_migrations_are_repaired(fresh_database, tmp_path):
    """The README's workflow: a failed migration is fixed and re-run; an empty
    one that was applied is un-recorded with `migration repair --status reverted`."""
    work = tmp_path / "project"
    (work / "supabase").mkdir(parents=True)
    shutil.copy(ROOT / "supabase" / "config.toml", work / "supabase")
    shutil.copy(ROOT / "supabase" / "seed.sql", work / "supabase")
    shutil.copytree(ROOT / "supabase" / "migrations", work / "supabase" / "migrations")
    url = fresh_database.url

    cli("migration", "new", "broken_step", workdir=work)
    created = next((work / "supabase" / "migrations").glob("*_broken_step.sql"))
    # newest of all (a committed migration may carry a timestamp ahead of the clock)
    version = str(max(int(created.name.split("_", 1)[0]), *(int(v) + 1 for v in VERSIONS)))
    broken = created.with_name(f"{version}_broken_step.sql")
    created.rename(broken)
    broken.write_text("alter table public.workout_sets add column oops int not null default 'x';\n")
    proc = harness.supabase_cli("migration", "up", "--db-url", url, "--workdir", str(work))
    assert proc.returncode != 0, "a failing migration must fail `migration up`"
    assert version not in applied(fresh_database), "a failed migration is not recorded"
    assert applied(fresh_database) == VERSIONS, "the good migrations before it are applied"

    broken.write_text("")          # left empty (e.g. created and forgotten), then applied
    cli("migration", "up", "--db-url", url, workdir=work)
    assert version in applied(fresh_database)
    cli("migration", "repair", "--status", "reverted", version, "--db-url", url, workdir=work)
    assert version not in applied(fresh_database)
    broken.unlink()
    out = cli("migration", "list", "--db-url", url, workdir=work)
    assert version not in out


def _advisor_findings(url: str) -> list[dict]:
    proc = harness.supabase_cli("db", "advisors", "--db-url", url, "--type", "all", "--level", "info",
                                "--output-format", "json")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    out = proc.stdout.strip()
    if not out:
        return []
    data = json.loads(out)
    return data.get("results", []) if isinstance(data, dict) else data


def test_advisors_report_nothing_at_warn_or_error(supabase_stack):
    findings = _advisor_findings(supabase_stack.db_url)
    bad = [f for f in findings if f.get("level") in ("WARN", "ERROR")]
    assert not bad, json.dumps(bad, indent=2)
    # INFO level too: every foreign key has a covering index, RLS tables have policies
    info = [f for f in findings if f.get("name") in ("unindexed_foreign_keys", "rls_enabled_no_policy")]
    assert not info, json.dumps(info, indent=2)
    proc = harness.supabase_cli("db", "advisors", "--db-url", supabase_stack.db_url, "--type", "all",
                                "--fail-on", "warn")
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_advisors_do_catch_problems(fresh_database):
    """The check above can fail: a table without RLS and a per-row auth.uid() policy are reported."""
    cli("migration", "up", "--db-url", fresh_database.url)
    fresh_database.psql(
        "create table public.no_rls (id int primary key); grant select on public.no_rls to anon, authenticated;"
        "create table public.slow (id int primary key, user_id uuid);"
        "alter table public.slow enable row level security;"
        "create policy slow_select on public.slow for select to authenticated using (auth.uid() = user_id);")
    levels = {(f["name"], f["level"]) for f in _advisor_findings(fresh_database.url)}
    assert ("rls_disabled_in_public", "ERROR") in levels
    assert ("auth_rls_initplan", "WARN") in levels
    proc = harness.supabase_cli("db", "advisors", "--db-url", fresh_database.url, "--type", "all",
                                "--fail-on", "warn")
    assert proc.returncode != 0


def test_db_lint_is_clean(supabase_stack):
    if not Path(f"/usr/share/postgresql/{harness.PG_MAJOR}/extension/plpgsql_check.control").exists():
        harness.unavailable(f"plpgsql_check (apt-get install postgresql-{harness.PG_MAJOR}-plpgsql-check)")
    proc = harness.supabase_cli("db", "lint", "--db-url", supabase_stack.db_url, "--level", "warning",
                                "--fail-on", "warning")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "No schema errors found" in proc.stdout + proc.stderr
