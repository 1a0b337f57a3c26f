"""Runs the pgTAP suite (supabase/tests/database/*.sql) with pg_prove, so it is
part of pytest. `supabase test db` would need Docker; pg_prove is what it runs."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from tests.stack import harness

pytestmark = pytest.mark.stack

ROOT = Path(__file__).resolve().parents[2]
PGTAP_DIR = ROOT / "supabase" / "tests" / "database"


def prepare(db: harness.TempDatabase) -> None:
    proc = harness.supabase_cli("migration", "up", "--db-url", db.url)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    db.psql(harness.SEED_SQL.read_text())
    db.psql("create extension if not exists pgtap with schema extensions")


def pg_prove(binary: str, db: harness.TempDatabase) -> subprocess.CompletedProcess:
    files = sorted(str(p) for p in PGTAP_DIR.glob("*.sql"))
    assert len(files) >= 7
    return subprocess.run(
        [binary, "-h", harness.PG_HOST, "-p", str(harness.PG_PORT), "-U", harness.PG_SUPERUSER,
         "-d", db.name, "--failures", *files],
        capture_output=True, text=True, timeout=120, cwd=ROOT)


def test_pgtap_suite_passes(stack_pg_prove, fresh_database):
    prepare(fresh_database)
    proc = pg_prove(stack_pg_prove, fresh_database)
    assert proc.returncode == 0, f"pg_prove failed:\n{proc.stdout}\n{proc.stderr}"
    assert "Result: PASS" in proc.stdout


def policies(db: harness.TempDatabase) -> list[list[str | None]]:
    return json.loads(db.psql(
        "select json_agg(json_build_array(tablename, policyname, qual, with_check) order by tablename, policyname) "
        "from pg_policies where schemaname = 'public'"))


def test_pgtap_suite_fails_when_any_policy_is_loosened(stack_pg_prove, fresh_database):
    """The suite can fail: each policy's USING and WITH CHECK, replaced in turn by `true` on this
    throwaway database, must make pg_prove fail; each is restored before the next."""
    prepare(fresh_database)
    original = policies(fresh_database)
    assert len(original) == 24, "one policy per table and action"
    survived, caught = [], {}
    for table, name, qual, check in original:
        for clause, expression in (("using", qual), ("with check", check)):
            if expression is None:
                continue
            fresh_database.psql(f"alter policy {name} on public.{table} {clause} (true)")
            try:
                proc = pg_prove(stack_pg_prove, fresh_database)
            finally:
                fresh_database.psql(f"alter policy {name} on public.{table} {clause} ({expression})")
            mutant = f"{name} {clause} (true)"
            if proc.returncode == 0:
                survived.append(mutant)
            else:
                caught[mutant] = re.findall(r"^\S*?(\d+_\w+\.sql)\s+\(Wstat: .*Failed: (\d+)\)", proc.stdout, re.M)
    assert not survived, f"pg_prove still passes with these loosened policies: {survived}"
    assert len(caught) == 30     # 6 tables x (select, insert, delete: one clause; update: two)
    for mutant, files in caught.items():     # shown with -s: which file caught what
        print(f"{mutant}: " + ", ".join(f"{name} {n + ' failed' if n != '0' else 'aborted by an error'}"
                                        for name, n in files))
    assert policies(fresh_database) == original
    assert pg_prove(stack_pg_prove, fresh_database).returncode == 0, "restored policies pass again"
