"""One exercise across the whole history: all its sets (paged), best e1RM per
session over time, and weekly hard sets of a movement pattern.

The sets list pages through the store like the sessions list. The plots need a
pass over the exercise's working sets (~3 ms at 100k sets, ~80 ms at 1M) and
over the last 16 weeks of sessions, so they are computed in a thread worker.
The plot widgets (and plotext with them) are imported only when this screen is
composed, keeping them off the app's start-up path.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from typing import Any, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer, Static

from flux_tui.brain.models import PATTERNS
from flux_tui.engine.history import LoggedSet
from flux_tui.engine.records import e1rm
from flux_tui.ui.screens.history import worker_reader
from flux_tui.ui.screens.history_format import amount_text, e1rm_text, local_date, rpe_text, set_e1rm
from flux_tui.units import pattern_text, to_unit
from flux_tui.ui.widgets.virtual_list import PagedRows, VirtualList

WEEKS_SHOWN = 16
EXERCISE_HEADER = f"{'date':<10}  {'':<2}{'done':<28}  {'RPE':<7}  e1RM"


def best_e1rm_per_session(working: list[tuple[str, datetime, float, int]]) -> tuple[list[str], list[float]]:
    """(dates, best e1RM kg) per session, oldest first, from Store.exercise_working_sets rows."""
    dates: list[str] = []
    values: list[float] = []
    last_session = None
    for session_id, started_at, weight, reps in working:
        estimate = e1rm(weight, reps)
        if session_id != last_session:
            last_session = session_id
            dates.append(local_date(started_at))
            values.append(estimate)
        elif estimate > values[-1]:
            values[-1] = estimate
    return dates, values


def week_starts(latest: datetime, weeks: int = WEEKS_SHOWN) -> list[str]:
    """The Mondays (UTC, YYYY-MM-DD) of the `weeks` weeks ending with the one holding `latest`."""
    day = latest.astimezone(timezone.utc).date()
    monday = day - timedelta(days=day.weekday())
    return [(monday - timedelta(weeks=weeks - 1 - i)).isoformat() for i in range(weeks)]


class ExerciseHistoryScreen(Screen):
    DEFAULT_CSS = """
    ExerciseHistoryScreen { layout: vertical; }
    ExerciseHistoryScreen .history-title { height: 1; padding: 0 1; background: $panel; text-style: bold; }
    ExerciseHistoryScreen .history-header { height: 1; padding: 0 1; color: $text-muted; text-style: bold; }
    ExerciseHistoryScreen #exercise-sets { padding: 0 1; height: 1fr; }
    ExerciseHistoryScreen #exercise-plots { height: 45%; min-height: 10; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("p", "next_pattern", "Next pattern", id="history_exercise.next_pattern"),
        Binding("escape", "back", "Back", id="history_exercise.back"),
    ]

    def __init__(self, training: Any, exercise_id: str, *, unit: str | None = None, name: str | None = None,
                 id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.training = training
        self.store = training.store
        self.exercise_id = exercise_id
        self.exercise = training.catalog.get(exercise_id)
        self.unit = unit
        pattern = self.exercise.pattern if self.exercise else None
        self.pattern = pattern if pattern in PATTERNS else PATTERNS[0]
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
        if self.unit is None:
            self.unit = self.store.weight_unit()
        with self.store.lock:
            # Index-only count (partial index of migration 0002): ~1 ms at 1M sets.
            count = self.store.count_exercise_sets(self.exercise_id)
        store, exercise_id = self.store, self.exercise_id

        def page(offset: int, limit: int) -> list[tuple[datetime, LoggedSet]]:
            with store.lock:
                return store.exercise_history_sets(exercise_id, limit, offset, total=count)

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
            ("W " if logged.is_warmup else "  ", muted),
            (f"{amount_text(logged, self.unit)[:28]:<28}", muted if logged.is_warmup else ""), "  ",
            f"{rpe_text(logged.rpe):<7}", "  ",
            (e1rm_text(set_e1rm(logged), self.unit), muted),
        )

    # --- plots ---------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="history-exercise-plots", exit_on_error=False)
    def _load_plots(self) -> None:
        weekly: dict[tuple[str, str], int] = {}
        weeks: list[str] = []
        with worker_reader(self.store) as reader:
            working = reader.exercise_working_sets(self.exercise_id)
            latest = reader.history_sessions(1)
            if latest:
                weeks = week_starts(latest[0].started_at)
                since = datetime.combine(date.fromisoformat(weeks[0]), datetime.min.time(), tzinfo=timezone.utc)
                weekly = {(week, pattern): count for week, pattern, count in reader.weekly_pattern_sets(since)}
        dates, values = best_e1rm_per_session(working)
        self.app.call_from_thread(self._show_plots, dates, values, weeks, weekly)

    def _show_plots(self, dates: list[str], values: list[float], weeks: list[str],
                    weekly: dict[tuple[str, str], int]) -> None:
        from flux_tui.ui.widgets.plots import E1rmPlot

        self.weeks, self.weekly = weeks, weekly
        self.query_one("#e1rm-plot", E1rmPlot).show(dates, [to_unit(v, self.unit) for v in values], self.unit)
        self._show_weekly()
        self.plots_loaded = True

    def _show_weekly(self) -> None:
        from flux_tui.ui.widgets.plots import WeeklySetsPlot

        target = None
        try:
            pattern_target = self.training.brain.logic.patterns.get(self.pattern)
            target = pattern_target.weekly_sets if pattern_target else None
        except Exception:  # no Brain stored yet: plot without the target line
            target = None
        counts = [self.weekly.get((week, self.pattern), 0) for week in self.weeks]
        self.query_one("#weekly-plot", WeeklySetsPlot).show(self.pattern, self.weeks, counts, target)

    def action_next_pattern(self) -> None:
        self.pattern = PATTERNS[(PATTERNS.index(self.pattern) + 1) % len(PATTERNS)]
        if self.plots_loaded:
            self._show_weekly()

    def action_back(self) -> None:
        self.dismiss()
