"""The forecast: the plans of the next sessions, if each is done exactly as prescribed.

It is the engine run forward, not a copy of it: each day's plan comes from
`recommend`, the session it prescribes is built (`as_prescribed`) and folded
as `apply_session` folds it, and the next day is planned from that state.
Nothing is written anywhere.
"""

# No `from __future__ import annotations`: ForecastDay is a NamedTuple (see state.py).

from datetime import datetime, timedelta
from typing import Iterable, NamedTuple

from flux_tui.brain.models import Brain, Catalog
from flux_tui.engine.fold import Folder
from flux_tui.engine.history import LoggedSet, SessionRecord
from flux_tui.engine.plan import Plan, recommend
from flux_tui.engine.state import State

SESSION_LENGTH = timedelta(hours=1)  # a simulated session ends this long after it starts


class ForecastDay(NamedTuple):
    """One simulated session: when, what was planned, and the session that was "done"."""

    at: datetime  # when the session starts (the time the plan is made for)
    plan: Plan
    session: SessionRecord  # the plan done as prescribed; `completed_at` = `at` + SESSION_LENGTH

    def to_dict(self) -> dict:
        return {"date": self.at.date().isoformat(), "at": self.at.isoformat(), **self.plan.to_dict()}


def as_prescribed(plan: Plan, started_at: datetime, session_id: str) -> SessionRecord:
    """The session `plan` prescribes, done exactly so: every working set at its load for its reps
    (an AMRAP set for its minimum) at the slot's RPE, holds and carries to their target, the
    conditioning block at its level's target over every round. No warm-ups."""
    sets: list[LoggedSet] = []

    def add(exercise: str, **values) -> None:
        sets.append(LoggedSet(f"{session_id}-{len(sets)}", exercise, len(sets), **values))

    for slot in plan.slots:
        for work in slot.work:
            reps = work.reps
            if slot.reps is not None and reps is None:
                reps = slot.reps[0]
            add(slot.exercise, weight=work.load, reps=reps, seconds=None if slot.seconds is None else float(slot.seconds),
                distance=slot.distance, rpe=slot.rpe)
    block = plan.conditioning
    if block is not None:
        add(block.exercise, metadata={"rounds_completed": block.rounds, **block.target})
    return SessionRecord(session_id, started_at, started_at + SESSION_LENGTH, plan.archetype, plan.anchor_pattern,
                         "completed", "", tuple(sets))


def forecast(brain: Brain, catalog: Catalog, state: State, times: Iterable[datetime],
             readiness: int | None = None) -> tuple[ForecastDay, ...]:
    """One simulated session starting at each of `times` (in order), each done as prescribed.
    `readiness`, the check-in, applies to the first session only."""
    days = []
    folder = Folder(brain, catalog)  # the same fold as apply_session, its rules looked up once
    for n, at in enumerate(times):
        plan = recommend(brain, catalog, state, at, readiness if n == 0 else None)
        session = as_prescribed(plan, at, f"forecast-{n}")
        days.append(ForecastDay(at, plan, session))
        state = folder.apply(state, session)
    return tuple(days)


def daily(start: datetime, days: int) -> list[datetime]:
    """A session every day at the time of day of `start`, from `start` on."""
    return [start + timedelta(days=n) for n in range(days)]
