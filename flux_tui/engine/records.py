"""Personal records: estimated one-rep max (Epley) and most reps at a weight."""

from __future__ import annotations

from flux_tui.brain.models import Catalog
from flux_tui.engine.history import LoggedSet
from flux_tui.engine.state import State


def e1rm(weight: float, reps: int) -> float:
    """Epley: w * (1 + r / 30); a single is the weight itself."""
    return float(weight) if reps == 1 else weight * (1 + reps / 30)


def detect_prs(state: State, catalog: Catalog, logged_set: LoggedSet) -> list[str]:
    """Which records `logged_set` beats: any of 'e1rm', 'reps'.

    A record must exist to be beaten: the first set of an exercise (or the first
    at a new weight, for 'reps') sets the mark without being a PR. Warm-ups and
    conditioning never PR.
    """
    reps = logged_set.reps
    exercise = catalog.get(logged_set.exercise_id)
    if logged_set.is_warmup or reps is None or reps < 1 or exercise is None or exercise.pattern == "conditioning":
        return []
    record = state.records.get(logged_set.exercise_id)
    if record is None:
        return []
    weight = float(logged_set.weight or 0.0)
    prs = []
    if weight > 0 and record.best_e1rm is not None and e1rm(weight, reps) > record.best_e1rm:
        prs.append("e1rm")
    best = record.best_reps.get(weight)
    if best is not None and reps > best:
        prs.append("reps")
    return prs
