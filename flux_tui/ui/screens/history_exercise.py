"""One exercise across the whole history: all its sets (paged), best e1RM per
session over time, and weekly hard sets of a movement pattern.

The sets list pages through the store like the sessions list. The plots need a
pass over the exercise's working sets (~3 ms at 100k sets, ~80 ms at 1M) and
over the last 16 weeks of sessions, so they are computed in a thread worker.
The plot widgets (and plotext with them) are imported only when this screen is
composed, keeping them off the app's start-up path.
"""

from __future__ import annotations

from datetime import date, datetime

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Footer, Static

from flux_tui.brain.models import PATTERNS
from flux_tui.engine.history import LoggedSet
from flux_tui.ui import bindings
from flux_tui.ui.screens.base import SetsView
from flux_tui.ui.screens.history_format import e1rm_text, local_date
from flux_tui.ui.widgets.virtual_list import PagedRows, VirtualList
from flux_tui.units import pattern_text, to_unit

EXERCISE_HEADER = f"{'date':<10}  {'':<2}{'done':<28}  {'RPE':<7}  e1RM"


class ExerciseHistoryScreen(SetsView):
    BINDINGS = bindings.HISTORY_EXERCISE

    def __init__(self, exercise_id: str, *, unit: str | None = None) -> None:
        super().__init__(unit=unit)
        self.exercise_id = exercise_id
        self.exercise = None  # its catalog entry, read on mount
        self.pattern = PATTERNS[0]
        self.weekly: dict[tuple[str, str], int] = {}
        self.weeks: list[str] = []
        self.plots_loaded = False

    def compose(self) -> ComposeResult:
        from flux_tui.ui.widgets.plots import E1rmPlot, WeeklySetsPlot

        yield Static("", id="exercise-title", classes="history-title")
        yield Static(EXERCISE_HEADER, classes="history-header")
        yield VirtualList(self._format_set, empty="No sets of this exercise yet.", id="exercise-sets")
        with Horizontal(id="exercise-plots"):
            yield E1rmPlot(id="e1rm-plot")
            yield WeeklySetsPlot(id="weekly-plot")
        yield Footer()

    def on_mount(self) -> None:
        training = self.training
        self.exercise = training.catalog.get(self.exercise_id)
        if self.exercise is not None and self.exercise.pattern in PATTERNS:
            self.pattern = self.exercise.pattern
        self.read_unit_and_loads()
        # Index-only count (partial index of migration 0002): ~1 ms at 1M sets.
        count = training.exercise_set_count(self.exercise_id)
        exercise_id = self.exercise_id

        def page(offset: int, limit: int) -> list[tuple[datetime, LoggedSet]]:
            return training.exercise_sets(exercise_id, offset, limit, total=count)

        sets_list = self.query_one("#exercise-sets", VirtualList)
        sets_list.set_rows(PagedRows(page, count))
        name = self.exercise.name if self.exercise else self.exercise_id
        about = f" · {pattern_text(self.exercise.pattern)} · {self.exercise.load_type}" if self.exercise else ""
        self.query_one("#exercise-title", Static).update(f"{name}{about} · {count:,} set{'s' if count != 1 else ''}")
        sets_list.focus()
        # After the first frame: the worker's row crunching would otherwise compete with it for the GIL.
        self.call_after_refresh(self._load_plots)

    def _format_set(self, row: tuple[datetime, LoggedSet], index: int) -> Text:
        started_at, logged = row
        sets_list = self.query_one("#exercise-sets", VirtualList)
        muted = sets_list.style("muted")
        return Text.assemble(
            (local_date(started_at), ""), "  ",
            *self.set_cells(logged, muted, amount_width=28, gap="  "),
            (e1rm_text(self.loads.e1rm(logged), self.unit), muted),
        )

    # --- plots ---------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="history-exercise-plots", exit_on_error=False,
          name="Could not draw the plots")
    def _load_plots(self) -> None:
        series = self.training.e1rm_series(self.exercise_id)
        weeks, weekly = self.training.weekly_pattern_sets()
        days = [started_at.date() for started_at, _ in series]
        self.app.call_from_thread(self._show_plots, days, [value for _, value in series], weeks, weekly)

    def _show_plots(self, days: list[date], values: list[float], weeks: list[str],
                    weekly: dict[tuple[str, str], int]) -> None:
        from flux_tui.ui.widgets.plots import E1rmPlot

        self.weeks, self.weekly = weeks, weekly
        self.query_one("#e1rm-plot", E1rmPlot).show(days, [to_unit(v, self.unit) for v in values], self.unit)
        self._show_weekly()
        self.plots_loaded = True

    def _show_weekly(self) -> None:
        from flux_tui.ui.widgets.plots import WeeklySetsPlot

        pattern_target = self.training.brain.logic.patterns.get(self.pattern)
        target = pattern_target.weekly_sets if pattern_target else None
        counts = [self.weekly.get((week, self.pattern), 0) for week in self.weeks]
        self.query_one("#weekly-plot", WeeklySetsPlot).show(self.pattern, self.weeks, counts, target)

    def action_next_pattern(self) -> None:
        self.pattern = PATTERNS[(PATTERNS.index(self.pattern) + 1) % len(PATTERNS)]
        if self.plots_loaded:
            self._show_weekly()
