"""`flux-tui` opens the user's store while Textual is still being imported.

`run_app` imports the core (engine, store) itself, then starts this thread and
only then imports Textual: opening the store and reading today's plan and last
session overlap Textual's import, so Today's first frame already shows the plan
(one frame instead of a placeholder and a second full repaint).

Nothing ever waits for it: if the thread is not done when Today mounts, Today
shows its placeholder and fills in when the app's opening worker hands over the
store, as before. The thread imports nothing (everything it runs is imported by
this module, on the main thread), and a store that needs seeding (the very first
run: the Brain is validated with pydantic) is seeded by that worker, after the
first frame.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

from flux_tui.timefmt import utc_now
from flux_tui.training import Today, Training


class Opening:
    def __init__(self, path: Path, sync_configured: bool = False, default_unit: str = "kg") -> None:
        self.path = path
        self.sync_configured = sync_configured
        self.default_unit = default_unit
        self.training: Training | None = None
        self.today: Today | None = None
        self.error: BaseException | None = None
        self.seconds = 0.0
        self._claimed = False
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, name="flux-open", daemon=True)

    def start(self) -> "Opening":
        self._thread.start()
        return self

    def _run(self) -> None:
        began = time.perf_counter()
        training = None
        try:
            training = Training.open(self.path, seed_if_empty=False, default_unit=self.default_unit)
            if training.seeded():
                self.today = training.today(utc_now(), self.sync_configured)
            self.training = training
        except BaseException as exc:  # noqa: BLE001 — handed to the app's worker, which shows it
            self.error = exc
            if training is not None:
                training.close()
        finally:
            self.seconds = time.perf_counter() - began
            self._done.set()

    def done(self) -> bool:
        return self._done.is_set()

    def result(self) -> Training:
        """The open store (seeded now if it was empty), for the app's opening worker; raises what failed."""
        self._done.wait()
        if self.error is not None:
            raise self.error
        assert self.training is not None
        self._claimed = True
        if not self.training.seeded():
            self.training.seed()
        return self.training

    def claim(self) -> Training:
        """The open store, once done (the app takes it as Today's first frame is built)."""
        assert self.done() and self.training is not None
        self._claimed = True
        return self.training

    def close_unclaimed(self) -> None:
        """After the app has returned: close the store if the app never took it (quit before it was handed over)."""
        self._done.wait()
        if self.training is not None and not self._claimed:
            self.training.close()
