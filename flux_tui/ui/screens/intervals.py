"""The interval timer for a conditioning protocol: work/rest rounds, a round counter, cues.

Returns the rounds completed; the session screen puts them in the set's metadata.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Digits, Static

from flux_tui.ui import bindings
from flux_tui.ui.timing import IntervalPhase, Stopwatch, interval_phase
from flux_tui.units import clock_text

CUES = {"work": "WORK — go hard", "rest": "REST — easy", "done": "DONE — log it"}


class IntervalScreen(ModalScreen[int | None]):
    BINDINGS = bindings.INTERVALS

    def __init__(self, name: str, work: int, rest: int, rounds: int, target: str = "") -> None:
        super().__init__()
        self.protocol = name
        self.work, self.rest, self.rounds = work, rest, rounds
        self.target = target
        self.stopwatch: Stopwatch | None = None
        self.phase: IntervalPhase | None = None
        self.closed = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="interval-dialog"):
            yield Static(self.protocol, classes="dialog-title")
            yield Static("", id="interval-round")
            yield Digits(clock_text(self.work), id="interval-countdown")
            yield Static("", id="interval-cue")
            if self.target:
                yield Static(f"Target: {self.target}", classes="hint")
            yield Static("space pause · esc stop and log", classes="hint")

    def on_mount(self) -> None:
        self.stopwatch = Stopwatch(self.app.clock)
        self.tick()
        self.set_interval(0.25, self.tick)

    def tick(self) -> None:
        if self.stopwatch is None or self.closed:
            return
        phase = interval_phase(self.stopwatch.elapsed(), self.work, self.rest, self.rounds)
        if self.phase is not None and phase.phase != self.phase.phase:
            self.app.bell()  # the cue: work starts, rest starts, done
        self.phase = phase
        self.query_one("#interval-round", Static).update(f"Round {phase.round}/{phase.rounds}")
        self.query_one("#interval-countdown", Digits).update(clock_text(phase.remaining))
        cue = CUES[phase.phase] + ("  (paused)" if self.stopwatch.paused else "")
        cue_widget = self.query_one("#interval-cue", Static)
        cue_widget.update(cue)
        for name in ("work", "rest", "done"):
            cue_widget.set_class(phase.phase == name, f"-{name}")
        if phase.phase == "done" and not self.closed:
            self.closed = True
            self.dismiss(phase.completed)

    def action_pause(self) -> None:
        self.stopwatch.toggle_pause()
        self.tick()

    def action_stop(self) -> None:
        if self.closed:
            return
        self.closed = True
        phase = interval_phase(self.stopwatch.elapsed(), self.work, self.rest, self.rounds)
        self.dismiss(phase.completed)
