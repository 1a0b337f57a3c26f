"""An archetype for a session that has none of its own (imported history), from its sets.

The rule is the Brain's, in `logic.archetype`: a working set with a load, of at
most `heavy_reps` reps, of one of `heavy_patterns` (default: the Performance
anchor patterns) is heavy. A session with at least `heavy_sets` heavy sets is
Performance, anchored on the anchor pattern with the most heavy sets; any other
is Recovery, anchored on the Recovery anchor pattern with the most working sets.
Ties go to the pattern listed first; no candidate gives no anchor.
"""

from __future__ import annotations

from typing import Iterable, NamedTuple

from flux_tui.brain.models import Brain, Catalog
from flux_tui.engine.history import LoggedSet


class Classified(NamedTuple):
    archetype: str  # "performance" | "recovery"
    anchor_pattern: str | None


def _most(counts: dict[str, int], patterns: tuple[str, ...]) -> str | None:
    best = None
    for pattern in patterns:
        if counts.get(pattern, 0) > (0 if best is None else counts[best]):
            best = pattern
    return best


def classify_session(brain: Brain, catalog: Catalog, sets: Iterable[LoggedSet]) -> Classified:
    rule = brain.logic.archetype
    heavy_patterns = rule.heavy_patterns if rule.heavy_patterns is not None else brain.sessions.performance.anchor_patterns
    heavy: dict[str, int] = {}
    working: dict[str, int] = {}
    for s in sets:
        exercise = catalog.get(s.exercise_id)
        if s.is_warmup or exercise is None:
            continue
        pattern = exercise.pattern
        working[pattern] = working.get(pattern, 0) + 1
        if (pattern in heavy_patterns and s.weight is not None and s.weight > 0
                and s.reps is not None and 1 <= s.reps <= rule.heavy_reps):
            heavy[pattern] = heavy.get(pattern, 0) + 1
    if sum(heavy.values()) >= rule.heavy_sets:
        return Classified("performance", _most(heavy, brain.sessions.performance.anchor_patterns))
    return Classified("recovery", _most(working, brain.sessions.recovery.anchor_patterns))
