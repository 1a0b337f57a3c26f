"""The rest timer: a big m:ss countdown on a deadline, +/- 15 s, pause, skip; at zero a bell, a flash
and the overtime counting up until esc. Closing returns the rest's new length when +/- changed it (the
session remembers it for that exercise)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Digits, Static

from flux_tui.ui import bindings
from flux_tui.ui.screens.clock_dialog import ClockDialog
from flux_tui.ui.timing import Clock, Countdown
from flux_tui.units import clock_text

STEP_SECONDS = 15
FLASH_SECONDS = 3.0  # the dialog flashes this long after zero (every other tick)


class TimerScreen(ClockDialog):
    BINDINGS = bindings.TIMER
    DIALOG_ID, HINT = "timer-dialog", "+/- 15 s · space pause · esc skip"

    def __init__(self, seconds: float, up_next: str = "") -> None:
        super().__init__()
        self.seconds = seconds
        self.up_next = up_next
        self.rang = False
        self.changed = False  # +/- pressed: the new length is this exercise's rest from now on

    def compose_clock(self) -> ComposeResult:
        yield Static("Rest", classes="dialog-title", id="timer-title")
        yield Digits(clock_text(self.seconds), id="countdown")
        yield Static("", id="timer-state")
        if self.up_next:
            yield Static(f"Next: {self.up_next}", id="up-next")

    def start_timing(self, clock: Clock) -> Countdown:
        return Countdown(clock, self.seconds)

    def tick(self) -> None:
        """Recompute from the clock (never counts ticks)."""
        countdown = self.timing
        if countdown is None or self.closed:
            return
        remaining = countdown.remaining()
        digits = self.query_one("#countdown", Digits)
        dialog = self.query_one("#timer-dialog")
        state = "paused — space resumes" if countdown.paused else ""
        if countdown.finished and not countdown.paused:
            if not self.rang:
                self.rang = True
                self.app.bell()
            over = countdown.overdue()
            digits.update("+" + clock_text(int(over)) if over >= 1 else clock_text(0))  # whole seconds past
            dialog.set_class(over < FLASH_SECONDS and not dialog.has_class("-flash"), "-flash")
            dialog.add_class("-overtime")
            self.query_one("#timer-title", Static).update("Rest over — go")
            state = "overtime · esc closes"
        else:
            digits.update(clock_text(remaining))
            dialog.remove_class("-flash", "-overtime")
            self.rang = False if remaining > 0 else self.rang
            self.query_one("#timer-title", Static).update("Rest")
        self.query_one("#timer-state", Static).update(state)

    def action_more(self) -> None:
        self.timing.add(STEP_SECONDS)
        self.changed = True
        self.tick()

    def action_less(self) -> None:
        self.timing.add(-STEP_SECONDS)
        self.changed = True
        self.tick()

    def action_skip(self) -> None:
        self.close_with(round(self.timing.length) if self.changed and self.timing else None)
