"""History: every completed and abandoned session, newest first, at any size.

The list is a `VirtualList` over offset pages of the store (see
`flux_tui/ui/widgets/virtual_list.py` for why pages are read inline while
rendering). `/` narrows it to the sessions holding one exercise: that needs one
pass over the exercise's sets, so it runs in a thread worker and the list then
pages through the ids it found. `enter` opens a session.
"""

from __future__ import annotations

import sqlite3
from contextlib import contextmanager
from typing import Any, ClassVar, Iterator

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer, Input, Static

from flux_tui.store.repo import SessionRow, Store
from flux_tui.ui.screens.history_format import SESSION_HEADER, session_columns
from flux_tui.ui.widgets.virtual_list import PagedRows, VirtualList


@contextmanager
def worker_reader(store: Store) -> Iterator[Store]:
    """The store on a second, read-only connection, for a thread worker's long query.

    WAL lets it read while the UI thread uses the shared connection, so a 50 ms
    query never holds `store.lock` (which the UI's page reads take). Falls back to
    the shared connection, under the lock, if the file cannot be opened again.
    """
    try:
        conn = sqlite3.connect(f"file:{store.path}?mode=ro", uri=True)
    except sqlite3.Error:
        with store.lock:
            yield store
        return
    try:
        yield Store(conn, store.path)
    finally:
        conn.close()


class HistoryScreen(Screen):
    """The sessions list. `training` is the app's `Training` (its `store` and `catalog` are used)."""

    DEFAULT_CSS = """
    HistoryScreen { layout: vertical; }
    HistoryScreen .history-title { height: 1; padding: 0 1; background: $panel; color: $text; text-style: bold; }
    HistoryScreen .history-header { height: 1; padding: 0 1; color: $text-muted; text-style: bold; }
    HistoryScreen #history-list { padding: 0 1; }
    HistoryScreen #history-filter-bar { height: auto; display: none; padding: 0 1; }
    HistoryScreen #history-filter-bar.-open { display: block; }
    HistoryScreen #history-filter { width: 1fr; }
    HistoryScreen #history-filter-message { height: auto; color: $text-error; padding: 0 1; display: none; }
    HistoryScreen #history-filter-message.-shown { display: block; }
    HistoryScreen #history-filter-message.-info { color: $text-muted; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "filter", "Filter by exercise", id="history.filter"),
        Binding("escape", "back", "Back", id="history.back"),
    ]

    def __init__(self, training: Any, *, name: str | None = None, id: str | None = None,
                 classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.training = training
        self.store = training.store
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
        self.unit = self.store.weight_unit()
        # Counting is index-only (0.1 ms at 100k sets, ~2.5 ms at 1M), cheap enough here.
        self.total = self.store.count_history_sessions()
        self.list.set_rows(PagedRows(self._page, self.total))
        self._show_title()
        self.list.focus()

    @property
    def list(self) -> VirtualList:
        return self.query_one("#history-list", VirtualList)

    def _page(self, offset: int, limit: int) -> list[SessionRow]:
        with self.store.lock:
            return self.store.history_sessions(limit, offset, total=self.total)

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

    @work(thread=True, exclusive=True, group="history-filter", exit_on_error=False)
    def _find_sessions(self, exercise_id: str) -> None:
        # One pass over the exercise's sets: ~8 ms at 100k sets, ~60 ms at 1M; off the UI thread.
        with worker_reader(self.store) as reader:
            ids = reader.history_session_ids(exercise_id)
        self.app.call_from_thread(self._apply_filter, exercise_id, ids)

    def _apply_filter(self, exercise_id: str, ids: list[str]) -> None:
        self.filter_exercise = exercise_id
        store = self.store

        def page(offset: int, limit: int) -> list[SessionRow]:
            with store.lock:
                return store.history_sessions_by_ids(ids[offset:offset + limit])

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

    def action_back(self) -> None:
        if self.query_one("#history-filter-bar").has_class("-open"):
            self._close_filter_input()
        elif self.filter_exercise is not None:
            self.clear_filter()
        else:
            self.dismiss()

    @on(VirtualList.Selected, "#history-list")
    def _open_session(self, event: VirtualList.Selected) -> None:
        from flux_tui.ui.screens.history_session import SessionDetailScreen

        self.app.push_screen(SessionDetailScreen(self.training, event.row.id, unit=self.unit))
