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


def graphql_exposed(db_psql, role: str) -> set[str]:
    """What splinter's pg_graphql lints (0026 anon, 0027 authenticated) report once pg_graphql is
    installed: every table, view or foreign table outside Supabase's own schemas of which `role` may
    SELECT any column (pg_graphql's introspection shows exactly those, RLS or not)."""
    out = db_psql(
        "select coalesce(string_agg(n.nspname || '.' || c.relname, ' '), '') from pg_class c "
        "join pg_namespace n on n.oid = c.relnamespace "
        "where c.relkind in ('r', 'p', 'v', 'm', 'f') "
        "and n.nspname not in ('pg_catalog', 'information_schema', 'auth', 'extensions', 'graphql', "
        "'graphql_public', 'storage', 'realtime', 'vault', 'pgsodium', 'supabase_migrations', 'supabase_functions') "
        "and n.nspname not like 'pg_toast%' and n.nspname not like 'pg_temp%' "
        "and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped "
        f"and has_column_privilege('{role}', c.oid, a.attnum, 'SELECT'))")
    return set(out.split())


def test_graphql_exposure_is_what_the_readme_says(supabase_stack):
    """pg_graphql cannot be installed here (Supabase's Rust/pgrx extension: no Debian or npm package ships
    it, and PyPI's `pg-graphql` is an unrelated 2019 project), and the pinned CLI's linter predates
    splinter's pg_graphql lints. So this EMULATES what
    those lints inspect, taking the extension as installed (it is, on hosted projects): anon sees
    nothing (0026 clean); authenticated sees the five tables the app reads through the Data API (0027
    warns; supabase/README.md says how to handle it on a hosted project). A new table or a grant to
    anon changes these sets and fails here."""
    assert graphql_exposed(supabase_stack.psql, "anon") == set()
    assert graphql_exposed(supabase_stack.psql, "authenticated") == {
        "public.user_configs", "public.exercises", "public.workout_sessions", "public.workout_sets",
        "public.bodyweights", "public.exercise_rests"}
    # splinter 0028/0029: no SECURITY DEFINER function an API role may execute
    assert supabase_stack.psql(
        "select count(*) from pg_proc p where p.pronamespace = 'public'::regnamespace and p.prosecdef "
        "and (has_function_privilege('anon', p.oid, 'EXECUTE') "
        "or has_function_privilege('authenticated', p.oid, 'EXECUTE'))").strip() == "0"


def test_graphql_exposure_check_sees_a_grant_to_anon(fresh_database):
    cli("migration", "up", "--db-url", fresh_database.url)
    fresh_database.psql("grant select (id) on public.workout_sessions to anon")
    assert graphql_exposed(fresh_database.psql, "anon") == {"public.workout_sessions"}


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
