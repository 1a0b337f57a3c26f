"""Pattern debts: hard sets owed, accruing continuously and capped.

One formula (`accrue`) serves the fold and the projection to "now", so a debt
shown on screen and a debt stored after the next session always agree.
"""

from __future__ import annotations

from datetime import datetime

from flux_tui.brain.models import Brain
from flux_tui.engine.state import State

SECONDS_PER_WEEK = 7 * 24 * 3600.0


def accrue(debt: float, weekly_sets: float, cap: float, elapsed_seconds: float) -> float:
    """Debt after `elapsed_seconds` at weekly_sets / 7 per day, clamped to [0, cap]."""
    if elapsed_seconds > 0:
        debt += weekly_sets * elapsed_seconds / SECONDS_PER_WEEK
    return 0.0 if debt < 0.0 else (cap if debt > cap else debt)


def debts_at(brain: Brain, state: State, now: datetime) -> dict[str, float]:
    """Every pattern's debt projected to `now` (no accrual before the first session)."""
    elapsed = 0.0 if state.as_of is None else (now - state.as_of).total_seconds()
    return {
        pattern: accrue(state.pattern_debts.get(pattern, target.initial), target.weekly_sets, target.cap, elapsed)
        for pattern, target in brain.logic.patterns.items()
    }
