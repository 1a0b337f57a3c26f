"""What a session changed, for the summary screen."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flux_tui.brain.models import Brain
from flux_tui.engine.debts import debts_at
from flux_tui.engine.state import State


@dataclass(frozen=True)
class ValueChange:
    """One value before and after a session."""

    key: str  # a pattern, a protocol or an exercise id
    before: float | None
    after: float | None


@dataclass(frozen=True)
class StateChange:
    """What a session changed, for the summary screen."""

    debts: tuple[ValueChange, ...]  # every pattern of the Brain, in the Brain's order
    conditioning: tuple[ValueChange, ...]  # only protocols whose level moved
    e1rm: tuple[ValueChange, ...]  # only exercises whose best e1RM rose
    performance_streak: tuple[int, int]

    def to_dict(self) -> dict[str, Any]:
        def rows(changes: tuple[ValueChange, ...]) -> dict[str, dict[str, float | None]]:
            return {c.key: {"before": c.before, "after": c.after} for c in changes}

        return {
            "debts": rows(self.debts),
            "conditioning": rows(self.conditioning),
            "e1rm": rows(self.e1rm),
            "performance_streak": {"before": self.performance_streak[0], "after": self.performance_streak[1]},
        }


def describe_change(brain: Brain, before: State, after: State) -> StateChange:
    """Differences between the state before and after a session.

    "Before" debts are projected to `after.as_of`, so the difference shows what
    the session paid, not the days of accrual in between.
    """
    debts_before = debts_at(brain, before, after.as_of) if after.as_of is not None else before.pattern_debts
    debts = tuple(
        ValueChange(p, debts_before.get(p), after.pattern_debts.get(p)) for p in brain.logic.patterns
    )
    levels = tuple(
        ValueChange(name, before.conditioning_levels.get(name), after.conditioning_levels.get(name))
        for name in brain.conditioning
        if before.conditioning_levels.get(name) != after.conditioning_levels.get(name)
    )
    e1rm = []
    for exercise_id, record in after.records.items():
        old = before.records.get(exercise_id)
        old_best = None if old is None else old.best_e1rm
        if record.best_e1rm is not None and (old_best is None or record.best_e1rm > old_best):
            e1rm.append(ValueChange(exercise_id, old_best, record.best_e1rm))
    return StateChange(debts, levels, tuple(e1rm), (before.performance_streak, after.performance_streak))
