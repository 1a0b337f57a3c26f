"""Heavy modules stay off the start-up path: importing the app and the command line (and building the
parser, as every `flux-tui` run does) pulls in none of them. Each check is a fresh interpreter."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("supabase", "httpx", "httpcore", "postgrest", "plotext", "textual_plotext", "pydantic", "pydantic_core",
         "annotated_types", "yaml", "dotenv", "flux_tui.importers", "flux_tui.remote")
# Never on the start-up path; `flux-tui plan` may import the core (engine, store) but not these either.
STEPS = {
    "the app": "import flux_tui.ui.app, flux_tui.ui.launch, flux_tui.ui.screens.today",
    "the command line": "import flux_tui.cli.main as m; m.build_parser()",
    "the app's opening thread": "import flux_tui.ui.opening",
}


def loaded(code: str) -> list[str]:
    probe = f"import json, sys\n{code}\nprint(json.dumps(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.mark.parametrize("what", list(STEPS))
def test_no_heavy_module_on_the_start_up_path(what):
    modules = loaded(STEPS[what])
    heavy = sorted(m for m in modules if any(m == h or m.startswith(h + ".") for h in HEAVY))
    assert heavy == [], f"{what} imports {heavy}"


def test_help_imports_neither_the_store_nor_the_engine():
    """`flux-tui --help` is the baseline `flux-tui plan` is measured against: it must stay argparse-cheap."""
    modules = loaded("import flux_tui.cli.main as m; m.build_parser()")
    assert not [m for m in modules if m.startswith(("flux_tui.store.repo", "flux_tui.engine", "sqlite3"))]


def test_a_command_builds_only_its_own_parser():
    modules = loaded("import flux_tui.cli.main as m; m.build_parser(only='plan')")
    commands = sorted(m for m in modules if m.startswith("flux_tui.cli.") and m not in
                      ("flux_tui.cli.main", "flux_tui.cli.errors", "flux_tui.cli.common"))
    assert commands == ["flux_tui.cli.plan"]
