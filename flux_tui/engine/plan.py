"""The recommendation: which archetype, which anchor, and the session's prescription.

The plan's records are NamedTuples (immutable, compared field by field), as the
state's are (see state.py): `flux-tui plan` creates these classes on every run.
"""

# No `from __future__ import annotations` here: the records below are NamedTuples, and typing.NamedTuple
# compiles every string annotation (ForwardRef). Evaluated annotations cost nothing to check.

from datetime import datetime
from typing import Any, NamedTuple

from flux_tui.brain.models import Brain, Catalog
from flux_tui.engine.conditioning import clamp_level
from flux_tui.engine.debts import debts_at
from flux_tui.engine.state import Prescription, State


class PlannedSlot(NamedTuple):
    """One exercise of the recommended session, with its prescription."""

    pattern: str
    exercise: str  # catalog id
    exercise_name: str
    sets: int
    reps: tuple[int, int] | None
    seconds: int | None
    distance: float | None  # metres
    load: float | None  # kg; None for bodyweight movements or before the first session of it
    target_reps: int | None  # from double progression; None until known
    rpe: float
    rest_seconds: int
    is_anchor: bool

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "pattern": self.pattern,
            "exercise": self.exercise,
            "exercise_name": self.exercise_name,
            "sets": self.sets,
            "load": self.load,
            "rpe": self.rpe,
            "rest_seconds": self.rest_seconds,
            "anchor": self.is_anchor,
        }
        if self.reps is not None:
            out["reps"] = list(self.reps)
            out["target_reps"] = self.target_reps
        if self.seconds is not None:
            out["seconds"] = self.seconds
        if self.distance is not None:
            out["distance"] = self.distance
        return out


class PlannedConditioning(NamedTuple):
    """The conditioning block of the recommended session: a protocol at a level."""

    protocol: str
    level: int  # from 1
    levels: int  # how many there are
    exercise: str
    exercise_name: str
    work_seconds: int
    rest_seconds: int
    rounds: int
    target: dict[str, float]

    def to_dict(self) -> dict[str, Any]:
        return {
            "protocol": self.protocol,
            "level": self.level,
            "levels": self.levels,
            "exercise": self.exercise,
            "exercise_name": self.exercise_name,
            "prescription": {
                "work_seconds": self.work_seconds,
                "rest_seconds": self.rest_seconds,
                "rounds": self.rounds,
                "target": dict(self.target),
            },
        }


class Plan(NamedTuple):
    """The recommended session: archetype, anchor, why, the debts it was chosen from, its slots."""

    archetype: str  # "performance" | "recovery"
    anchor_pattern: str
    reason: str  # one line, for people
    debts: dict[str, float]  # projected to the time of the recommendation
    slots: tuple[PlannedSlot, ...]
    conditioning: PlannedConditioning | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "archetype": self.archetype,
            "anchor_pattern": self.anchor_pattern,
            "reason": self.reason,
            "debts": dict(self.debts),
            "slots": [s.to_dict() for s in self.slots],
            "conditioning": None if self.conditioning is None else self.conditioning.to_dict(),
        }


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def choose_archetype(brain: Brain, state: State, now: datetime, readiness: int | None = None) -> tuple[str, str | None]:
    """('recovery', why) when a Recovery rule fires, else ('performance', None).

    Rules are checked in this order and the first that fires gives the reason:
    readiness check-in, Performance streak, hours since the last session.
    """
    rules = brain.logic.archetype
    if readiness is not None and readiness < rules.readiness_threshold:
        return "recovery", f"Recovery: readiness {readiness} is below {rules.readiness_threshold}"
    if state.performance_streak >= rules.performance_streak_limit:
        streak = _plural(state.performance_streak, "Performance session")
        return "recovery", f"Recovery: {streak} in a row"
    if state.last_session_at is not None:
        hours = (now - state.last_session_at).total_seconds() / 3600
        if hours < rules.min_hours_between:
            return "recovery", (
                f"Recovery: only {max(hours, 0.0):.0f} h since the last session"
                f" (Performance needs {rules.min_hours_between:g} h)"
            )
    return "performance", None


def choose_anchor(patterns: tuple[str, ...], debts: dict[str, float]) -> str:
    """The pattern owing the most; a tie goes to the one listed first in `patterns`."""
    best = patterns[0]
    for pattern in patterns[1:]:
        if debts.get(pattern, 0.0) > debts.get(best, 0.0):
            best = pattern
    return best


def _target_reps(prescription: Prescription | None, reps: tuple[int, int] | None) -> int | None:
    # The prescription may come from another slot's range (done on a Recovery day): clamp it.
    if prescription is None or prescription.reps is None or reps is None:
        return None
    return max(reps[0], min(reps[1], prescription.reps))


def recommend(
    brain: Brain, catalog: Catalog, state: State, now: datetime, readiness: int | None = None
) -> Plan:
    """The next session, as of `now`. `readiness` is the optional 1-5 check-in."""
    if readiness is not None and not 1 <= readiness <= 5:
        raise ValueError(f"readiness must be 1-5, not {readiness}")
    debts = debts_at(brain, state, now)
    archetype, reason = choose_archetype(brain, state, now, readiness)
    template = brain.template(archetype)
    anchor = choose_anchor(template.anchor_patterns, debts)
    if reason is None:
        reason = f"Performance: {anchor} owes the most ({debts.get(anchor, 0.0):.1f} hard sets)"

    default_rest = getattr(brain.logic.rest_seconds, archetype)
    target_rpe = brain.logic.progression.target_rpe
    seen: dict[str, int] = {}  # a pattern planned twice takes the next selection the second time
    slots = []
    for slot in template.slots:
        pattern = anchor if slot.pattern == "anchor" else slot.pattern
        selection = brain.selections[pattern]
        occurrence = seen.get(pattern, 0)
        seen[pattern] = occurrence + 1
        exercise_id = selection[(state.rotation.get(pattern, 0) + occurrence) % len(selection)]
        exercise = catalog[exercise_id]
        prescription = state.prescriptions.get(exercise_id)
        weighted = exercise.tracking.startswith("weight_")
        slots.append(
            PlannedSlot(
                pattern=pattern,
                exercise=exercise_id,
                exercise_name=exercise.name,
                sets=slot.sets,
                reps=slot.reps,
                seconds=slot.seconds,
                distance=slot.distance,
                load=prescription.load if (prescription is not None and weighted) else None,
                target_reps=_target_reps(prescription, slot.reps),
                rpe=target_rpe if slot.rpe is None else slot.rpe,
                rest_seconds=default_rest if slot.rest_seconds is None else slot.rest_seconds,
                is_anchor=slot.pattern == "anchor",
            )
        )

    conditioning = None
    if template.conditioning:
        names = template.conditioning
        name = names[state.conditioning_rotation.get(archetype, 0) % len(names)]
        protocol = brain.conditioning[name]
        level = clamp_level(protocol, state.conditioning_levels.get(name, protocol.start_level))
        spec = protocol.levels[level - 1]
        conditioning = PlannedConditioning(
            protocol=name,
            level=level,
            levels=len(protocol.levels),
            exercise=protocol.exercise,
            exercise_name=catalog[protocol.exercise].name,
            work_seconds=spec.work_seconds,
            rest_seconds=spec.rest_seconds,
            rounds=spec.rounds,
            target=dict(spec.target),
        )
    return Plan(archetype, anchor, reason, debts, tuple(slots), conditioning)
