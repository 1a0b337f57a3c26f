"""Double progression: repeat a load until every working set hits the top, then add load."""

from __future__ import annotations

from typing import NamedTuple, Sequence

from flux_tui.brain.models import Brain
from flux_tui.engine.history import LoggedSet


class Goal(NamedTuple):
    kind: str  # "reps" | "seconds" | "distance": which LoggedSet field is compared
    low: float  # bottom of the rep range (the target itself for seconds/distance)
    top: float  # what every working set must reach to progress
    rpe: float  # ...at or under this RPE (a set without RPE counts as under)


def slot_goal(brain: Brain, archetype: str, anchor_pattern: str | None, pattern: str) -> Goal | None:
    """The goal for an exercise of `pattern` in a session of `archetype`.

    Which slot it was done in: the anchor slot when `pattern` was the session's
    anchor; else the first slot of that pattern; else the anchor slot when the
    pattern could have been an anchor (history imported without an anchor).
    None when the session template has no place for the pattern.
    """
    template = brain.template(archetype)
    anchor_slot = next((s for s in template.slots if s.pattern == "anchor"), None)
    slot = anchor_slot if pattern == anchor_pattern else None
    if slot is None:
        slot = next((s for s in template.slots if s.pattern == pattern), None)
    if slot is None and pattern in template.anchor_patterns:
        slot = anchor_slot
    if slot is None:
        return None
    rpe = brain.logic.progression.target_rpe if slot.rpe is None else slot.rpe
    if slot.reps is not None:
        return Goal("reps", slot.reps[0], slot.reps[1], rpe)
    if slot.seconds is not None:
        return Goal("seconds", slot.seconds, slot.seconds, rpe)
    return Goal("distance", slot.distance, slot.distance, rpe)


def next_prescription(
    sets: Sequence[LoggedSet], goal: Goal | None, increment: float
) -> tuple[float | None, int | None]:
    """(load, reps) for next time from this session's working sets of one exercise.

    The load is the heaviest working set. Progress when every set reached
    `goal.top` at or under `goal.rpe`: add `increment` and go back to the bottom
    of the rep range. Otherwise repeat the load and aim one rep above the
    weakest set (within the range).
    """
    load = max((float(s.weight) for s in sets if s.weight is not None), default=None)
    if goal is None:
        return load, None
    kind, low, top, rpe = goal
    done = [getattr(s, kind) for s in sets]
    reached = all(
        v is not None and v >= top and (s.rpe is None or s.rpe <= rpe) for s, v in zip(sets, done)
    )
    if kind != "reps":
        return (load + increment if reached and load is not None else load), None
    if reached:
        # Without a load there is nothing to add: hold the top of the range.
        return (None, int(top)) if load is None else (load + increment, int(low))
    weakest = min((v for v in done if v is not None), default=int(low) - 1)
    return load, max(int(low), min(int(top), weakest + 1))
