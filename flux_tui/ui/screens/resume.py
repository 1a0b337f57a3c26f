"""The resume prompt: a session was left active (the app closed or was killed)."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Static
from textual.worker import Worker

from flux_tui.timefmt import local_start
from flux_tui import units
from flux_tui.engine.history import SessionRecord
from flux_tui.ui import bindings, css
from flux_tui.ui.workers import ReportsFailedWorkers


class ResumeScreen(ReportsFailedWorkers, ModalScreen[str | None]):
    BINDINGS = bindings.RESUME + bindings.RESUME_LATER
    CSS_PATH = css.DIALOGS

    class Abandoned(Message):
        pass

    def __init__(self, record: SessionRecord) -> None:
        super().__init__()
        self.record = record
        self._busy = False

    def compose(self) -> ComposeResult:
        record = self.record
        working = sum(1 for s in record.sets if not s.is_warmup)
        started = local_start(record).strftime("%a %d %b %H:%M")
        with Vertical(classes="dialog"):
            yield Static("Unfinished session", classes="dialog-title")
            yield Static(
                f"{record.archetype.title()} · {units.pattern_text(record.anchor_pattern)} · started {started}\n"
                f"{len(record.sets)} set{'s' if len(record.sets) != 1 else ''} logged ({working} working)\n\n"
                "enter  resume it, every logged set intact\n"
                "n      abandon it (its sets stay in history, marked abandoned)",
                id="resume-text",
            )

    def action_resume(self) -> None:
        if not self._busy:
            self.dismiss("resume")

    def action_later(self) -> None:
        if not self._busy:
            self.dismiss(None)

    def action_abandon(self) -> None:
        if not self._busy:
            self._busy = True
            self.abandon()

    @work(thread=True, exclusive=True, exit_on_error=False, group="resume", name="Could not abandon the session")
    def abandon(self) -> None:
        self.app.training.abandon_session(self.record.id, now=self.app.clock.now())
        self.post_message(self.Abandoned())

    def worker_failed(self, worker: Worker) -> None:
        self._busy = False

    def on_resume_screen_abandoned(self, _message: Abandoned) -> None:
        self.notify("Session abandoned; its sets stay in history.", timeout=4)
        self.dismiss("abandon")
