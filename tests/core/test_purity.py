"""The core stays pure: no UI, network or database imports, no I/O, no clock, no pydantic at start-up."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from flux_tui.brain.models import brain_to_dict, catalog_to_list

ROOT = Path(__file__).resolve().parents[2]
CORE = [ROOT / "flux_tui" / "brain", ROOT / "flux_tui" / "engine"]
FORBIDDEN_MODULES = ("textual", "supabase", "sqlite3", "httpx")


def run_python(code: str, stdin: str = "") -> str:
    done = subprocess.run(
        [sys.executable, "-c", code], input=stdin, capture_output=True, text=True, cwd=ROOT, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_core_modules_import_no_shell_libraries():
    code = """
import importlib, json, pkgutil, sys
import flux_tui.brain, flux_tui.engine
names = []
for package in (flux_tui.brain, flux_tui.engine):
    for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        importlib.import_module(info.name)
        names.append(info.name)
print(json.dumps({"imported": names, "loaded": sorted(sys.modules)}))
"""
    result = json.loads(run_python(code))
    assert "flux_tui.brain.validate" in result["imported"]
    assert "flux_tui.engine.fold" in result["imported"]
    loaded = result["loaded"]
    bad = [m for m in loaded if m.split(".")[0] in FORBIDDEN_MODULES]
    assert bad == []
    assert "pydantic" not in loaded  # even validate.py imports it only when checking


def test_start_up_path_does_not_import_pydantic(brain, catalog):
    code = """
import json, sys
from datetime import datetime, timezone
from flux_tui.brain.models import brain_from_dict, catalog_from_list
from flux_tui.engine import initial_state, recommend
data = json.load(sys.stdin)
brain, catalog = brain_from_dict(data["brain"]), catalog_from_list(data["catalog"])
plan = recommend(brain, catalog, initial_state(brain), datetime(2026, 1, 1, tzinfo=timezone.utc))
print(json.dumps({"anchor": plan.anchor_pattern, "pydantic": [m for m in sys.modules if m.startswith("pydantic")], "yaml": "yaml" in sys.modules}))
"""
    stdin = json.dumps({"brain": brain_to_dict(brain), "catalog": catalog_to_list(catalog)})
    result = json.loads(run_python(code, stdin))
    assert result == {"anchor": "squat", "pydantic": [], "yaml": False}


def test_core_source_does_no_io_and_reads_no_clock():
    pattern = re.compile(r"\bopen\(|datetime\.now|datetime\.utcnow|date\.today|time\.time|time\.monotonic|\bPath\(")
    offenders = []
    sources = [p for d in CORE for p in sorted(d.rglob("*.py"))]
    assert len(sources) >= 10
    for path in sources:
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if pattern.search(line):
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert offenders == []
