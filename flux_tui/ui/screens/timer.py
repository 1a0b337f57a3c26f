"""The rest timer: a big m:ss countdown on a deadline, +/- 15 s, pause, skip, a bell at zero."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Digits, Static

from flux_tui.ui import bindings
from flux_tui.ui.timing import Countdown
from flux_tui.units import clock_text

STEP_SECONDS = 15
CLOSE_AFTER_ZERO = 5.0  # seconds showing "Go" before the timer closes itself


class TimerScreen(ModalScreen[None]):
    BINDINGS = bindings.TIMER

    def __init__(self, seconds: float, up_next: str = "") -> None:
        super().__init__()
        self.seconds = seconds
        self.up_next = up_next
        self.countdown: Countdown | None = None
        self.rang = False
        self.closed = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="timer-dialog"):
            yield Static("Rest", classes="dialog-title", id="timer-title")
            yield Digits(clock_text(self.seconds), id="countdown")
            yield Static("", id="timer-state")
            if self.up_next:
                yield Static(f"Next: {self.up_next}", id="up-next")
            yield Static("+/- 15 s · space pause · esc skip", classes="hint")

    def on_mount(self) -> None:
        self.countdown = Countdown(self.app.clock, self.seconds)
        self.tick()
        self.set_interval(0.25, self.tick)

    def tick(self) -> None:
        """Recompute from the clock (never counts ticks)."""
        countdown = self.countdown
        if countdown is None or self.closed:
            return
        remaining = countdown.remaining()
        self.query_one("#countdown", Digits).update(clock_text(remaining))
        state = "paused — space resumes" if countdown.paused else ""
        if countdown.finished and not countdown.paused:
            if not self.rang:
                self.rang = True
                self.app.bell()
            self.query_one("#timer-title", Static).update("Rest over — go")
            state = "closing…"
            if countdown.overdue() >= CLOSE_AFTER_ZERO:
                self.action_skip()
                return
        else:
            self.rang = False if remaining > 0 else self.rang
            self.query_one("#timer-title", Static).update("Rest")
        self.query_one("#timer-state", Static).update(state)

    def action_more(self) -> None:
        self.countdown.add(STEP_SECONDS)
        self.tick()

    def action_less(self) -> None:
        self.countdown.add(-STEP_SECONDS)
        self.tick()

    def action_pause(self) -> None:
        self.countdown.toggle_pause()
        self.tick()

    def action_skip(self) -> None:
        if not self.closed:
            self.closed = True
            self.dismiss(None)
