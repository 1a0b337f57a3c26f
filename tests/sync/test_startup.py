"""supabase and httpx stay off the start-up path (importing supabase costs 0.3-0.5 s)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("supabase", "httpx", "postgrest", "supabase_auth", "gotrue", "httpcore")
MODULES = ["flux_tui.cli.main", "flux_tui.remote.background", "flux_tui.remote"]
if (ROOT / "flux_tui" / "ui" / "app.py").exists():
    MODULES.insert(0, "flux_tui.ui.app")


@pytest.mark.parametrize("module", MODULES)
def test_start_up_imports_neither_supabase_nor_httpx(module):
    code = (f"import sys, {module}\n"
            f"heavy = sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY!r})\n"
            "print(','.join(heavy))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "", f"{module} imports {done.stdout.strip()}"


def test_building_the_cli_parser_imports_neither():
    code = ("import sys\nfrom flux_tui.cli.main import build_parser\nbuild_parser()\n"
            f"print(','.join(sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY!r})))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == ""
