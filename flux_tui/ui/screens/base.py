"""What every screen that reads or writes data shares: the app's `Training`, and the one
handler for failed workers; and what the History's views share."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from flux_tui.engine.bodyweight import PLAIN
from flux_tui.engine.history import LoggedSet
from flux_tui.ui import css
from flux_tui.ui.screens.history_format import amount_text, rpe_text
from flux_tui.ui.workers import ReportsFailedWorkers

if TYPE_CHECKING:
    from rich.style import Style

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


class SetsView(HistoryView):
    """A view listing logged sets (one session's, one exercise's): in the user's unit unless told
    one, each set's load counting the bodyweight as the engine does; both read on mount."""

    def __init__(self, *, unit: str | None = None) -> None:
        super().__init__()
        self.unit = unit
        self.loads = PLAIN

    def read_unit_and_loads(self) -> None:
        if self.unit is None:
            self.unit = self.training.unit()
        self.loads = self.training.loads()

    def set_cells(self, logged: LoggedSet, muted: Style, amount_width: int, gap: str) -> list[Any]:
        """The warm-up mark, what was done and the RPE, for a Text.assemble row."""
        amount = amount_text(logged, self.unit)[:amount_width]
        return [("W " if logged.is_warmup else "  ", muted),
                (f"{amount:<{amount_width}}", muted if logged.is_warmup else ""), gap,
                f"{rpe_text(logged.rpe):<7}", gap]


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
