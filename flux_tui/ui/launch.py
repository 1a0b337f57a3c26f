"""`flux-tui` with no command: open the app on the user's store.

Cheap on purpose: Textual and the app's own modules only. The store is opened
(and seeded on the very first run) in a worker once the first frame is up.
"""

from __future__ import annotations


def run_app() -> int:
    from flux_tui.ui.app import FluxApp

    app = FluxApp()
    try:
        app.run()
    finally:
        app.close_training()
    return app.return_code or 0
