"""What the rest timer and the interval timer share: a dialog drawn from a running clock."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from flux_tui.ui import css
from flux_tui.ui.timing import Clock, Countdown, Stopwatch


class ClockDialog(ModalScreen[int | None]):
    """A dialog drawn from `timing`, a Countdown or a Stopwatch on the app's clock that the dialog's
    `start_timing` makes on mount. Its `tick` redraws from it then and four times a second (reading the
    clock, never counting ticks); space pauses it; `close_with` dismisses the dialog once, whichever of
    a tick and a key ends it first. The dialog, id DIALOG_ID, is its `compose_clock` over the keys' HINT."""

    CSS_PATH = css.DIALOGS
    DIALOG_ID: ClassVar[str]
    HINT: ClassVar[str]

    def __init__(self) -> None:
        super().__init__()
        self.timing: Countdown | Stopwatch | None = None
        self.closed = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id=self.DIALOG_ID):
            yield from self.compose_clock()
            yield Static(self.HINT, classes="hint")

    def on_mount(self) -> None:
        self.timing = self.start_timing(self.app.clock)  # type: ignore[attr-defined]
        self.tick()
        self.set_interval(0.25, self.tick)

    def action_pause(self) -> None:
        self.timing.toggle_pause()
        self.tick()

    def close_with(self, result: int | None) -> None:
        if not self.closed:
            self.closed = True
            self.dismiss(result)
