"""Create the user's own exercise from the picker: its name as typed, then pattern, tracking, load type
and increment. Stored (and queued for sync) in a worker before the form closes."""

from __future__ import annotations

import typing
from dataclasses import dataclass

from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Select, Static
from textual.worker import Worker

from flux_tui.brain.models import Exercise, LoadType, Pattern, Tracking
from flux_tui.ui import bindings, css
from flux_tui.ui.workers import ReportsFailedWorkers
from flux_tui.units import pattern_text, plain_number


def _choices(kind: typing.Any) -> list[str]:
    return [a for arg in typing.get_args(kind) for a in (typing.get_args(arg) or (arg,))]


class NewExerciseScreen(ReportsFailedWorkers, ModalScreen[Exercise | None]):
    BINDINGS = bindings.NEW_EXERCISE
    CSS_PATH = css.DIALOGS

    @dataclass
    class Created(Message):
        exercise: Exercise

    def __init__(self, name: str, pattern: str | None = None) -> None:
        super().__init__()
        self.name_typed = name
        self.pattern = pattern
        self.busy = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="new-exercise"):
            yield Static(f"Create '{self.name_typed}'", classes="dialog-title")
            for label, widget in (
                ("Name", Input(self.name_typed, id="new-name")),
                ("Pattern", Select([(pattern_text(p), p) for p in _choices(Pattern)], id="new-pattern",
                                   **({"value": self.pattern} if self.pattern in _choices(Pattern) else {}))),
                ("Tracking", Select([(t.replace("_", " "), t) for t in _choices(Tracking)], id="new-tracking",
                                    value="weight_reps")),
                ("Load type", Select([(t, t) for t in _choices(LoadType)], id="new-load", value="barbell")),
                ("Increment (kg)", Input("2.5", id="new-increment")),
            ):
                with Horizontal(classes="field-row"):
                    yield Label(label, classes="field-label")
                    yield widget
            yield Static("", id="new-status")
            yield Static("ctrl+s creates · tab moves · esc cancels", classes="hint")

    def on_mount(self) -> None:
        self.query_one("#new-pattern", Select).focus()

    def action_create(self) -> None:
        if self.busy:
            return
        pattern = self.query_one("#new-pattern", Select).value
        increment = plain_number(self.query_one("#new-increment", Input).value)
        if not isinstance(pattern, str):  # still the blank
            self._status("pick a pattern")
            return
        if increment is None:
            self._status("the increment is a number of kg (0 for none)")
            return
        self.busy = True
        self.create(self.query_one("#new-name", Input).value, str(pattern),
                    str(self.query_one("#new-tracking", Select).value),
                    str(self.query_one("#new-load", Select).value), increment)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_create()

    @work(thread=True, exclusive=True, exit_on_error=False, group="new-exercise", name="The exercise was not created")
    def create(self, name: str, pattern: str, tracking: str, load_type: str, increment: float) -> None:
        self.post_message(self.Created(self.app.training.create_exercise(name, pattern, tracking, load_type,
                                                                         increment)))

    def on_new_exercise_screen_created(self, message: Created) -> None:
        self.dismiss(message.exercise)

    def worker_failed(self, worker: Worker) -> None:
        self.busy = False
        self._status(f"Not created: {worker.error}")

    def _status(self, text: str) -> None:
        self.query_one("#new-status", Static).update(text)

    def action_cancel(self) -> None:
        self.dismiss(None)
