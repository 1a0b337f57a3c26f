"""History: every completed and abandoned session, newest first, at any size.

The list is a `VirtualList` over offset pages of the store (see
`flux_tui/ui/widgets/virtual_list.py` for why pages are read inline while
rendering). `/` narrows it to the sessions holding one exercise: that needs one
pass over the exercise's sets, so it runs in a thread worker and the list then
pages through the ids it found. `enter` opens a session.
"""

from __future__ import annotations


from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Footer, Input, Static
from textual.worker import Worker

from flux_tui.records import SessionRow
from flux_tui.ui import bindings, css
from flux_tui.ui.screens.base import TrainingScreen
from flux_tui.ui.screens.history_format import SESSION_HEADER, session_columns
from flux_tui.ui.widgets.virtual_list import PagedRows, VirtualList


class HistoryScreen(TrainingScreen):
    """The sessions list, through the app's `Training`."""

    BINDINGS = bindings.HISTORY
    CSS_PATH = css.HISTORY

    def __init__(self) -> None:
        super().__init__()
        self.unit = "kg"
        self.total = 0
        self.filter_exercise: str | None = None  # exercise id while the list is filtered

    def compose(self) -> ComposeResult:
        yield Static("History", id="history-title", classes="history-title")
        with Horizontal(id="history-filter-bar"):
            yield Input(placeholder="exercise name, id or alias — enter to filter, escape to close",
                        id="history-filter")
        yield Static("", id="history-filter-message")
        yield Static(SESSION_HEADER, id="history-header", classes="history-header")
        yield VirtualList(self._format_row, empty="No sessions yet.", id="history-list")
        yield Footer()

    def on_mount(self) -> None:
        self.unit = self.training.unit()
        self._read_list()
        self.list.focus()

    def _read_list(self) -> None:
        # Counting is index-only (0.1 ms at 100k sets, ~2.5 ms at 1M), cheap enough here.
        self.total = self.training.history_count()
        self.list.set_rows(PagedRows(self._page, self.total))
        self._show_title()

    def data_changed(self) -> None:
        """A sync brought another device's sessions (the app's DataChanged): the list reads again."""
        if self.filter_exercise is None:
            self._read_list()
        else:
            self.filter_by(self.filter_exercise)

    @property
    def list(self) -> VirtualList:
        return self.query_one("#history-list", VirtualList)

    def _page(self, offset: int, limit: int) -> list[SessionRow]:
        return self.training.history_page(offset, limit, total=self.total)

    def _format_row(self, row: SessionRow, index: int) -> Text:
        date, archetype, anchor, sets, volume, status = session_columns(row, self.unit)
        muted = self.list.style("muted")
        return Text.assemble(
            (date, ""), "  ", (archetype, self.list.style("accent") if row.archetype == "performance" else ""),
            "  ", anchor, "  ", sets, "  ", volume, "  ",
            (status, self.list.style("warning") if row.status == "abandoned" else muted),
        )

    def _show_title(self, pending: str | None = None) -> None:
        sessions = f"{self.list.row_count:,} session{'s' if self.list.row_count != 1 else ''}"
        if pending:
            text = f"History · filtering by {pending}…"
        elif self.filter_exercise is not None:
            exercise = self.training.catalog.get(self.filter_exercise)
            text = f"History · {sessions} with {exercise.name if exercise else self.filter_exercise} · escape clears"
        else:
            text = f"History · {sessions}"
        self.query_one("#history-title", Static).update(text)

    # --- filter -------------------------------------------------------------------

    def action_filter(self) -> None:
        self.query_one("#history-filter-bar").add_class("-open")
        field = self.query_one("#history-filter", Input)
        field.value = ""
        field.focus()

    def _close_filter_input(self) -> None:
        self.query_one("#history-filter-bar").remove_class("-open")
        self._message("")
        self.list.focus()

    def _message(self, text: str, info: bool = False) -> None:
        message = self.query_one("#history-filter-message", Static)
        message.set_class(info, "-info")
        message.set_class(bool(text), "-shown")
        message.update(text)

    @on(Input.Submitted, "#history-filter")
    def _submitted(self, event: Input.Submitted) -> None:
        from flux_tui.training import find_exercise

        name = event.value.strip()
        if not name:
            self._close_filter_input()
            self.clear_filter()
            return
        exercise_id = find_exercise(self.training.catalog, name)
        if exercise_id is None:
            self._message(f"No exercise called '{name}'. Try a name, id or alias, e.g. Back Squat or RDL.")
            return
        self._close_filter_input()
        self.filter_by(exercise_id)

    def filter_by(self, exercise_id: str) -> None:
        """Show only the sessions holding `exercise_id` (found in a worker)."""
        exercise = self.training.catalog.get(exercise_id)
        self._show_title(pending=exercise.name if exercise else exercise_id)
        self._find_sessions(exercise_id)

    @work(thread=True, exclusive=True, group="history-filter", exit_on_error=False, name="Could not filter the history")
    def _find_sessions(self, exercise_id: str) -> None:
        # One pass over the exercise's sets: ~8 ms at 100k sets, ~60 ms at 1M; off the UI thread.
        ids = self.training.sessions_with(exercise_id)
        self.app.call_from_thread(self._apply_filter, exercise_id, ids)

    def worker_failed(self, worker: Worker) -> None:
        """The filter failed (the app has said why): the title stops saying "filtering by …"."""
        self._show_title()

    def _apply_filter(self, exercise_id: str, ids: list[str]) -> None:
        self.filter_exercise = exercise_id
        training = self.training

        def page(offset: int, limit: int) -> list[SessionRow]:
            return training.history_rows(ids[offset:offset + limit])

        self.list.set_rows(PagedRows(page, len(ids)))
        self.list.empty = "No sessions with this exercise."
        self._show_title()

    def clear_filter(self) -> None:
        self.workers.cancel_group(self, "history-filter")
        self.filter_exercise = None
        self.list.empty = "No sessions yet."
        self.list.set_rows(PagedRows(self._page, self.total))
        self._show_title()

    # --- navigation ------------------------------------------------------------------

    def action_mapping(self) -> None:
        from flux_tui.ui.screens.mapping import MappingScreen

        self.app.push_screen(MappingScreen())

    def action_back(self) -> None:
        if self.query_one("#history-filter-bar").has_class("-open"):
            self._close_filter_input()
        elif self.filter_exercise is not None:
            self.clear_filter()
        else:
            self.dismiss()

    # --- the views of the whole history ----------------------------------------------------

    def action_calendar(self) -> None:
        from flux_tui.ui.screens.history_calendar import CalendarScreen

        self.app.push_screen(CalendarScreen(unit=self.unit))

    def action_volume(self) -> None:
        from flux_tui.ui.screens.history_volume import VolumeScreen

        self.app.push_screen(VolumeScreen())

    def action_records(self) -> None:
        from flux_tui.ui.screens.history_records import RecordsScreen

        self.app.push_screen(RecordsScreen(unit=self.unit))

    def action_trends(self) -> None:
        """The filtered exercise's trends, else those of the first exercise with records."""
        from flux_tui.ui.screens.history_trends import TrendsScreen

        self.app.push_screen(TrendsScreen(self.filter_exercise, unit=self.unit))

    @on(VirtualList.Selected, "#history-list")
    def _open_session(self, event: VirtualList.Selected) -> None:
        from flux_tui.ui.screens.history_session import SessionDetailScreen

        self.app.push_screen(SessionDetailScreen(event.row.id, unit=self.unit))
