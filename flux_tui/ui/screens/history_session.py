"""One past session: every set in order. `enter` (or `e`) opens the set's exercise.

A session holds a few dozen sets: read at once (well under a millisecond).
Which sets beat the exercise's best e1RM before that session is asked of the
store in a thread worker (one pass over each exercise's earlier sets) and
marked when it arrives.
"""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.widgets import Footer, Static

from flux_tui.engine.bodyweight import working_totals
from flux_tui.engine.history import LoggedSet, SessionRecord
from flux_tui.ui import bindings
from flux_tui.ui.screens.base import SetsView
from flux_tui.timefmt import local_start
from flux_tui.ui.screens.history_format import e1rm_text, local_date, volume_text
from flux_tui.ui.widgets.virtual_list import PagedRows, VirtualList
from flux_tui.units import pattern_text

SET_HEADER = f"{'#':>3}  {'exercise':<20} {'':<2}{'done':<22} {'RPE':<7} e1RM"


class SessionDetailScreen(SetsView):
    BINDINGS = bindings.HISTORY_SESSION

    def __init__(self, session_id: str, *, unit: str | None = None) -> None:
        super().__init__(unit=unit)
        self.session_id = session_id
        self.record: SessionRecord | None = None
        self.prior_best: dict[str, float] = {}  # exercise id -> best e1RM (kg) before this session

    def compose(self) -> ComposeResult:
        yield Static("Session", id="session-title", classes="history-title")
        yield Static("", id="session-summary")
        yield Static(SET_HEADER, classes="history-header")
        yield VirtualList(self._format_set, empty="No sets in this session.", id="session-sets")
        yield Footer()

    def on_mount(self) -> None:
        self.read_unit_and_loads()
        self.record = self.training.session(self.session_id)
        sets_list = self.query_one("#session-sets", VirtualList)
        if self.record is None:
            self.query_one("#session-title", Static).update("Session not found")
            sets_list.set_rows(None)
            return
        r = self.record
        working = [s for s in r.sets if not s.is_warmup]
        _, volume = working_totals(r.sets, self.loads)
        self.query_one("#session-title", Static).update(
            f"{local_date(local_start(r))} · {r.archetype} · {pattern_text(r.anchor_pattern)} · {r.status}"
        )
        summary = (f"{len(r.sets)} sets ({len(r.sets) - len(working)} warm-up) · volume {volume_text(volume, self.unit)}"
                   f" · started {local_start(r):%H:%M}")
        if r.completed_at:
            minutes = int((r.completed_at - r.started_at).total_seconds() // 60)
            summary += f" · {minutes} min"
        if r.notes:
            summary += f"\nnotes: {r.notes}"
        self.query_one("#session-summary", Static).update(summary)
        sets_list.set_rows(PagedRows.of(list(r.sets)))
        sets_list.focus()
        self._find_records([s.exercise_id for s in working if self.loads.e1rm(s) is not None])

    @work(thread=True, exclusive=True, group="history-session-records", exit_on_error=False,
          name="Could not find the session's records")
    def _find_records(self, exercise_ids: list[str]) -> None:
        best = self.training.prior_best_e1rm(exercise_ids, self.record.started_at)
        self.app.call_from_thread(self._show_records, best)

    def _show_records(self, best: dict[str, float]) -> None:
        self.prior_best = best
        self.query_one("#session-sets", VirtualList).refresh_rows()

    def _format_set(self, logged: LoggedSet, index: int) -> Text:
        sets_list = self.query_one("#session-sets", VirtualList)
        exercise = self.training.catalog.get(logged.exercise_id)
        name = exercise.name if exercise else logged.exercise_id
        estimate = self.loads.e1rm(logged)
        best = self.prior_best.get(logged.exercise_id)
        pr = estimate is not None and best is not None and estimate > best + 1e-9
        muted = sets_list.style("muted")
        return Text.assemble(
            (f"{logged.set_index + 1:>3}", muted), "  ", f"{name[:20]:<20}", " ",
            *self.set_cells(logged, muted, amount_width=22, gap=" "),
            (f"{e1rm_text(estimate, self.unit):<10}", muted),
            (" ★ PR" if pr else "", sets_list.style("success")),
        )

    def action_exercise(self) -> None:
        logged = self.query_one("#session-sets", VirtualList).highlighted
        if logged is not None:
            self.open_exercise(logged.exercise_id)

    @on(VirtualList.Selected, "#session-sets")
    def _selected(self, event: VirtualList.Selected) -> None:
        self.open_exercise(event.row.exercise_id)

    def open_exercise(self, exercise_id: str) -> None:
        from flux_tui.ui.screens.history_exercise import ExerciseHistoryScreen

        self.app.push_screen(ExerciseHistoryScreen(exercise_id, unit=self.unit))
