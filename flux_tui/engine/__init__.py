"""The engine: a pure fold over the training history, and the plan it recommends.

Only stdlib-backed modules are imported here (no pydantic, no I/O), so this
sits on the start-up path cheaply.
"""

from flux_tui.engine.change import StateChange, ValueChange, describe_change
from flux_tui.engine.debts import debts_at
from flux_tui.engine.fold import apply_session, rebuild_state
from flux_tui.engine.history import LoggedSet, SessionRecord
from flux_tui.engine.plan import Plan, PlannedConditioning, PlannedSlot, choose_anchor, choose_archetype, recommend
from flux_tui.engine.records import detect_prs, e1rm
from flux_tui.engine.state import (
    ExerciseRecord,
    Prescription,
    State,
    initial_state,
    state_from_dict,
    state_to_dict,
)

__all__ = [
    "ExerciseRecord",
    "LoggedSet",
    "Plan",
    "PlannedConditioning",
    "PlannedSlot",
    "Prescription",
    "SessionRecord",
    "State",
    "StateChange",
    "ValueChange",
    "apply_session",
    "choose_anchor",
    "choose_archetype",
    "debts_at",
    "describe_change",
    "detect_prs",
    "e1rm",
    "initial_state",
    "rebuild_state",
    "recommend",
    "state_from_dict",
    "state_to_dict",
]
