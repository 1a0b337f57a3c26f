"""The app: one factory (`FluxApp`) used by `flux-tui`, the Pilot tests and the snapshots.

Screens do their store calls in thread workers (`@work(thread=True, exit_on_error=False,
name=...)`) and do not catch what those raise: `worker_failed` below (reached through
`ui/workers.ReportsFailedWorkers`) turns any failed worker into one notification, titled
by the worker's name ("Could not start the session"), and calls the screen's
`worker_failed(worker)` hook so it can clear its loading state.
"""

from __future__ import annotations

import gc
import os
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from textual import work
from textual.app import App
from textual.reactive import reactive
from textual.worker import Worker, WorkerState

from flux_tui.ui import bindings, css
from flux_tui.ui.commands import FluxCommands
from flux_tui.ui.messages import DataChanged, LocalChange, TrainingFailed, TrainingReady
from flux_tui.timefmt import utc_now
from flux_tui.ui.timing import Clock, SystemClock

QUIT_SYNC_SECONDS = 3.0  # the longest quitting waits for a last push (docs/sync.md, "The app")

if TYPE_CHECKING:
    from flux_tui.config import Preferences
    from flux_tui.remote.background import SyncStatus
    from flux_tui.training import Today, Training
    from flux_tui.ui.opening import Opening


def describe(exc: BaseException) -> str:
    """One line for the user: a StoreError is already phrased; anything else is named as unexpected."""
    from flux_tui.errors import StoreError

    if isinstance(exc, StoreError):
        text = str(exc)
    else:
        text = f"unexpected error: {type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    return text if len(text) < 300 else text[:297] + "..."


class FluxApp(App):
    """FLUX TUI. `training`: a callable returning a Training, or a store path (None: the user's store)."""

    CSS_PATH = css.APP
    TITLE = "FLUX"
    BINDINGS = bindings.GLOBAL
    COMMANDS = App.COMMANDS | {FluxCommands}
    ENABLE_COMMAND_PALETTE = True

    # Where data goes: the sync layer sets these; the Today screen shows them.
    data_destination: reactive[str] = reactive("local only")
    pending_changes: reactive[int | None] = reactive(None)  # shown only when sync is configured

    def __init__(self, training: "Callable[[], Training] | Path | str | None" = None,
                 clock: Clock | None = None, opening: "Opening | None" = None,
                 preferences: "Preferences | None" = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._started = time.perf_counter()
        if preferences is None:
            from flux_tui.config import load_preferences

            preferences = load_preferences()
        self.preferences = preferences
        # `opening`: the store already being opened on a thread (flux-tui; see flux_tui.ui.opening).
        self._opening = opening
        self._factory = opening.result if opening is not None else self._make_factory(training)
        self.clock: Clock = clock or SystemClock()
        self.training: Training | None = None
        self.syncer: Any = None  # flux_tui.remote.background.BackgroundSync, once sync starts
        self._retry: Any = None  # the timer of the next attempt after a failed sync
        self.sync_status: SyncStatus | None = None  # the last one shown (the details screen's)
        self.sync_configured = bool(os.environ.get("SUPABASE_URL"))
        if preferences.theme:
            self.theme = preferences.theme
        if preferences.keymap:
            self.set_keymap(preferences.keymap)

    def _make_factory(self, training: Any) -> "Callable[[], Training]":
        if callable(training):
            return training
        if training is None:
            from flux_tui.settings import store_path

            path = None
        else:
            path = Path(training)
        unit = self.preferences.units

        def open_store() -> "Training":
            from flux_tui.training import Training

            return Training.open(path if path is not None else store_path(), default_unit=unit)

        return open_store

    def prefetched_today(self) -> "Today | None":
        """Today's data if the opening thread has already read it (Today's first frame can show it)."""
        opening, self._opening = self._opening, None
        if opening is not None and opening.done() and opening.error is None and opening.today is not None:
            self.training = opening.claim()  # open and seeded: s and h work from the first frame
            return opening.today
        return None

    def get_default_screen(self):
        from flux_tui.ui.screens.today import TodayScreen

        return TodayScreen()

    def on_ready(self) -> None:
        # The first frame is up: only now open the store, so its imports and I/O never delay it.
        self.log.info(f"first frame after {(time.perf_counter() - self._started) * 1000:.0f} ms")
        if not gc.isenabled():  # paused by `flux-tui` while it started (ui/launch.py)
            gc.freeze()         # what start-up built lives as long as the app: later passes skip it
            gc.enable()
        for problem in self.preferences.problems:
            self.notify(problem, title="Settings file ignored", severity="warning", timeout=15)
        for problem in bindings.keymap_problems(self.preferences.keymap, self.preferences.keymap_where):
            self.notify(problem, title="Key not remapped", severity="warning", timeout=15)
        self.open_training()

    @work(thread=True, exclusive=True, exit_on_error=False, group="open")
    def open_training(self) -> None:
        """Open (and on first run seed) the store off the UI thread: the frame shows first."""
        began = time.perf_counter()
        try:
            training = self._factory()
            training.catalog  # read the Brain, catalog and state once, here, not on a later screen
            active = training.active_session()
        except Exception as exc:  # noqa: BLE001 — the one failure Today shows in place, not as a notification
            self.post_message(TrainingFailed(describe(exc)))
            return
        self.post_message(TrainingReady(training, active[0] if active else None, time.perf_counter() - began))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:  # the app's own workers (sync); screens': ReportsFailedWorkers
            self.worker_failed(event.worker)

    def worker_failed(self, worker: Worker) -> None:
        """Every failed worker, once: a notification naming what failed; the screen clears its loading state."""
        self.notify(describe(worker.error), title=worker.name or "Something failed", severity="error",
                    timeout=15)
        hook = getattr(worker.node, "worker_failed", None)
        if hook is not None and worker.node is not self:
            hook(worker)

    def on_training_ready(self, message: TrainingReady) -> None:
        self.training = message.training
        self.log.info(f"store open after {message.seconds * 1000:.0f} ms")
        from flux_tui.ui.screens.today import TodayScreen

        today = self.screen_stack[0]
        if isinstance(today, TodayScreen):
            today.training_ready(message.active)
        if self.sync_configured:
            self.start_background_sync(message.training)

    # --- sync (only when SUPABASE_URL is set; the remote modules load here, never at start) ---

    def start_background_sync(self, training: "Training") -> None:
        from flux_tui.remote.background import BackgroundSync

        self.syncer = BackgroundSync(training.outbox, training.refold)
        training.on_change = lambda: self.post_message(LocalChange())  # post_message is thread-safe
        self.set_interval(self.syncer.interval, self.request_sync)
        self.request_sync()

    def on_local_change(self, _message: LocalChange) -> None:
        self.request_sync()

    def request_sync(self) -> None:
        """Sync soon (after each change, on the timer, when a retry is due); a no-op when sync is off or
        not yet due. The sync runs on a thread: keys pressed meanwhile never wait for it, nor it for them."""
        if self.syncer is not None:
            self.run_sync()

    @work(thread=True, exclusive=True, exit_on_error=False, group="sync")
    def run_sync(self) -> None:
        if self.syncer.due():
            from dataclasses import replace

            self.call_from_thread(self.show_sync_status, replace(self.syncer.status(), state="syncing"))
        status = self.syncer.sync_now()
        self.call_from_thread(self.show_sync_status, status)
        if status.pulled:
            self.post_message(DataChanged())

    def on_data_changed(self, _message: DataChanged) -> None:
        """Every screen that shows the log (Today, History, an open session) reads it again."""
        for screen in self.screen_stack:
            hook = getattr(screen, "data_changed", None)
            if hook is not None:
                hook()

    def final_sync(self, wait: float = QUIT_SYNC_SECONDS) -> None:
        """At quit, after the app has returned from `run()`: push what is pending, waiting at most `wait`
        seconds. A sync still running then is left to die with the process (SQLite rolls back what it
        had not committed; the outbox keeps it for the next start), so quitting is never held up."""
        import threading

        if self.syncer is None:
            return
        last = threading.Thread(target=self.syncer.sync_now, name="flux-sync-at-quit", daemon=True)
        last.start()
        last.join(wait)
        if last.is_alive():
            self.training = None  # not closed under the running sync (closing under a query crashes SQLite)
        else:
            self.syncer.close()

    def action_sync_details(self) -> None:
        from flux_tui.ui.screens.sync_details import SyncDetailsScreen

        self.push_screen(SyncDetailsScreen(self.sync_status))

    def show_sync_status(self, status: "SyncStatus") -> None:
        self.sync_status = status
        if self._retry is not None:
            self._retry.stop()
            self._retry = None
        if status.next_attempt_at is not None:  # a failed sync: try again when its backoff ends
            wait = (status.next_attempt_at - utc_now()).total_seconds()
            self._retry = self.set_timer(max(0.5, wait), self.request_sync)
        where = f"Supabase {status.environment}" if status.environment else "local only"
        if ".env file" in status.sources.split(";")[0]:     # the URL came from a file: say so, name it on hover
            where += " (.env)"
        self.sync_sources = status.sources
        # The badge adds "N pending" itself; name the state only when it says more than that.
        self.data_destination = where if status.state in ("pending", "synced") and status.pending else \
            f"{where} · {status.label}"
        if status.rejected:      # refused by the server and waiting for `flux-tui refused`
            self.data_destination += f" · {status.rejected} refused"
        if status.state in ("error", "offline") or status.rejected:
            self.data_destination += " · y details"
        self.pending_changes = status.pending

    def on_training_failed(self, message: TrainingFailed) -> None:
        from flux_tui.ui.screens.today import TodayScreen

        today = self.screen_stack[0]
        if isinstance(today, TodayScreen):
            today.show_failure(message.error)
        self.notify(message.error, title="Cannot open the store", severity="error", timeout=30)

    def action_help(self) -> None:
        from flux_tui.ui.bindings import sections_for
        from flux_tui.ui.screens.help import HelpScreen, screen_tables

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(sections_for(screen_tables(self.screen))))

    def back_to_today(self) -> None:
        """Pop everything above Today (which reloads the plan when it shows again)."""
        while len(self.screen_stack) > 1:
            self.pop_screen()

    def close_training(self) -> None:
        """Close the store. Only once the app has returned from `run()`: asyncio has then joined the
        worker threads, so no query can be running on the connection (closing under one crashes SQLite)."""
        if self.training is not None:
            self.training.close()
            self.training = None
