"""A plan as Rich text: its reason, a line per slot with the prescription, the conditioning block.

Today shows the recommended plan with it, the summary the next one, the forecast every day's.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderResult
from rich.measure import Measurement
from rich.text import Text

from flux_tui import units
from flux_tui.engine.plan import Plan


def plan_title(plan: Plan) -> str:
    return f"{plan.archetype.title()} · anchor {units.pattern_text(plan.anchor_pattern)}"


@dataclass
class SlotLines:
    """One line per slot, the exercise on the left (cut short with an ellipsis when the line is
    too narrow) and the prescriptions right-aligned in one column. Laid out by hand: a Rich Table
    doing the same was measured and drawn twice a frame (docs/performance.md, "Start-up to 1.3× again")."""

    rows: list[tuple[Text, str]]

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        prescribed = max((cell_len(p) for _, p in self.rows), default=0)
        name_width = max(width - prescribed - 1, 1)
        for name, prescription in self.rows:
            name = name.copy()
            name.truncate(name_width, overflow="ellipsis", pad=True)
            padding = " " * (prescribed - cell_len(prescription) + 1)
            yield Text.assemble(name, padding, prescription, no_wrap=True, end="\n")

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(1, options.max_width)


def plan_renderable(plan: Plan, unit: str) -> Group:
    slots = SlotLines([(Text(slot.exercise_name, style="bold" if slot.is_anchor else ""),
                        units.prescription_text(slot.to_dict(), unit)) for slot in plan.slots])
    parts = [Text(plan.reason, style="italic"), Text(""), slots]
    conditioning = plan.conditioning
    if conditioning is not None:
        parts += [Text(""), Text.assemble(("Conditioning ", "bold"), conditioning.exercise_name),
                  Text(units.conditioning_text(conditioning.to_dict()), style="dim")]
    return Group(*parts)
