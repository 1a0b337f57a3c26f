"""Failed workers, handled in one place.

A worker's StateChanged message goes to the node that started it and does not
bubble, so each screen that runs workers mixes this in: a failed worker is
handed to `FluxApp.worker_failed`, which shows one notification titled by the
worker's name and calls the screen's `worker_failed(worker)` hook, if any, so
the screen can clear its loading state. Workers therefore never catch what
they raise.
"""

from __future__ import annotations

from textual.worker import Worker, WorkerState


class ReportsFailedWorkers:
    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            self.app.worker_failed(event.worker)  # type: ignore[attr-defined]
