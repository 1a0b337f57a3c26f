"""`flux-tui` with no command: open the app on the user's store.

The store is opened on a thread started before Textual is imported (see
`flux_tui.ui.opening`), so Today's first frame can show the plan; on the very
first run the store is seeded by a worker once the first frame is up.
"""

from __future__ import annotations

import gc
import os


def run_app() -> int:
    # Until Today is drawn (FluxApp.on_ready) the collector is paused: start-up builds some fifty
    # thousand objects that live as long as the app (modules, Textual's screen, the plan); the ~120
    # passes it ran freed a few hundred objects and cost about a tenth of a bare Textual start
    # (docs/performance.md, "Start-up to 1.3× again").
    gc.disable()
    from flux_tui.config import load_preferences
    from flux_tui.settings import store_path
    from flux_tui.ui.opening import Opening

    preferences = load_preferences()
    opening = Opening(store_path(), sync_configured=bool(os.environ.get("SUPABASE_URL")),
                      default_unit=preferences.units).start()

    from flux_tui.ui.app import FluxApp

    app = FluxApp(opening=opening, preferences=preferences)
    try:
        app.run()
        app.final_sync()
    finally:
        app.close_training()
        opening.close_unclaimed()
    return app.return_code or 0
