"""Compare: one exercise's sets in a session beside the previous time it was done, working sets
paired in order, with the totals and their change. left/right step to older and newer sessions.

Two walks of the exercise's sets index from its newest end (store/stats.py), in a worker.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text
from textual import work
from textual.widgets import Static

from flux_tui.ui import bindings
from flux_tui.ui.screens.history_format import amount_text, rpe_text
from flux_tui.ui.screens.base import TableView
from flux_tui.units import number, to_unit

if TYPE_CHECKING:
    from flux_tui.engine.stats import Comparison, SessionSide


def _change(now: float | None, before: float | None, unit: str | None) -> Text:
    if now is None or before is None:
        return Text("")
    delta = (to_unit(now, unit) - to_unit(before, unit)) if unit else now - before
    if abs(delta) < 0.05:
        return Text("=", style="dim")
    return Text(f"{'+' if delta > 0 else '−'}{number(abs(delta), 1)}", style="green" if delta > 0 else "yellow")


class CompareScreen(TableView):
    BINDINGS = bindings.COMPARE
    VIEW, HEADING = "compare", "Compare"

    def __init__(self, exercise_id: str, session_id: str | None = None, *, unit: str = "kg") -> None:
        super().__init__()
        self.exercise_id = exercise_id
        self.session_id = session_id  # None: the newest session holding the exercise
        self.unit = unit
        self.newer: list[str] = []  # the sessions stepped back from, newest last
        self.comparison: Comparison | None = None
        self.loaded = False

    def on_mount(self) -> None:
        self._load(self.session_id)

    @work(thread=True, exclusive=True, group="compare", exit_on_error=False, name="Could not compare the sessions")
    def _load(self, session_id: str | None) -> None:
        comparison = self.training.compare(self.exercise_id, session_id)
        self.app.call_from_thread(self._show, comparison)

    def _show(self, comparison: Comparison | None) -> None:
        self.comparison = comparison
        exercise = self.training.catalog.get(self.exercise_id)
        name = exercise.name if exercise else self.exercise_id
        out = self.query_one("#compare-table", Static)
        if comparison is None:
            self.query_one("#compare-title", Static).update(f"Compare · {name}")
            out.update("No completed session with this exercise yet.")
        else:
            self.session_id = comparison.this.session_id
            self.query_one("#compare-title", Static).update(f"Compare · {name} · this time and the time before")
            out.update(self._table(comparison))
        self.loaded = True

    def _side_head(self, side: SessionSide | None) -> str:
        return side.started_at.date().isoformat() if side else "no earlier session"

    def _table(self, c: Comparison) -> Table:
        unit = self.unit
        table = Table(box=None, padding=(0, 2), show_edge=False, header_style="bold")
        table.add_column("", no_wrap=True)
        table.add_column(self._side_head(c.this), no_wrap=True)
        table.add_column(self._side_head(c.previous), no_wrap=True)
        table.add_column("change", justify="right", no_wrap=True)
        working = 0
        for this, before in c.rows:
            warmup = (this or before).is_warmup
            working += 0 if warmup else 1
            label = "warm-up" if warmup else f"set {working}"
            cells = [f"{amount_text(s, unit)} {rpe_text(s.rpe)}".strip() if s else "—" for s in (this, before)]
            change = _change(this.weight, before.weight, unit) if this and before and this.weight and before.weight else Text("")
            table.add_row(Text(label, style="dim" if warmup else ""), *cells, change)
        prev = c.previous
        table.add_row("", "", "", "")
        table.add_row("working sets", str(c.this.working_sets), str(prev.working_sets) if prev else "—",
                      _change(c.this.working_sets, prev.working_sets if prev else None, None))
        for label, attr in (("volume", "volume_kg"), ("best e1RM", "best_e1rm"), ("top load", "top_weight")):
            now, before = getattr(c.this, attr), getattr(prev, attr) if prev else None
            text = lambda v: "—" if v is None else f"{number(to_unit(v, unit), 1)} {unit}"  # noqa: E731
            table.add_row(label, text(now), text(before) if prev else "—", _change(now, before, unit))
        return table

    def action_older(self) -> None:
        if self.comparison is not None and self.comparison.previous is not None:
            self.newer.append(self.comparison.this.session_id)
            self.loaded = False
            self._load(self.comparison.previous.session_id)

    def action_newer(self) -> None:
        if self.newer:
            self.loaded = False
            self._load(self.newer.pop())
