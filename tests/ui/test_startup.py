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


async def test_start_up_reads_todays_sheet_alone_and_a_screen_brings_its_own(store_path):
    from pathlib import Path

    from flux_tui.ui.app import FluxApp

    def sheets(app) -> set[str]:
        return {Path(path).name for path, _ in app.stylesheet.source if path.endswith(".tcss")}

    app = FluxApp(store_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert sheets(app) == {"app.tcss"}
        await pilot.press("question_mark")       # help: a dialog
        await pilot.pause()
        assert sheets(app) == {"app.tcss", "dialogs.tcss"}
        assert app.screen.query_one(".dialog").styles.border_top[0] == "thick", "the dialog's rules apply"
    app.close_training()


async def test_the_plan_read_while_textual_starts_is_shown_without_reading_it_again(store_path, monkeypatch):
    """`flux-tui` reads Today on the opening thread; the first frame shows that read, and Today
    reads again only when it shows again (back from another screen)."""
    from textual.screen import Screen

    from flux_tui.training import Training
    from flux_tui.ui.app import FluxApp
    from flux_tui.ui.opening import Opening
    from tests.ui.conftest import screen_text, settle

    reads = []
    real_today = Training.today
    monkeypatch.setattr(Training, "today", lambda self, *a, **k: reads.append(1) or real_today(self, *a, **k))
    opening = Opening(store_path).start()
    opening.result()            # done before the app starts, as on an ordinary start
    assert len(reads) == 1
    app = FluxApp(opening=opening)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert "Last session" in screen_text(app) and "Opening your log" not in screen_text(app)
        assert len(reads) == 1, "Today read its plan again on its first showing"
        app.push_screen(Screen())
        await pilot.pause()
        app.pop_screen()
        await settle(app, pilot)
        assert len(reads) == 2, "back on Today, the plan is read again"
    app.close_training()


async def test_the_collector_paused_for_start_up_resumes_once_today_is_drawn(store_path):
    """`flux-tui` pauses the garbage collector while it starts (ui/launch.py); a paused collector
    that never resumed would let every cycle the app makes afterwards pile up."""
    import gc

    from flux_tui.ui.app import FluxApp

    app = FluxApp(store_path)
    gc.disable()
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            assert gc.isenabled()
            assert gc.get_freeze_count() > 0, "what start-up built is left out of later passes"
    finally:
        gc.enable()
        gc.unfreeze()
        app.close_training()
