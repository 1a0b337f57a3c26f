"""Runs the pgTAP suite (supabase/tests/database/*.sql) with pg_prove, so it is
part of pytest. `supabase test db` would need Docker; pg_prove is what it runs."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.stack import harness

pytestmark = pytest.mark.stack

ROOT = Path(__file__).resolve().parents[2]
PGTAP_DIR = ROOT / "supabase" / "tests" / "database"


def test_pgtap_suite_passes(stack_pg_prove, fresh_database):
    proc = harness.supabase_cli("migration", "up", "--db-url", fresh_database.url)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    fresh_database.psql(harness.SEED_SQL.read_text())
    fresh_database.psql("create extension if not exists pgtap with schema extensions")
    files = sorted(str(p) for p in PGTAP_DIR.glob("*.sql"))
    assert len(files) >= 4
    proc = subprocess.run(
        [stack_pg_prove, "-h", harness.PG_HOST, "-p", str(harness.PG_PORT), "-U", harness.PG_SUPERUSER,
         "-d", fresh_database.name, "--failures", *files],
        capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert proc.returncode == 0, f"pg_prove failed:\n{proc.stdout}\n{proc.stderr}"
    assert "Result: PASS" in proc.stdout
