"""Weekly volume: hard sets per pattern (or per muscle, `m`) in each of the last 12 weeks, as a
table (the newest weeks that fit the terminal), and a bar of the average of the full weeks (this
week is still going) against the Brain's weekly target.

Read in a worker: the window's sessions by their start index (store/stats.py), counted by
engine.stats.weekly_volume.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text
from textual import work
from textual.widgets import Static

from flux_tui.ui import bindings
from flux_tui.ui.screens.history_format import today_of
from flux_tui.ui.screens.base import RedrawsOnResize, TableView
from flux_tui.units import number, pattern_text

if TYPE_CHECKING:
    from flux_tui.engine.stats import WeeklyVolume

BAR = 10  # cells of the bar at the target
OVER = 3  # at most this many more cells for the volume over it


def bar(value: float, target: float | None, cells: int = BAR) -> Text:
    """The weekly average as a bar: full at the target, an over-target part in another colour."""
    if not target:
        return Text(number(value, 1), style="dim")
    filled = min(cells, round(cells * value / target))
    over = min(OVER, round(cells * max(0.0, value - target) / target))
    text = Text("█" * filled, style="green" if value >= target else "yellow")
    text.append("░" * (cells - filled), style="dim")
    text.append("+" * over, style="cyan")
    return text


class VolumeScreen(RedrawsOnResize, TableView):
    BINDINGS = bindings.VOLUME
    VIEW, HEADING = "volume", "Weekly volume"

    def __init__(self) -> None:
        super().__init__()
        self.volume: WeeklyVolume | None = None
        self.muscles = False

    def on_mount(self) -> None:
        self._load()

    @work(thread=True, exclusive=True, exit_on_error=False, name="Could not read the weekly volume")
    def _load(self) -> None:
        volume = self.training.weekly_volume(today_of(self.app))
        self.app.call_from_thread(self._show, volume)

    def _show(self, volume: WeeklyVolume) -> None:
        self.volume = volume
        self._draw_loaded()

    def _draw(self) -> None:
        volume = self.volume
        rows = volume.muscles if self.muscles else volume.patterns
        targets = volume.muscle_targets if self.muscles else volume.pattern_targets
        secondary = self.training.brain.logic.volume.secondary
        kind = f"muscle (secondary {number(secondary, 2)})" if self.muscles else "pattern"
        # As many weeks as fit, the newest kept. Columns with their padding: name 17, a week 7,
        # the average 6, the bar BAR + OVER + 2, the target 6 (and the scroll's 2).
        fit = max(2, (self.size.width - 2 - 17 - 6 - (BAR + OVER + 2) - 6) // 7)
        weeks = list(range(len(volume.weeks)))[-fit:]
        full = volume.weeks[:-1] or volume.weeks  # the last week is today's, still going
        self.query_one("#volume-title", Static).update(
            f"Weekly volume · hard sets per {kind} · avg of {len(full)} full weeks")
        table = Table(box=None, padding=(0, 1), pad_edge=False, show_edge=False, header_style="bold")
        table.add_column(self.muscles and "muscle" or "pattern", no_wrap=True, min_width=15)
        for i in weeks:
            table.add_column(volume.weeks[i].strftime("%m-%d"), justify="right", no_wrap=True)
        table.add_column("avg", justify="right", no_wrap=True)
        table.add_column("avg vs target", no_wrap=True, min_width=BAR + OVER)
        table.add_column("target", justify="right", no_wrap=True)
        for name, counts in rows.items():
            average = sum(counts[:len(full)]) / len(full)
            target = targets.get(name)
            label = name.replace("_", " ") if self.muscles else pattern_text(name)
            table.add_row(label[:16], *(number(counts[i], 1) if counts[i] else "·" for i in weeks),
                          number(average, 1), bar(average, target), number(target, 1) if target else "")
        self.query_one("#volume-table", Static).update(table)

    def action_toggle(self) -> None:
        self.muscles = not self.muscles
        if self.volume is not None:
            self._draw()
