"""Warm-up ramps: the sets before a loaded lift's first working set, from the Brain's steps.

Each step is a percentage of the working load and a rep count (0 % is the empty bar); a load
is rounded by the caller's rule (to plates for a barbell, to the exercise's increment otherwise).
Pure.
"""

from __future__ import annotations

from typing import Callable, Iterable

from flux_tui.engine.progression import Work


def warmup_sets(working: float, steps: Iterable[tuple[float, int]], round_load: Callable[[float], float],
                floor: float = 0.0) -> tuple[Work, ...]:
    """The warm-up sets for a first working set of `working` kg: one per step, its load
    `round_load(working × percent)` and at least `floor` (the empty bar). A step that would lift
    nothing, or not be lighter than the working load, or heavier than the step before it, is left out."""
    out: list[Work] = []
    for percent, reps in steps:
        load = max(floor, round_load(working * percent / 100))
        if load <= 0 or load >= working or (out and load <= out[-1].load):
            continue
        out.append(Work(load, reps))
    return tuple(out)


def round_to(step: float) -> Callable[[float], float]:
    """Rounding to the nearest multiple of `step` (nothing when `step` is 0)."""
    if step <= 0:
        return lambda load: load
    return lambda load: round(load / step) * step
