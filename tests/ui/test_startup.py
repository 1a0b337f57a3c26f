"""Start-up stays cheap: the app's modules pull in no pydantic, supabase, plotext or importers,
not even once the store is open on an existing (seeded) store."""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ("pydantic", "supabase", "plotext", "textual_plotext", "flux_tui.importers", "yaml")


def test_app_modules_import_nothing_heavy(store_path):
    code = f"""
import json, sys
from pathlib import Path
import flux_tui.ui.launch, flux_tui.ui.app, flux_tui.ui.screens.today
from flux_tui.cli.common import open_training
training = open_training()
training.plan()
training.active_session()
print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))
"""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(result.stdout) == []


def test_css_is_found(tmp_path):
    from flux_tui.ui.app import css_path

    assert css_path().name == "app.tcss" and css_path().is_file()
