"""What every screen that reads or writes data shares: the app's `Training`, and the one
handler for failed workers; and what the History's views share."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from flux_tui.ui import css
from flux_tui.ui.workers import ReportsFailedWorkers

if TYPE_CHECKING:
    from flux_tui.training import Training


class TrainingScreen(ReportsFailedWorkers, Screen):
    @property
    def training(self) -> Training:
        return self.app.training  # type: ignore[attr-defined]


class HistoryView(TrainingScreen):
    """A view the History opens over itself: escape goes back to it."""

    CSS_PATH = css.HISTORY

    def action_back(self) -> None:
        self.dismiss()


class TableView(HistoryView):
    """A History view that is a title over one scrolled table: ids #<VIEW>-title, #<VIEW>-scroll and
    #<VIEW>-table (styles/history.tcss). The view's own on_mount reads it (Textual calls both)."""

    VIEW: ClassVar[str]
    HEADING: ClassVar[str]  # the title until the view is read

    def compose(self) -> ComposeResult:
        yield Static(self.HEADING, id=f"{self.VIEW}-title", classes="history-title")
        with VerticalScroll(id=f"{self.VIEW}-scroll"):
            yield Static("", id=f"{self.VIEW}-table")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).focus()


class RedrawsOnResize:
    """Mixed into a view drawn to the terminal's size (by its `_draw`) from data read in a worker:
    `_draw_loaded` draws the data just read and sets `loaded` (tests and benchmarks wait for it);
    from then on every resize draws it again."""

    def __init__(self) -> None:
        super().__init__()
        self.loaded = False

    def _draw_loaded(self) -> None:
        self._draw()
        self.loaded = True

    def on_resize(self) -> None:
        if self.loaded:
            self._draw()
