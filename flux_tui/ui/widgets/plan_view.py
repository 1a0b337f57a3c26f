"""A plan as Rich text: its reason, a line per slot with the prescription, the conditioning block.

Today shows the recommended plan with it, the summary the next one.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from flux_tui import units
from flux_tui.engine.plan import Plan


def plan_title(plan: Plan) -> str:
    return f"{plan.archetype.title()} · anchor {units.pattern_text(plan.anchor_pattern)}"


def plan_renderable(plan: Plan, unit: str) -> Group:
    slots = Table.grid(padding=(0, 1), expand=True)
    slots.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
    slots.add_column(no_wrap=True, justify="right")
    for slot in plan.slots:
        name = Text(slot.exercise_name, style="bold" if slot.is_anchor else "")
        slots.add_row(name, units.prescription_text(slot.to_dict(), unit))
    parts: list[RenderableType] = [Text(plan.reason, style="italic"), Text(""), slots]
    conditioning = plan.conditioning
    if conditioning is not None:
        parts += [Text(""), Text.assemble(("Conditioning ", "bold"), conditioning.exercise_name),
                  Text(units.conditioning_text(conditioning.to_dict()), style="dim")]
    return Group(*parts)
