"""The summary of a finished session: what was done, what the engine changed, what comes next."""

from __future__ import annotations

from typing import TYPE_CHECKING, Mapping, Sequence

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from flux_tui import units
from flux_tui.engine.bodyweight import Loads, working_totals
from flux_tui.ui import bindings, css
from flux_tui.ui.widgets.badge import SyncBadge
from flux_tui.ui.widgets.plan_view import plan_renderable

if TYPE_CHECKING:
    from flux_tui.engine.change import StateChange
    from flux_tui.training import FinishedSession

PR_NAMES = {"e1rm": "e1RM", "reps": "rep record"}


def pr_lines(prs: Sequence[tuple[str, list[str]]], change: StateChange, names: Mapping[str, str], unit: str,
             loads: Loads) -> list[str]:
    """PRs announced while logging, plus e1RM records the engine saw rise (not first marks). The state's
    e1RM of a bodyweight exercise is of the weight added (what its progression prescribes): its figures
    are left out where the bodyweight counts, so no screen shows two e1RMs for one set."""
    lines = []
    seen = set()
    for exercise_id, kinds in prs:
        for kind in kinds:
            if (exercise_id, kind) not in seen:
                seen.add((exercise_id, kind))
                lines.append(f"{names.get(exercise_id, exercise_id)}: {PR_NAMES.get(kind, kind)}")
    for c in change.e1rm:
        if c.before is not None and (c.key, "e1rm") not in seen and not loads.counts_bodyweight(c.key):
            lines.append(f"{names.get(c.key, c.key)}: e1RM {units.weight_text(c.before, unit)} → "
                         f"{units.weight_text(c.after, unit)}")
    return lines


def change_table(change: StateChange) -> Table:
    """Each pattern's debt before → after: every compound pattern, and the accessory ones the
    session paid (in bold, like every pattern it paid)."""
    from flux_tui.brain.models import COMPOUND_PATTERNS

    table = Table.grid(padding=(0, 1))
    table.add_column(no_wrap=True)
    table.add_column(justify="right", no_wrap=True)
    table.add_column(no_wrap=True)
    table.add_column(justify="right", no_wrap=True)
    for c in change.debts:
        before = 0.0 if c.before is None else c.before
        after = 0.0 if c.after is None else c.after
        moved = abs(after - before) >= 0.05
        if not moved and c.key not in COMPOUND_PATTERNS:
            continue
        style = "bold" if moved else "dim"
        table.add_row(Text(units.pattern_text(c.key), style=style), Text(f"{before:.1f}", style=style),
                      Text("→", style=style), Text(f"{after:.1f}", style=style))
    return table


class SummaryScreen(Screen):
    BINDINGS = bindings.SUMMARY
    CSS_PATH = css.SESSION

    def __init__(self, finished: FinishedSession, unit: str, loads: Loads, prs: Sequence[tuple[str, list[str]]] = (),
                 names: Mapping[str, str] | None = None) -> None:
        super().__init__()
        self.finished = finished
        self.unit = unit
        self.loads = loads
        self.prs = list(prs)
        self.names = dict(names or {})

    def compose(self) -> ComposeResult:
        finished = self.finished
        session = finished.session
        working, volume = working_totals(session.sets, self.loads)
        duration = (session.completed_at - session.started_at).total_seconds() if session.completed_at else 0
        prs = pr_lines(self.prs, finished.change, self.names, self.unit, self.loads)
        levels = [f"{units.pattern_text(c.key)}: level {c.before} → {c.after}" for c in finished.change.conditioning]

        with Horizontal(id="topbar"):
            yield Static("FLUX · Session complete", id="title")
            yield SyncBadge(id="badge")
        with VerticalScroll(id="summary-body"):
            yield Static(
                f"{session.archetype.title()} · {units.pattern_text(session.anchor_pattern)} · "
                f"{units.elapsed_text(duration)} · {units.plural(working, 'working set')} · volume {units.weight_text(volume, self.unit)}",
                id="summary-totals")
            yield Static("PRs: " + ("; ".join(prs) if prs else "none this time"), id="summary-prs")
            with Horizontal(id="summary-columns"):
                debts = Static(Group(change_table(finished.change), Text(""),
                                     Text("Conditioning: " + ("; ".join(levels) if levels else "no level change"))),
                               id="summary-change", classes="panel")
                debts.border_title = "Debts before → after"
                yield debts
                next_plan = finished.next_plan
                upcoming = Static(plan_renderable(next_plan, self.unit), id="summary-next", classes="panel")
                upcoming.border_title = (f"Next: {next_plan.archetype.title()} · "
                                         f"{units.pattern_text(next_plan.anchor_pattern)}")
                yield upcoming
        yield Footer()

    def action_done(self) -> None:
        self.app.back_to_today()
