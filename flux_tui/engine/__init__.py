"""The engine: a pure fold over the training history, and the plan it recommends.

Only stdlib-backed modules are imported here (no pydantic, no I/O). The names
below are resolved on first use, so a caller that needs one piece (`flux-tui
plan` needs the plan and the state, not the fold, the records or the change
summary) does not pay for the others: each module defines frozen dataclasses,
and on Python 3.11 every one costs about half a millisecond to create.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flux_tui.engine.change import StateChange, ValueChange, describe_change
    from flux_tui.engine.classify import Classified, classify_session
    from flux_tui.engine.debts import debts_at
    from flux_tui.engine.fold import apply_session, rebuild_state
    from flux_tui.engine.simulation import ForecastDay, as_prescribed, daily, forecast
    from flux_tui.engine.history import LoggedSet, SessionRecord
    from flux_tui.engine.plan import (
        Plan,
        PlannedConditioning,
        PlannedSlot,
        choose_anchor,
        choose_archetype,
        recommend,
    )
    from flux_tui.engine.progression import Work
    from flux_tui.engine.records import detect_prs, e1rm
    from flux_tui.engine.state import (
        STATE_VERSION,
        ExerciseRecord,
        Lift,
        Prescription,
        State,
        StateOutdated,
        initial_state,
        state_from_dict,
        state_to_dict,
    )

# name -> the submodule that defines it
_WHERE = {
    "StateChange": "change",
    "ValueChange": "change",
    "describe_change": "change",
    "Classified": "classify",
    "classify_session": "classify",
    "debts_at": "debts",
    "apply_session": "fold",
    "rebuild_state": "fold",
    "ForecastDay": "simulation",
    "as_prescribed": "simulation",
    "daily": "simulation",
    "forecast": "simulation",
    "LoggedSet": "history",
    "SessionRecord": "history",
    "Plan": "plan",
    "PlannedConditioning": "plan",
    "PlannedSlot": "plan",
    "choose_anchor": "plan",
    "choose_archetype": "plan",
    "recommend": "plan",
    "Work": "progression",
    "detect_prs": "records",
    "e1rm": "records",
    "STATE_VERSION": "state",
    "ExerciseRecord": "state",
    "Lift": "state",
    "Prescription": "state",
    "State": "state",
    "StateOutdated": "state",
    "initial_state": "state",
    "state_from_dict": "state",
    "state_to_dict": "state",
}

__all__ = sorted(_WHERE)


def __getattr__(name: str):
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'flux_tui.engine' has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f"flux_tui.engine.{module}"), name)
    globals()[name] = value  # resolved once
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
