"""The interval timer for a conditioning protocol: work/rest rounds, a round counter, cues.

Returns the rounds completed; the session screen puts them in the set's metadata.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Digits, Static

from flux_tui.ui import bindings
from flux_tui.ui.screens.clock_dialog import ClockDialog
from flux_tui.ui.timing import Clock, IntervalPhase, Stopwatch, interval_phase
from flux_tui.units import clock_text

CUES = {"work": "WORK — go hard", "rest": "REST — easy", "done": "DONE — log it"}


class IntervalScreen(ClockDialog):
    BINDINGS = bindings.INTERVALS
    DIALOG_ID, HINT = "interval-dialog", "space pause · esc stop and log"

    def __init__(self, name: str, work: int, rest: int, rounds: int, target: str = "") -> None:
        super().__init__()
        self.protocol = name
        self.work, self.rest, self.rounds = work, rest, rounds
        self.target = target
        self.phase: IntervalPhase | None = None

    def compose_clock(self) -> ComposeResult:
        yield Static(self.protocol, classes="dialog-title")
        yield Static("", id="interval-round")
        yield Digits(clock_text(self.work), id="interval-countdown")
        yield Static("", id="interval-cue")
        if self.target:
            yield Static(f"Target: {self.target}", classes="hint")

    def start_timing(self, clock: Clock) -> Stopwatch:
        return Stopwatch(clock)

    def tick(self) -> None:
        if self.timing is None or self.closed:
            return
        phase = interval_phase(self.timing.elapsed(), self.work, self.rest, self.rounds)
        if self.phase is not None and phase.phase != self.phase.phase:
            self.app.bell()  # the cue: work starts, rest starts, done
        self.phase = phase
        self.query_one("#interval-round", Static).update(f"Round {phase.round}/{phase.rounds}")
        self.query_one("#interval-countdown", Digits).update(clock_text(phase.remaining))
        cue = CUES[phase.phase] + ("  (paused)" if self.timing.paused else "")
        cue_widget = self.query_one("#interval-cue", Static)
        cue_widget.update(cue)
        for name in ("work", "rest", "done"):
            cue_widget.set_class(phase.phase == name, f"-{name}")
        if phase.phase == "done":
            self.close_with(phase.completed)

    def action_stop(self) -> None:
        self.close_with(interval_phase(self.timing.elapsed(), self.work, self.rest, self.rounds).completed)
