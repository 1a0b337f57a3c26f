"""The forecast from Today: the next sessions if each is done as prescribed (nothing is stored).

The same engine forecast as `flux-tui plan --days N`, read through Training on a worker.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Sequence

from rich.console import Group, RenderableType
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Static

from flux_tui.ui import bindings, css
from flux_tui.ui.widgets.plan_view import plan_renderable, plan_title
from flux_tui.ui.workers import ReportsFailedWorkers

if TYPE_CHECKING:
    from flux_tui.engine.simulation import ForecastDay

DAYS = 14  # two weeks: a block of each main lift and a turn of every anchor


def forecast_renderable(days: Sequence[ForecastDay], unit: str) -> Group:
    """Each day: its local date and plan title, then the plan as Today shows it."""
    parts: list[RenderableType] = []
    for day in days:
        if parts:
            parts.append(Text(""))
        parts.append(Text.assemble((day.at.strftime("%a %d %b"), "bold"), "  ", plan_title(day.plan)))
        parts.append(plan_renderable(day.plan, unit))
    return Group(*parts)


class ForecastScreen(ReportsFailedWorkers, Screen):
    BINDINGS = bindings.FORECAST
    CSS_PATH = css.HISTORY

    @dataclass
    class Loaded(Message):
        days: tuple[ForecastDay, ...]
        unit: str

    def compose(self) -> ComposeResult:
        yield Static(f"FLUX · Forecast · the next {DAYS} days, each session done as prescribed", id="forecast-title")
        with VerticalScroll(id="forecast-body"):
            yield Static("Working out the next sessions…", id="forecast")
        yield Footer()

    def on_mount(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False, group="forecast", name="Could not work out the forecast")
    def load(self) -> None:
        training = self.app.training
        self.post_message(self.Loaded(training.forecast(DAYS, self.app.clock.now()), training.unit()))

    def on_forecast_screen_loaded(self, message: Loaded) -> None:
        self.query_one("#forecast", Static).update(forecast_renderable(message.days, message.unit))
        self.query_one("#forecast-body").focus()

    def action_back(self) -> None:
        self.app.pop_screen()
