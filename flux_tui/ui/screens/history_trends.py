"""Trends of one exercise on honest axes: best e1RM per session, the top set (heaviest load) per
session, and bodyweight (the log `flux-tui bodyweight` keeps); `m` switches between them, `[`/`]` move to another exercise with records,
`a` between the last 52 weeks (the calendar's) and all time.

The exercise's per-session bests come from its working sets in that span (a range of its index;
all time ~3 ms at 100k sets), in a worker. Weights follow the kg/lb setting.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Sequence

from textual import work
from textual.app import ComposeResult
from textual.widgets import Footer, Static

from flux_tui.ui import bindings
from flux_tui.ui.screens.history_format import today_of
from flux_tui.ui.screens.base import HistoryView
from flux_tui.units import number, to_unit

if TYPE_CHECKING:
    from flux_tui.engine.bodyweight import Weighing
    from flux_tui.engine.stats import TrendPoint

METRICS = ("e1rm", "top", "bodyweight")


class TrendsScreen(HistoryView):
    BINDINGS = bindings.TRENDS

    def __init__(self, exercise_id: str | None = None, exercises: Sequence[str] = (), *, unit: str = "kg") -> None:
        """`exercises`: what `[`/`]` step through (default: every exercise with records, by name);
        `exercise_id` None: the first of them."""
        super().__init__()
        self.exercise_id = exercise_id
        self.exercises = list(exercises)
        self.unit = unit
        self.metric = METRICS[0]
        self.all_time = False
        self.points: list[TrendPoint] = []
        self.weighings: list[Weighing] = []  # the bodyweight log in the span, oldest first
        self.loaded = False

    def compose(self) -> ComposeResult:
        from flux_tui.ui.widgets.plots import TrendPlot

        yield Static("", id="trends-title", classes="history-title")
        yield TrendPlot(id="trends-plot")
        yield Static("", id="trends-summary")
        yield Footer()

    def on_mount(self) -> None:
        self._load(self.exercise_id)

    def _since(self) -> date | None:
        from flux_tui.engine.stats import CALENDAR_WEEKS, first_day

        return None if self.all_time else first_day(today_of(self.app), CALENDAR_WEEKS)

    @work(thread=True, exclusive=True, group="trends", exit_on_error=False, name="Could not read the trends")
    def _load(self, exercise_id: str | None) -> None:
        if not self.exercises:
            self.exercises = self.training.exercises_with_records()
        exercise_id = exercise_id or (self.exercises[0] if self.exercises else None)
        since = self._since()
        points = self.training.exercise_trend(exercise_id, since) if exercise_id else []
        weighings = [w for w in self.training.bodyweight_series() if since is None or w.local_day >= since]
        self.app.call_from_thread(self._show, exercise_id, points, weighings)

    def _show(self, exercise_id: str | None, points: list[TrendPoint], weighings: list[Weighing]) -> None:
        self.exercise_id, self.points, self.weighings = exercise_id, points, weighings
        self._draw()
        self.loaded = True

    def _draw(self) -> None:
        from flux_tui.ui.widgets.plots import TrendPlot

        exercise = self.training.catalog.get(self.exercise_id or "")
        name = exercise.name if exercise else self.exercise_id or "no exercise with records yet"
        unit, points = self.unit, self.points
        plot = self.query_one("#trends-plot", TrendPlot)
        days = [p.started_at.date() for p in points]
        summary = ""
        if self.metric == "e1rm":
            values = [to_unit(p.e1rm, unit) for p in points]
            plot.show_trend(f"best e1RM per session ({unit})", days, values, "no loaded working sets")
            if points:
                best = max(points, key=lambda p: p.e1rm)
                summary = (f"{len(points)} sessions from {days[0].isoformat()} to {days[-1].isoformat()} · "
                           f"best {number(to_unit(best.e1rm, unit), 1)} {unit} on {best.started_at.date().isoformat()}")
        elif self.metric == "top":
            values = [to_unit(p.top_weight, unit) for p in points]
            plot.show_trend(f"top set per session ({unit})", days, values, "no loaded working sets")
            if points:
                last = points[-1]
                summary = (f"last top set {number(to_unit(last.top_weight, unit), 1)} {unit} × {last.top_reps}"
                           f" on {last.started_at.date().isoformat()}")
        else:
            weighings = self.weighings
            plot.show_trend(f"bodyweight ({unit})", [w.local_day for w in weighings],
                            [to_unit(w.kg, unit) for w in weighings], "no bodyweight logged")
            if weighings:
                last = weighings[-1]
                summary = (f"{len(weighings)} weighings · last {number(to_unit(last.kg, unit), 1)} {unit}"
                           f" on {last.local_day.isoformat()} (`flux-tui bodyweight` logs one)")
        title = {"e1rm": "e1RM", "top": "top set", "bodyweight": "bodyweight"}[self.metric]
        span = "all time" if self.all_time else "last 52 weeks"
        self.query_one("#trends-title", Static).update(f"Trends · {name} · {title} · {span}")
        self.query_one("#trends-summary", Static).update(summary)

    def action_next_metric(self) -> None:
        self.metric = METRICS[(METRICS.index(self.metric) + 1) % len(METRICS)]
        self._draw()

    def action_span(self) -> None:
        self.all_time = not self.all_time
        self.loaded = False
        self._load(self.exercise_id)

    def action_exercise(self, step: int) -> None:
        if not self.exercises:
            return
        if self.exercise_id in self.exercises:
            index = (self.exercises.index(self.exercise_id) + step) % len(self.exercises)
        else:
            index = 0
        self.loaded = False
        self._load(self.exercises[index])

    def action_compare(self) -> None:
        from flux_tui.ui.screens.history_compare import CompareScreen

        if self.exercise_id is not None:
            self.app.push_screen(CompareScreen(self.exercise_id, unit=self.unit))
